#include "metrics.h"

namespace eos {

Metrics &Metrics::instance()
{
    static Metrics m;
    return m;
}

void Metrics::addRejected(const QString &reason, std::uint64_t n)
{
    for (size_t i = 0; i < kReasons.size(); ++i)
        if (reason == QLatin1String(kReasons[i])) {
            m_rejected[i] += n;
            return;
        }
    m_rejected[kReasons.size() - 1] += n;
}

void Metrics::observeBatchSeconds(double seconds)
{
    for (size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++m_bucket[i];
    ++m_batchCount;
    m_batchSumMicros += static_cast<std::uint64_t>(seconds * 1e6);
}

QByteArray Metrics::prometheusText() const
{
    QByteArray o;
    auto counter = [&](const char *name, const char *help, std::uint64_t v) {
        o += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n" + name + ' ' + QByteArray::number(v) + '\n';
    };
    counter("eos_alerts_received_total", "Alerts received by the listener and the file follower.", alertsReceived);
    counter("eos_alerts_ingested_total", "Alerts committed to PostgreSQL as new rows.", alertsIngested);
    counter("eos_alerts_duplicate_total", "Alerts already stored (same alert_hash).", alertsDuplicate);
    counter("eos_alerts_spooled_total", "Alerts written to the on-disk spool while PostgreSQL was unreachable.", alertsSpooled);
    o += "# HELP eos_alerts_rejected_total Alerts or requests refused, by reason.\n# TYPE eos_alerts_rejected_total counter\n";
    for (size_t i = 0; i < kReasons.size(); ++i)
        o += QByteArray("eos_alerts_rejected_total{reason=\"") + kReasons[i] + "\"} " + QByteArray::number(m_rejected[i].load()) + '\n';
    o += "# HELP eos_spool_depth Alerts waiting in the on-disk spool.\n# TYPE eos_spool_depth gauge\neos_spool_depth " +
         QByteArray::number(spoolDepth.load()) + '\n';
    o += "# HELP eos_database_up 1 when the last ingest transaction succeeded.\n# TYPE eos_database_up gauge\neos_database_up " +
         QByteArray::number(databaseUp.load()) + '\n';
    o += "# HELP eos_ingest_batch_seconds Time to commit one ingest batch.\n# TYPE eos_ingest_batch_seconds histogram\n";
    for (size_t i = 0; i < kBuckets.size(); ++i)
        o += "eos_ingest_batch_seconds_bucket{le=\"" + QByteArray::number(kBuckets[i]) + "\"} " + QByteArray::number(m_bucket[i].load()) + '\n';
    o += "eos_ingest_batch_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(m_batchCount.load()) + '\n';
    o += "eos_ingest_batch_seconds_sum " + QByteArray::number(double(m_batchSumMicros.load()) / 1e6, 'f', 6) + '\n';
    o += "eos_ingest_batch_seconds_count " + QByteArray::number(m_batchCount.load()) + '\n';
    return o;
}

void Metrics::reset()
{
    alertsReceived = alertsIngested = alertsDuplicate = alertsSpooled = 0;
    spoolDepth = spoolBytes = 0;
    for (auto &r : m_rejected) r = 0;
    for (auto &b : m_bucket) b = 0;
    m_batchCount = m_batchSumMicros = 0;
}

}  // namespace eos
