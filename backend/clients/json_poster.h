// JsonPoster: the HTTP part every JSON-speaking dispatch client shares. One request, asynchronously on
// the caller's thread (QNetworkAccessManager), with a transfer time-out; the answer classified the way
// the outbox needs it: 2xx sent, 429 throttled (Retry-After as ms), 408/5xx/network errors transient,
// other 4xx permanent. Never follows redirects across hosts; never logs headers (they carry secrets).
// A QNetworkAccessManager keeps at most 6 HTTP/1.1 connections per host (kept alive between requests)
// and queues the rest, so the poster spreads requests over a NamPool: a route with a concurrency of 8
// really has 8 requests under way, each on a kept-alive connection, and idle connections are closed.
#pragma once

#include "clients/dispatch_client.h"

#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>

#include <functional>
#include <vector>

class QNetworkAccessManager;

namespace eos {
class NamPool;
}

namespace eos {

class JsonPoster : public QObject {
    Q_OBJECT
public:
    struct Answer {
        int status = 0;              // 0: no HTTP answer (network error, time-out)
        QByteArray body;
        QString networkError;
        int retryAfterMs = -1;
        DispatchResult::Kind kind = DispatchResult::Kind::Retry;
        QString describe() const;    // "HTTP 503: <body>" / "connection refused"
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit JsonPoster(int timeoutMs = 15000, QObject *parent = nullptr);
    ~JsonPoster() override;
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int requestsSent() const { return m_sent; }
    int managers() const;

    void request(const QByteArray &method, const QUrl &url, const Headers &headers, const QByteArray &body,
                 std::function<void(Answer)> done);
    static DispatchResult::Kind classify(int status);
    static Headers basicAuth(const QString &user, const QString &secret);

private:
    NamPool *m_pool;
    int m_timeoutMs;
    int m_sent = 0;
};

}  // namespace eos
