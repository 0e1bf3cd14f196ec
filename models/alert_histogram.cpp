#include "alert_histogram.h"

#include "db_worker.h"
#include "store/alert_rollup.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {
namespace {

QString placeholders(qsizetype n)
{
    QStringList p;
    for (qsizetype i = 0; i < n; ++i) p << QStringLiteral("?");
    return p.join(QStringLiteral(", "));
}

// The terms of one dimension of the hourly counts (0013_alert_rollup.sql) a filter may use there.
enum class Family { None, Agent, Rule, SourceIp, Group, State };

Family familyOf(const AlertFilter &f)
{
    AlertFilter y;
    if (!f.agentIds.isEmpty()) y.agentIds = f.agentIds;
    else if (!f.ruleIds.isEmpty()) y.ruleIds = f.ruleIds;
    else if (!f.srcIps.isEmpty()) y.srcIps = f.srcIps;
    else if (!f.groups.isEmpty()) y.groups = f.groups;
    else {
        y.states = f.states;
        y.triage = f.triage;
    }
    if (y != f) return Family::None;  // other terms too
    if (!y.agentIds.isEmpty()) return Family::Agent;
    if (!y.ruleIds.isEmpty()) return Family::Rule;
    if (!y.srcIps.isEmpty()) return Family::SourceIp;
    if (!y.groups.isEmpty()) return Family::Group;
    if (!y.states.isEmpty() || !y.triage.isEmpty()) return Family::State;
    return Family::None;
}

// key IN (…) for the family's terms of f, on the counts' key column
QString keyCondition(Family fam, const AlertFilter &f, QVariantList *binds)
{
    QStringList keys;
    switch (fam) {
    case Family::Agent: keys = f.agentIds; break;
    case Family::SourceIp: keys = f.srcIps; break;
    case Family::Group: keys = f.groups; break;
    case Family::Rule:
        for (int r : f.ruleIds) keys << (r < 0 ? QString() : QString::number(r));
        break;
    case Family::State: {
        QStringList parts;
        if (!f.states.isEmpty()) {
            parts << QStringLiteral("split_part(key, '/', 2) IN (%1)").arg(placeholders(f.states.size()));
            for (const auto &st : f.states) *binds << st;
        }
        if (!f.triage.isEmpty()) {
            parts << QStringLiteral("split_part(key, '/', 1) IN (%1)").arg(placeholders(f.triage.size()));
            for (const auto &t : f.triage) *binds << t;
        }
        return parts.join(QStringLiteral(" AND "));
    }
    case Family::None: return QStringLiteral("TRUE");
    }
    for (const auto &k : keys) *binds << k;
    return QStringLiteral("key IN (%1)").arg(placeholders(keys.size()));
}

// When the filter has only time and level terms and the terms of one dimension (included, or excluded
// when each alert has one key there), the histogram can be counted from the hourly counts: the
// dimension and the condition on their key and level columns.
struct RollupPlan {
    AlertRollup::Dim dim = AlertRollup::Dim::State;
    QString cond;
    QVariantList binds;
};

std::optional<RollupPlan> rollupPlan(const AlertFilter &f)
{
    AlertFilter positive = f;
    positive.after = {};
    positive.before = {};
    positive.lastSeconds = 0;
    positive.minLevel.reset();
    positive.maxLevel.reset();
    positive.levelRanges.clear();
    positive.excluded.clear();
    Family fam = positive.isEmpty() ? Family::None : familyOf(positive);
    if (!positive.isEmpty() && fam == Family::None) return std::nullopt;
    // a group term counts an alert once per group it names: one group only, and not excluded
    if (fam == Family::Group && positive.groups.size() != 1) return std::nullopt;
    for (const AlertFilter &x : f.excluded) {
        const Family xf = familyOf(x);
        if (xf == Family::None || xf == Family::Group || (fam != Family::None && xf != fam)) return std::nullopt;
        fam = xf;
    }
    RollupPlan plan;
    QStringList conds;
    if (f.minLevel) {
        conds << QStringLiteral("level >= ?");
        plan.binds << *f.minLevel;
    }
    if (f.maxLevel) {  // (-1 in the counts is an alert without a level, which rule_level <= n does not match)
        conds << QStringLiteral("level BETWEEN 0 AND ?");
        plan.binds << *f.maxLevel;
    }
    if (!f.levelRanges.isEmpty()) {
        QStringList alt;
        for (const auto &[lo, hi] : f.levelRanges) {
            alt << QStringLiteral("level BETWEEN ? AND ?");
            plan.binds << lo << hi;
        }
        conds << u'(' + alt.join(QStringLiteral(" OR ")) + u')';
    }
    switch (fam) {
    case Family::Agent: plan.dim = AlertRollup::Dim::Agent; break;
    case Family::Rule: plan.dim = AlertRollup::Dim::Rule; break;
    case Family::SourceIp: plan.dim = AlertRollup::Dim::SourceIp; break;
    case Family::Group: plan.dim = AlertRollup::Dim::Group; break;
    case Family::State:
    case Family::None: plan.dim = AlertRollup::Dim::State; break;
    }
    if (fam != Family::None && !positive.isEmpty()) conds << keyCondition(fam, positive, &plan.binds);
    for (const AlertFilter &x : f.excluded) conds << QStringLiteral("NOT (%1)").arg(keyCondition(fam, x, &plan.binds));
    // a source IP exclusion keeps the alerts without one, which the 's' counts do not hold
    if (fam == Family::SourceIp && positive.srcIps.isEmpty()) return std::nullopt;
    plan.cond = conds.isEmpty() ? QStringLiteral("TRUE") : conds.join(QStringLiteral(" AND "));
    return plan;
}

}  // namespace

