// Process-wide counters for /metrics (Prometheus text format) and /healthz. Lock-free increments.
#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace eos {

// One pipeline stage's figures (enrich, llm, dispatch, ...), labelled {stage="name"} in /metrics.
struct StageMetrics {
    static constexpr std::array<double, 11> kBuckets{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
    std::atomic<std::int64_t> backlog{0};     // alerts waiting in the stage's input state (the database's count)
    std::atomic<std::uint64_t> processed{0};  // alerts the stage moved on
    std::atomic<std::uint64_t> retried{0};    // attempts that failed and were scheduled again
    std::atomic<std::uint64_t> failed{0};     // alerts given up on (state failed)
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> latencyBucket{};
    std::atomic<std::uint64_t> latencyCount{0};
    std::atomic<std::uint64_t> latencySumMicros{0};
    // seconds from the alert's arrival to the end of this stage
    void observeLatency(double seconds);
};

class Metrics {
public:
    static Metrics &instance();

    std::atomic<std::uint64_t> alertsReceived{0};
    std::atomic<std::uint64_t> alertsIngested{0};
    std::atomic<std::uint64_t> alertsDuplicate{0};
    std::atomic<std::uint64_t> alertsSpooled{0};
    std::atomic<std::int64_t> spoolDepth{0};      // alerts waiting in the on-disk spool
    std::atomic<std::int64_t> spoolBytes{0};
    std::atomic<int> databaseUp{0};               // 1 when the last ingest transaction worked

    // The LLM stage's usage (this process): answered requests, tokens as the provider counted them, and
    // alerts that reused an earlier answer instead of asking (cache hits).
    std::atomic<std::uint64_t> llmRequests{0};
    std::atomic<std::uint64_t> llmPromptTokens{0};
    std::atomic<std::uint64_t> llmCompletionTokens{0};
    std::atomic<std::uint64_t> llmCacheHits{0};

    // rejected alerts/requests by reason: bad_json, not_wazuh, auth, too_large, below_min_level, unavailable, other
    void addRejected(const QString &reason, std::uint64_t n = 1);
    void observeBatchSeconds(double seconds);

    // The named stage's figures, created on first use; the reference stays valid for the process.
    StageMetrics &stage(const QString &name);
    std::map<QString, StageMetrics *> stages() const;

    QByteArray prometheusText() const;
    void reset();  // tests

private:
    Metrics() = default;
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    static constexpr std::array<const char *, 8> kReasons{"bad_json", "not_wazuh", "auth", "too_large",
                                                          "below_min_level", "unavailable", "overloaded", "other"};
    std::array<std::atomic<std::uint64_t>, kReasons.size()> m_rejected{};
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> m_bucket{};
    std::atomic<std::uint64_t> m_batchCount{0};
    std::atomic<std::uint64_t> m_batchSumMicros{0};
    mutable std::mutex m_stagesMutex;
    std::map<QString, std::unique_ptr<StageMetrics>> m_stages;
};

}  // namespace eos
