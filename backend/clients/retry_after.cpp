#include "clients/retry_after.h"

#include <QLocale>
#include <QString>

#include <algorithm>

namespace eos {

qint64 RetryAfter::ms(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty()) return -1;
    bool ok = false;
    const qlonglong seconds = v.toLongLong(&ok);
    if (ok) return seconds < 0 ? -1 : seconds * 1000;
    // HTTP date: IMF-fixdate, RFC 850 or asctime (RFC 9110 §5.6.7), always GMT. The weekday is dropped
    // (redundant, and Qt rejects one that does not fit RFC 850's two-digit year read as 19yy).
    QString text = QString::fromLatin1(v).simplified();
    const auto comma = text.indexOf(QLatin1Char(','));
    text = comma >= 0 ? text.mid(comma + 1).trimmed() : text.section(QLatin1Char(' '), 1);
    const QLocale c = QLocale::c();
    QDateTime when;
    for (const char *format : {"dd MMM yyyy HH:mm:ss 'GMT'", "dd-MMM-yy HH:mm:ss 'GMT'", "MMM d HH:mm:ss yyyy"}) {
        when = c.toDateTime(text, QString::fromLatin1(format));
        if (when.isValid()) break;
    }
    if (!when.isValid()) return -1;
    if (when.date().year() < 1970) when = when.addYears(100);  // two-digit years of RFC 850
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

}  // namespace eos