AlertHistogram::AlertHistogram(DbConnectionInfo db, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_worker(std::make_unique<DbWorker>(m_info, QStringLiteral("eos-histogram")))
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(1000);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (m_dirty) refresh();
    });
}

AlertHistogram::~AlertHistogram() = default;

void AlertHistogram::setFilter(const AlertFilter &filter)
{
    m_filter = filter;
    refresh();
}

void AlertHistogram::scheduleRefresh()
{
    m_dirty = true;
    if (!m_throttle.isActive()) refresh();
}

void AlertHistogram::refresh()
{
    m_dirty = false;
    m_throttle.start();  // the next live refresh not before the interval
    ++m_refreshes;
    const quint64 gen = ++m_gen;
    const AlertFilter f = m_filter;
    const int target = m_targetBuckets;
    m_worker->call<Result>(this, [f, target](QSqlDatabase &db) { return query(db, f, target); },
                           [this, gen](Result r) {
                               if (gen != m_gen) return;
                               r.generation = gen;
                               m_result = r;
                               Q_EMIT updated(m_result);
                           }, QStringLiteral("histogram"));
}

qint64 AlertHistogram::bucketSecondsFor(qint64 spanSeconds, int target)
{
    static const qint64 widths[] = {60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
                                    86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400};
    for (qint64 w : widths)
        if (spanSeconds / w <= target) return w;
    return widths[std::size(widths) - 1];
}

