// The listener's refused requests, for the console's status bar and `daemon_status`: how many in the
// last minute per reason (per-second buckets, so a flood of thousands costs nothing more) and the last
// few with their time, peer address, HTTP status and reason (a small ring buffer). Never a token, a
// header or a body: only what the analyst needs to tell a misconfigured forwarder from an attack.
// Process-wide like Metrics (the listener and its parse pool record, the status reporter reads);
// thread-safe behind one mutex (a rejection is rare next to the work around it).
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <array>
#include <cstdint>
#include <mutex>

namespace eos {

class RejectionLog {
public:
    struct Entry {
        qint64 atMs = 0;    // wall clock, ms since the epoch (UTC)
        QString peer;       // the client's address ("" when unknown)
        int status = 0;     // the HTTP status answered (400, 401, 408, 413, 431, 503, …)
        QString reason;     // auth, bad_json, not_wazuh, too_large, bad_request, timeout, headers_too_large,
                            // overloaded, unavailable, connection_limit
        qint64 count = 1;   // requests (or NDJSON lines) refused at once
    };
    static constexpr int kRecent = 50;      // entries kept for "the last rejections"
    static constexpr int kWindowSeconds = 60;

    static RejectionLog &instance();

    void record(const QString &reason, int status, const QString &peer, qint64 count = 1);
    void record(const QString &reason, int status, const QString &peer, qint64 count, qint64 nowMs);  // tests
    // reason -> refused in the last kWindowSeconds (at nowMs; 0 = now)
    QMap<QString, qint64> lastMinute(qint64 nowMs = 0) const;
    // the newest last, at most kRecent
    QList<Entry> recent() const;
    // {"last_minute": {"auth": 3, …}, "recent": [{"at": ISO, "peer", "status", "reason", "count"}]} for daemon_status
    QJsonObject toJson(qint64 nowMs = 0) const;
    static QList<Entry> recentFromJson(const QJsonObject &o);
    static QMap<QString, qint64> lastMinuteFromJson(const QJsonObject &o);
    void reset();  // tests

private:
    RejectionLog() = default;
    struct Bucket {
        qint64 second = -1;
        QMap<QString, qint64> counts;
    };
    mutable std::mutex m_mutex;
    std::array<Bucket, kWindowSeconds> m_buckets;
    std::array<Entry, kRecent> m_ring;
    int m_next = 0;   // ring write position
    int m_size = 0;
};

}  // namespace eos
