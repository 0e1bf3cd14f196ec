// Process-wide counters for /metrics (Prometheus text format) and /healthz. Lock-free increments.
#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <atomic>
#include <cstdint>

namespace eos {

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

    // rejected alerts/requests by reason: bad_json, not_wazuh, auth, too_large, below_min_level, unavailable, other
    void addRejected(const QString &reason, std::uint64_t n = 1);
    void observeBatchSeconds(double seconds);

    QByteArray prometheusText() const;
    void reset();  // tests

private:
    Metrics() = default;
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    static constexpr std::array<const char *, 7> kReasons{"bad_json", "not_wazuh", "auth", "too_large",
                                                          "below_min_level", "unavailable", "other"};
    std::array<std::atomic<std::uint64_t>, kReasons.size()> m_rejected{};
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> m_bucket{};
    std::atomic<std::uint64_t> m_batchCount{0};
    std::atomic<std::uint64_t> m_batchSumMicros{0};
};

}  // namespace eos