AlertHistogram::Result AlertHistogram::query(QSqlDatabase &db, const AlertFilter &filter, int targetBuckets)
{
    Result r;
    QElapsedTimer took;
    took.start();
    if (!db.isOpen()) {
        r.error = tr("The database is not reachable.");
        return r;
    }
    QString where;
    QVariantList binds;
    filter.toSql(&where, &binds);
    // the range: the filter's own time terms, else the filtered data's first and last alert
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime from, to;
    if (filter.lastSeconds > 0) from = now.addSecs(-filter.lastSeconds);
    if (filter.after.isValid()) from = from.isValid() ? std::max(from, filter.after.toUTC()) : filter.after.toUTC();
    to = filter.before.isValid() ? filter.before.toUTC() : now;
    if (!from.isValid()) {
        q.prepare(QStringLiteral("SELECT (SELECT alert_ts FROM alerts%1 ORDER BY alert_ts LIMIT 1), "
                                 "(SELECT alert_ts FROM alerts%1 ORDER BY alert_ts DESC LIMIT 1)")
                      .arg(where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where));
        for (const auto &b : binds) q.addBindValue(b);
        for (const auto &b : binds) q.addBindValue(b);
        if (!q.exec() || !q.next()) {
            r.error = q.lastError().text().trimmed();
            return r;
        }
        if (q.value(0).isNull()) {  // nothing matches: an empty last day
            from = now.addDays(-1);
        } else {
            from = q.value(0).toDateTime().toUTC().addMSecs(-1);  // (ms precision: the first alert stays in)
            if (!filter.before.isValid()) to = std::max(now, q.value(1).toDateTime().toUTC().addSecs(1));
        }
    }
    if (to <= from) to = from.addSecs(60);
    const qint64 span = from.secsTo(to);
    const qint64 width = bucketSecondsFor(span, targetBuckets);
    // buckets aligned to whole widths (in UTC), so live refreshes do not shift them
    const qint64 start = (from.toSecsSinceEpoch() / width) * width;
    r.from = from;
    r.to = to;
    r.bucketSeconds = width;
    // Whole-hour buckets with a filter the hourly counts can answer: from the counts (a few rows per hour
    // and key) and the alerts of the range's partial hours; else one pass over the range's alerts
    // (date_bin: timestamp arithmetic, no numeric per row), for the time range alone an index-only scan
    // of alerts_alert_ts_idx. Bands as SeverityPalette has them; an alert without a level is in none.
    const auto plan = width >= 3600 && width % 3600 == 0 ? rollupPlan(filter) : std::nullopt;
    r.fromCounts = plan.has_value();
    if (plan) {
        QVariantList rb;
        const QString counts = AlertRollup::countsSql(plan->dim, AlertRollup::split(from, to), &rb);
        q.prepare(QStringLiteral(
                      "SELECT (extract(epoch FROM hour)::bigint - ?) / ?, "
                      "sum(n) FILTER (WHERE level BETWEEN 0 AND 4), sum(n) FILTER (WHERE level BETWEEN 5 AND 7), "
                      "sum(n) FILTER (WHERE level BETWEEN 8 AND 11), sum(n) FILTER (WHERE level >= 12) "
                      "FROM %1 c WHERE %2 GROUP BY 1")
                      .arg(counts, plan->cond));
        q.addBindValue(start);
        q.addBindValue(width);
        for (const auto &b : rb) q.addBindValue(b);
        for (const auto &b : plan->binds) q.addBindValue(b);
    } else {
        q.prepare(QStringLiteral(
                      "SELECT (extract(epoch FROM b)::bigint - ?) / ?, c0, c1, c2, c3 FROM ("
                      "SELECT date_bin(?::bigint * interval '1 second', alert_ts, to_timestamp(?)) AS b, "
                      "count(*) FILTER (WHERE rule_level <= 4) AS c0, "
                      "count(*) FILTER (WHERE rule_level BETWEEN 5 AND 7) AS c1, "
                      "count(*) FILTER (WHERE rule_level BETWEEN 8 AND 11) AS c2, "
                      "count(*) FILTER (WHERE rule_level >= 12) AS c3 "
                      "FROM alerts WHERE alert_ts >= ?::timestamptz AND alert_ts < ?::timestamptz%1 GROUP BY 1) s")
                      .arg(where.isEmpty() ? QString() : QStringLiteral(" AND (%1)").arg(where)));
        q.addBindValue(start);
        q.addBindValue(width);
        q.addBindValue(width);
        q.addBindValue(start);
        q.addBindValue(from.toString(Qt::ISODateWithMs));
        q.addBindValue(to.toString(Qt::ISODateWithMs));
        for (const auto &b : binds) q.addBindValue(b);
    }
    if (!q.exec()) {
        r.error = q.lastError().text().trimmed();
        return r;
    }
    // every bucket that holds a moment of [from, to) (to in ms: an alert a fraction of a second before it
    // lies in the bucket that starts at the truncated second)
    const qint64 n = (to.toMSecsSinceEpoch() - 1 - start * 1000) / (width * 1000) + 1;
    r.buckets.resize(std::max<qint64>(n, 1));
    for (qint64 i = 0; i < r.buckets.size(); ++i) r.buckets[i].startMs = (start + i * width) * 1000;
    while (q.next()) {
        const qint64 b = q.value(0).toLongLong();
        if (b < 0 || b >= r.buckets.size()) continue;
        for (int k = 0; k < kBands; ++k) {
            const qint64 c = q.value(1 + k).toLongLong();
            r.buckets[b].counts[size_t(k)] += c;
            r.totals[size_t(k)] += c;
        }
    }
    r.elapsedMs = took.elapsed();
    return r;
}

}  // namespace eos
