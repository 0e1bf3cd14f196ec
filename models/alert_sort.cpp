#include "alert_sort.h"

#include <QStringList>

namespace eos {

QString AlertSort::keyName(Key key)
{
    switch (key) {
    case Key::Time: return QStringLiteral("time");
    case Key::Level: return QStringLiteral("level");
    case Key::Rule: return QStringLiteral("rule");
    case Key::Agent: return QStringLiteral("agent");
    case Key::SourceIp: return QStringLiteral("srcip");
    case Key::State: return QStringLiteral("state");
    case Key::Risk: return QStringLiteral("risk");
    }
    return {};
}

std::optional<AlertSort::Key> AlertSort::keyFromName(const QString &name)
{
    for (Key k : {Key::Time, Key::Level, Key::Rule, Key::Agent, Key::SourceIp, Key::State, Key::Risk})
        if (keyName(k) == name.trimmed().toLower()) return k;
    return std::nullopt;
}

QString AlertSort::toString() const
{
    return keyName(key) + (descending ? QStringLiteral(":desc") : QStringLiteral(":asc"));
}

std::optional<AlertSort> AlertSort::fromString(const QString &text)
{
    const QStringList parts = text.trimmed().toLower().split(u':');
    if (parts.isEmpty() || parts.size() > 2) return std::nullopt;
    const auto k = keyFromName(parts.first());
    if (!k) return std::nullopt;
    AlertSort s;
    s.key = *k;
    if (parts.size() == 2) {
        if (parts[1] == QLatin1String("asc")) s.descending = false;
        else if (parts[1] != QLatin1String("desc")) return std::nullopt;
    }
    return s;
}

QString AlertSort::keyExpression() const
{
    // exactly the expressions of the 0010_console_sort.sql indexes
    switch (key) {
    case Key::Time: return {};
    case Key::Level: return QStringLiteral("COALESCE(rule_level, -1)");
    case Key::Rule: return QStringLiteral("COALESCE(rule_id, -1)");
    case Key::Agent: return QStringLiteral("(COALESCE(agent_id, '') COLLATE \"C\")");
    case Key::SourceIp: return QStringLiteral("(COALESCE(src_ip, '') COLLATE \"C\")");
    case Key::State: return QStringLiteral("eos_state_rank(triage_status, state)");
    case Key::Risk: return QStringLiteral("eos_risk_rank(llm_risk)");
    }
    return {};
}

QString AlertSort::orderBy() const
{
    const QString dir = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QStringList parts;
    const QString k = keyExpression();
    if (!k.isEmpty()) parts << k + dir;
    parts << QStringLiteral("alert_ts") + dir << QStringLiteral("id") + dir;
    return parts.join(QStringLiteral(", "));
}

QString AlertSort::selectKey() const { return keyExpression(); }

namespace {
bool textKey(AlertSort::Key k) { return k == AlertSort::Key::Agent || k == AlertSort::Key::SourceIp; }
}  // namespace

QString AlertSort::after(const AlertRow &row, bool inclusive, QVariantList *binds) const
{
    // alert_ts travels as microseconds since the epoch (exact; the row read it the same way)
    const QString ts = QStringLiteral("(timestamptz 'epoch' + ?::bigint * interval '1 microsecond')");
    const QString k = keyExpression();
    QString lhs, rhs;
    if (k.isEmpty()) {
        lhs = QStringLiteral("(alert_ts, id)");
        rhs = QStringLiteral("(%1, ?::bigint)").arg(ts);
    } else {
        lhs = QStringLiteral("(%1, alert_ts, id)").arg(k);
        rhs = QStringLiteral("(%1, %2, ?::bigint)").arg(textKey(key) ? QStringLiteral("?::text") : QStringLiteral("?::int"), ts);
        *binds << row.sortValue;
    }
    *binds << row.tsUs << row.id;
    const QString op = descending ? (inclusive ? QStringLiteral("<=") : QStringLiteral("<"))
                                  : (inclusive ? QStringLiteral(">=") : QStringLiteral(">"));
    return lhs + u' ' + op + u' ' + rhs;
}

int AlertSort::compare(const AlertRow &a, const AlertRow &b) const
{
    int c = 0;
    if (key != Key::Time) {
        if (textKey(key)) {
            // bytewise, as COLLATE "C" (UTF-8 byte order is code point order)
            const QByteArray x = a.sortValue.toString().toUtf8(), y = b.sortValue.toString().toUtf8();
            c = x < y ? -1 : (y < x ? 1 : 0);
        } else {
            const qint64 x = a.sortValue.toLongLong(), y = b.sortValue.toLongLong();
            c = x < y ? -1 : (x > y ? 1 : 0);
        }
    }
    if (c == 0) c = a.tsUs < b.tsUs ? -1 : (a.tsUs > b.tsUs ? 1 : 0);
    if (c == 0) c = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
    return descending ? -c : c;
}

}  // namespace eos
