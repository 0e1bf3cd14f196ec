#include "store/alert_rollup.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace eos {
namespace {

QDateTime floorHour(const QDateTime &t)
{
    const qint64 s = t.toUTC().toSecsSinceEpoch();
    return QDateTime::fromSecsSinceEpoch(s - ((s % 3600) + 3600) % 3600, Qt::UTC);
}

QDateTime ceilHour(const QDateTime &t)
{
    const QDateTime f = floorHour(t);
    return f == t.toUTC() ? f : f.addSecs(3600);
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

AlertRollup::Window AlertRollup::split(const QDateTime &from, const QDateTime &to)
{
    Window w;
    w.from = from.isValid() ? from.toUTC() : QDateTime();
    w.to = to.isValid() ? to.toUTC() : QDateTime();
    w.h0 = w.from.isValid() ? ceilHour(w.from) : QDateTime();
    w.h1 = w.to.isValid() ? floorHour(w.to) : QDateTime();
    w.useCounts = !w.h0.isValid() || !w.h1.isValid() || w.h0 < w.h1;
    return w;
}

QString AlertRollup::countsSql(Dim dim, const Window &w, QVariantList *binds)
{
    const QString alertRows = QStringLiteral(
        "SELECT date_trunc('hour', a.alert_ts, 'UTC') AS hour, k.key, COALESCE(a.rule_level, -1)::smallint AS level, "
        "1::bigint AS n FROM alerts a CROSS JOIN LATERAL (%1) k WHERE %2").arg(rawKeys(dim));
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
        return u'(' + alertRows.arg(cond.join(QLatin1String(" AND "))) + u')';
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
    if (w.from.isValid() && w.from < w.h0) {
        parts << alertRows.arg(QStringLiteral("a.alert_ts >= ?::timestamptz AND a.alert_ts < ?::timestamptz"));
        *binds << iso(w.from) << iso(w.h0);
    }
    if (w.to.isValid() && w.h1 < w.to) {
        parts << alertRows.arg(QStringLiteral("a.alert_ts >= ?::timestamptz AND a.alert_ts < ?::timestamptz"));
        *binds << iso(w.h1) << iso(w.to);
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
