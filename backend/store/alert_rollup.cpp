#include "store/alert_rollup.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace eos {
namespace {

QDateTime floorHour(const QDateTime &t)
{
    const qint64 s = t.toUTC().toSecsSinceEpoch();
    return QDateTime::fromSecsSinceEpoch(s - ((s % 3600) + 3600) % 3600, Qt::UTC);
}

QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }

// the keys of one alert row `a` in one dimension, as the migration's eos_rollup_keys() has them (per
// dimension here: the edges of a range read only what that dimension needs, index-only where it can)
QString rawKeys(AlertRollup::Dim dim)
{
    using D = AlertRollup::Dim;
    switch (dim) {
    case D::Agent: return QStringLiteral("SELECT COALESCE(a.agent_id, '') AS key");
    case D::Rule: return QStringLiteral("SELECT COALESCE(a.rule_id::text, '') AS key");
    case D::State: return QStringLiteral("SELECT COALESCE(a.triage_status, 'none') || '/' || a.state::text AS key");
    case D::SourceIp: return QStringLiteral("SELECT a.src_ip AS key WHERE a.src_ip IS NOT NULL AND a.src_ip <> ''");
    case D::Group: return QStringLiteral("SELECT DISTINCT g AS key FROM unnest(a.groups) g WHERE g IS NOT NULL AND g <> ''");
    case D::Tactic:
        return QStringLiteral(
            "SELECT DISTINCT btrim(t) AS key FROM jsonb_array_elements_text(CASE WHEN a.mitre_ids <> '{}' "
            "AND jsonb_typeof(a.raw->'rule'->'mitre'->'tactic') = 'array' THEN a.raw->'rule'->'mitre'->'tactic' "
            "ELSE '[]'::jsonb END) t WHERE btrim(t) <> ''");
    }
    return {};
}

}  // namespace

QString AlertRollup::dimCode(Dim dim)
{
    switch (dim) {
    case Dim::Agent: return QStringLiteral("a");
    case Dim::Rule: return QStringLiteral("r");
    case Dim::SourceIp: return QStringLiteral("s");
    case Dim::Group: return QStringLiteral("g");
    case Dim::Tactic: return QStringLiteral("t");
    case Dim::State: return QStringLiteral("x");
    }
    return {};
}

AlertRollup::Window AlertRollup::split(const QDateTime &from, const QDateTime &to, const QDateTime &nowArg)
{
    Window w;
    w.from = from.isValid() ? from.toUTC() : QDateTime();
    w.to = to.isValid() ? to.toUTC() : QDateTime();
    const QDateTime now = nowArg.isValid() ? nowArg.toUTC() : QDateTime::currentDateTimeUtc();
    // the alerts of [a, b) to read, measured as the past part of it (what lies after now holds none)
    const auto cost = [&now](const QDateTime &a, const QDateTime &b) { return std::max<qint64>(0, a.msecsTo(std::min(b, now))); };
    if (w.from.isValid()) {
        const QDateTime f = floorHour(w.from);
        w.h0 = f == w.from ? f : f.addSecs(3600);
        if (f != w.from && cost(f, w.from) < cost(w.from, w.h0)) {
            w.h0 = f;
            w.subtractFrom = true;
        }
    }
    if (w.to.isValid()) {
        const QDateTime f = floorHour(w.to);
        w.h1 = f;
        if (f != w.to && cost(w.to, f.addSecs(3600)) < cost(f, w.to)) {
            w.h1 = f.addSecs(3600);
            w.subtractTo = true;
        }
    }
    w.useCounts = !w.h0.isValid() || !w.h1.isValid() || w.h0 < w.h1;
    if (w.useCounts && w.from.isValid() && w.to.isValid()) {
        // a short range may read fewer alerts by itself than its two ends do
        const qint64 ends = (w.from == w.h0 ? 0 : w.subtractFrom ? cost(w.h0, w.from) : cost(w.from, w.h0)) +
                            (w.to == w.h1 ? 0 : w.subtractTo ? cost(w.to, w.h1) : cost(w.h1, w.to));
        if (ends > 0 && cost(w.from, w.to) <= ends) w.useCounts = false;
    }
    if (!w.useCounts) w.subtractFrom = w.subtractTo = false;  // the alerts of [from, to) are read
    return w;
}

QString AlertRollup::countsSql(Dim dim, const Window &w, QVariantList *binds)
{
    const QString alertRows = QStringLiteral(
        "SELECT date_trunc('hour', a.alert_ts, 'UTC') AS hour, k.key, COALESCE(a.rule_level, -1)::smallint AS level, "
        "%1::bigint AS n FROM alerts a CROSS JOIN LATERAL (%2) k WHERE %3");
    const QString keys = rawKeys(dim);
    const QString between = QStringLiteral("a.alert_ts >= ?::timestamptz AND a.alert_ts < ?::timestamptz");
    if (!w.useCounts) {  // no whole hour: the alerts themselves
        QStringList cond;
        if (w.from.isValid()) {
            cond << QStringLiteral("a.alert_ts >= ?::timestamptz");
            *binds << iso(w.from);
        }
        if (w.to.isValid()) {
            cond << QStringLiteral("a.alert_ts < ?::timestamptz");
            *binds << iso(w.to);
        }
        if (cond.isEmpty()) cond << QStringLiteral("TRUE");
        return u'(' + alertRows.arg(QStringLiteral("1"), keys, cond.join(QLatin1String(" AND "))) + u')';
    }
    QStringList parts;
    QString hourCond = QStringLiteral("dim = ?");
    QVariantList hourBinds{dimCode(dim)};
    if (w.h0.isValid()) {
        hourCond += QStringLiteral(" AND hour >= ?::timestamptz");
        hourBinds << iso(w.h0);
    }
    if (w.h1.isValid()) {
        hourCond += QStringLiteral(" AND hour < ?::timestamptz");
        hourBinds << iso(w.h1);
    }
    parts << QStringLiteral("SELECT hour, key, level, n FROM alert_rollup WHERE ") + hourCond;
    *binds << hourBinds;
    parts << QStringLiteral("SELECT hour, key, level, n FROM alert_rollup_delta WHERE ") + hourCond;
    *binds << hourBinds;
    if (w.from.isValid() && w.from != w.h0) {
        parts << alertRows.arg(w.subtractFrom ? QStringLiteral("-1") : QStringLiteral("1"), keys, between);
        *binds << iso(std::min(w.from, w.h0)) << iso(std::max(w.from, w.h0));
    }
    if (w.to.isValid() && w.to != w.h1) {
        parts << alertRows.arg(w.subtractTo ? QStringLiteral("-1") : QStringLiteral("1"), keys, between);
        *binds << iso(std::min(w.to, w.h1)) << iso(std::max(w.to, w.h1));
    }
    return QStringLiteral("(%1)").arg(parts.join(QLatin1String(" UNION ALL ")));
}

qint64 AlertRollup::fold(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT eos_rollup_fold()")) || !q.next()) {
        if (error) *error = q.lastError().text().trimmed();
        return -2;
    }
    return q.value(0).toLongLong();
}

}  // namespace eos
