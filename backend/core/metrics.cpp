#include "core/metrics.h"

#include <algorithm>

namespace eos {

Metrics &Metrics::instance()
{
    static Metrics m;
    return m;
}

void StageMetrics::observeLatency(double seconds)
{
    for (size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++latencyBucket[i];
    ++latencyCount;
    latencySumMicros += static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e6);
}

StageMetrics &Metrics::stage(const QString &name)
{
    std::lock_guard lock(m_stagesMutex);
    auto &p = m_stages[name];
    if (!p) p = std::make_unique<StageMetrics>();
    return *p;
}

std::map<QString, StageMetrics *> Metrics::stages() const
{
    std::lock_guard lock(m_stagesMutex);
    std::map<QString, StageMetrics *> out;
    for (const auto &[name, m] : m_stages) out[name] = m.get();
    return out;
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

    o += "# HELP eos_llm_requests_total LLM requests answered (the LLM stage).\n# TYPE eos_llm_requests_total counter\n"
         "eos_llm_requests_total{stage=\"llm\"} " + QByteArray::number(quint64(llmRequests.load())) + '\n';
    o += "# HELP eos_llm_tokens_total Tokens used by the LLM stage, as the provider counted them.\n"
         "# TYPE eos_llm_tokens_total counter\n"
         "eos_llm_tokens_total{stage=\"llm\",kind=\"prompt\"} " + QByteArray::number(quint64(llmPromptTokens.load())) + "\n"
         "eos_llm_tokens_total{stage=\"llm\",kind=\"completion\"} " + QByteArray::number(quint64(llmCompletionTokens.load())) + '\n';
    o += "# HELP eos_llm_cache_hits_total Alerts that reused an earlier LLM answer instead of a request.\n"
         "# TYPE eos_llm_cache_hits_total counter\n"
         "eos_llm_cache_hits_total{stage=\"llm\"} " + QByteArray::number(quint64(llmCacheHits.load())) + '\n';

    const auto all = stages();
    if (!all.empty()) {
        auto family = [&](const char *name, const char *type, const char *help, auto value) {
            o += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
            for (const auto &[stageName, m] : all)
                o += QByteArray(name) + "{stage=\"" + stageName.toUtf8() + "\"} " + QByteArray::number(value(*m)) + '\n';
        };
        family("eos_stage_backlog", "gauge", "Alerts waiting in the stage's input state.",
               [](const StageMetrics &m) { return qint64(m.backlog.load()); });
        family("eos_stage_processed_total", "counter", "Alerts the stage moved on.",
               [](const StageMetrics &m) { return quint64(m.processed.load()); });
        family("eos_stage_retries_total", "counter", "Failed attempts scheduled again with backoff.",
               [](const StageMetrics &m) { return quint64(m.retried.load()); });
        family("eos_stage_failures_total", "counter", "Alerts the stage gave up on (state failed).",
               [](const StageMetrics &m) { return quint64(m.failed.load()); });
        o += "# HELP eos_stage_latency_seconds Time from an alert's arrival to the end of the stage.\n"
             "# TYPE eos_stage_latency_seconds histogram\n";
        for (const auto &[stageName, m] : all) {
            const QByteArray label = "stage=\"" + stageName.toUtf8() + "\"";
            for (size_t i = 0; i < StageMetrics::kBuckets.size(); ++i)
                o += "eos_stage_latency_seconds_bucket{" + label + ",le=\"" + QByteArray::number(StageMetrics::kBuckets[i]) +
                     "\"} " + QByteArray::number(m->latencyBucket[i].load()) + '\n';
            o += "eos_stage_latency_seconds_bucket{" + label + ",le=\"+Inf\"} " + QByteArray::number(m->latencyCount.load()) + '\n';
            o += "eos_stage_latency_seconds_sum{" + label + "} " +
                 QByteArray::number(double(m->latencySumMicros.load()) / 1e6, 'f', 6) + '\n';
            o += "eos_stage_latency_seconds_count{" + label + "} " + QByteArray::number(m->latencyCount.load()) + '\n';
        }
    }
    return o;
}

void Metrics::reset()
{
    alertsReceived = alertsIngested = alertsDuplicate = alertsSpooled = 0;
    spoolDepth = spoolBytes = 0;
    for (auto &r : m_rejected) r = 0;
    for (auto &b : m_bucket) b = 0;
    m_batchCount = m_batchSumMicros = 0;
    llmRequests = llmPromptTokens = llmCompletionTokens = llmCacheHits = 0;
    std::lock_guard lock(m_stagesMutex);
    for (auto &[name, m] : m_stages) {
        m->backlog = 0;
        m->processed = m->retried = m->failed = 0;
        for (auto &b : m->latencyBucket) b = 0;
        m->latencyCount = m->latencySumMicros = 0;
    }
}

}  // namespace eos
