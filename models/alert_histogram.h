// The Live Alerts histogram: the filtered alerts over the filter's time range, counted per time bucket
// and severity band (SeverityPalette: ≤4, 5–7, 8–11, ≥12), by one aggregate query in the database on
// the histogram's own worker (never the GUI thread). A newer request cancels the one under way;
// scheduleRefresh() (live updates) runs at most once per second.
#pragma once

#include "alert_filter.h"
#include "store/db_connection_info.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>

#include <array>
#include <memory>

namespace eos {

class DbWorker;

class AlertHistogram : public QObject {
    Q_OBJECT
public:
    static constexpr int kBands = 4;
    struct Bucket {
        qint64 startMs = 0;                  // UTC ms since the epoch
        std::array<qint64, kBands> counts{};  // per band, Low … Critical
        qint64 total() const { return counts[0] + counts[1] + counts[2] + counts[3]; }
    };
    struct Result {
        quint64 generation = 0;
        QDateTime from, to;                  // the range shown (UTC)
        qint64 bucketSeconds = 0;
        QList<Bucket> buckets;               // every bucket of the range, empty ones included
        std::array<qint64, kBands> totals{};
        qint64 elapsedMs = 0;                // database time
        bool fromCounts = false;             // answered from the hourly counts (0013_alert_rollup.sql)
        QString error;
        qint64 total() const { return totals[0] + totals[1] + totals[2] + totals[3]; }
    };

    explicit AlertHistogram(DbConnectionInfo db, QObject *parent = nullptr);
    ~AlertHistogram() override;

    // The filter (with its time terms: last:, after:, before:; none = the whole range of the data).
    void setFilter(const AlertFilter &filter);  // refreshes now
    AlertFilter filter() const { return m_filter; }
    void refresh();
    // Live: refresh, but at most once per interval (default 1 s).
    void scheduleRefresh();
    void setMinIntervalMs(int ms) { m_throttle.setInterval(ms); }
    Result result() const { return m_result; }
    int targetBuckets() const { return m_targetBuckets; }
    void setTargetBuckets(int n) { m_targetBuckets = std::max(8, n); }
    int refreshes() const { return m_refreshes; }

    // A bucket width in seconds giving at most about `target` buckets over `spanSeconds` (1 min … 1 week).
    static qint64 bucketSecondsFor(qint64 spanSeconds, int target);
    // Runs the query on db (the worker; tests).
    static Result query(QSqlDatabase &db, const AlertFilter &filter, int targetBuckets);

Q_SIGNALS:
    void updated(const eos::AlertHistogram::Result &result);

private:
    DbConnectionInfo m_info;
    std::unique_ptr<DbWorker> m_worker;
    AlertFilter m_filter;
    Result m_result;
    quint64 m_gen = 0;
    int m_targetBuckets = 120;
    int m_refreshes = 0;
    bool m_dirty = false;
    QTimer m_throttle;
};

}  // namespace eos
