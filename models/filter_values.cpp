#include "filter_values.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

#include <algorithm>

namespace eos {

std::optional<QDateTime> FilterValues::parseTime(const QString &v)
{
    QDateTime dt = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (!dt.isValid()) dt = QDateTime::fromString(v, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(v, Qt::ISODate);
        if (d.isValid()) dt = d.startOfDay();
    }
    if (!dt.isValid()) {
        dt = QDateTime::fromString(v, QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    if (!dt.isValid()) return std::nullopt;
    return dt;
}

QString FilterValues::formatTime(const QDateTime &dt)
{
    if (dt.timeSpec() == Qt::LocalTime && dt.time() == QTime(0, 0)) return dt.date().toString(Qt::ISODate);
    if (dt.timeSpec() == Qt::LocalTime)
        return dt.toString(dt.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
    return dt.toString(dt.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
}

qint64 FilterValues::parseDuration(const QString &v)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,9})([smhdw])$"));
    const auto m = re.match(v.toLower());
    if (!m.hasMatch()) return 0;
    const qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2).at(0).unicode()) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    case 'd': return n * 86400;
    default: return n * 7 * 86400;
    }
}

QString FilterValues::formatDuration(qint64 s)
{
    if (s % (7 * 86400) == 0) return QString::number(s / (7 * 86400)) + u'w';
    if (s % 86400 == 0) return QString::number(s / 86400) + u'd';
    if (s % 3600 == 0) return QString::number(s / 3600) + u'h';
    if (s % 60 == 0) return QString::number(s / 60) + u'm';
    return QString::number(s) + u's';
}

std::optional<QJsonValue> FilterValues::containment(const QString &path, const QJsonValue &leaf)
{
    static const QRegularExpression seg(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    struct Part { QString key; bool index; };
    QList<Part> parts;
    auto it = seg.globalMatch(path);
    qsizetype covered = 0;
    while (it.hasNext()) {
        const auto m = it.next();
        covered += m.capturedLength(0);
        if (m.capturedLength(2) > 0) parts << Part{QString(), true};
        else parts << Part{m.captured(1), false};
    }
    // every character covered, and a named segment between every two dots (data..x, data. are not paths)
    const qsizetype dots = path.count(u'.');
    const qsizetype named = std::count_if(parts.cbegin(), parts.cend(), [](const Part &p) { return !p.index; });
    if (parts.isEmpty() || parts.first().index || covered + dots != path.size() || named != dots + 1) return std::nullopt;
    QJsonValue v = leaf;
    for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
        if (p->index) v = QJsonArray{v};
        else v = QJsonObject{{p->key, v}};
    }
    return v;
}

bool FilterValues::isInt(const QString &v) { bool ok = false; v.toLongLong(&ok); return ok; }

QString FilterValues::jsonPath(const QString &path)
{
    static const QRegularExpression seg(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    QString out = QStringLiteral("$");
    auto it = seg.globalMatch(path);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength(2) > 0) {
            out += u'[' + m.captured(2) + u']';
        } else {
            QString k = m.captured(1);
            k.replace(u'\\', QStringLiteral("\\\\"));
            k.replace(u'"', QStringLiteral("\\\""));
            out += QStringLiteral(".\"") + k + u'"';
        }
    }
    return out;
}

QString FilterValues::formatNumber(double v) { return QString::number(v, 'g', 15); }

// "7..10" (or "7-10" for levels, the older spelling)
std::optional<QPair<double, double>> FilterValues::parseRange(const QString &v, bool allowDash)
{
    static const QRegularExpression dots(QStringLiteral("^(-?\\d+(?:\\.\\d+)?)\\.\\.(-?\\d+(?:\\.\\d+)?)$"));
    static const QRegularExpression dash(QStringLiteral("^(\\d{1,9})-(\\d{1,9})$"));
    auto m = dots.match(v);
    if (!m.hasMatch() && allowDash) m = dash.match(v);
    if (!m.hasMatch()) return std::nullopt;
    return QPair<double, double>{m.captured(1).toDouble(), m.captured(2).toDouble()};
}

}  // namespace eos
