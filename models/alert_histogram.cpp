#include "alert_histogram.h"

#include "db_worker.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

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
    // one pass: the band counts per bucket (rule_level as the sort index has it: index-only scans)
    // one pass over the range (date_bin: timestamp arithmetic, no numeric per row), counting the bands;
    // for the time range alone an index-only scan of alerts_alert_ts_idx
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
