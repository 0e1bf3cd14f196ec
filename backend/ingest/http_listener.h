// The HTTP alert listener: Wazuh's integratord (or eos-forward) POSTs alerts here.
//   POST /wazuh_alert   one alert (JSON)                 -> 202 {"accepted":n,"duplicates":m}
//                                                           204 when rule.level < EOS_MIN_LEVEL (not stored)
//   POST /wazuh_alerts  many alerts (NDJSON, one a line) -> 202 {"accepted","duplicates","ignored","errors":[{"line","error"}]}
//                       (bad lines are reported, good ones stored; 400 when no line was usable; 200 when every
//                       line was below the minimum level; at most 1000 errors listed, then "errors_total")
//   GET  /healthz       the health provider's JSON + uptime and listener state (no token)
//   GET  /metrics       Prometheus text (no token)
// 202 bodies carry "spooled":true when the alerts went to the on-disk spool (PostgreSQL unreachable).
// Errors: 400 bad JSON / not a Wazuh alert (JSON body {"error","kind"}), 401 token, 404, 405 (+Allow),
// 408 request too slow, 413 body over EOS_MAX_BODY, 431 headers over 16 KiB, 503 + Retry-After when
// nothing could make the alerts durable or the connection bound (EOS_MAX_CONNECTIONS) is reached.
// Alerts need the X-Auth-Token header (WEBHOOK_AUTH_TOKEN; compared as SHA-256 digests in constant time);
// without a configured token the listener refuses to start. 202 is only sent once the IngestSink says
// the alerts are durable (committed to PostgreSQL or fsync'd to the spool); 503 + Retry-After otherwise.
//
// Why not QHttpServer: Qt 6.4's QHttpServer/QAbstractHttpServer buffers every request body whole before
// any handler sees it and has no body size limit, no header limit, no connection bound, no idle or
// request timeout (QHttpServerConfiguration only arrived in 6.9; keep-alive timeout in 6.10, body/header
// limits in 6.11), so a single client could exhaust memory or sockets. It also cannot decide on the
// headers (token, Content-Length) before reading the body. So this is a small, strict HTTP/1.1 server
// on QTcpServer (TLS through QSslSocket): HttpRequestParser (incremental, limits enforced while reading) and
// HttpConnection (keep-alive, pipelining held back while a request waits for durability, lingering
// close after early errors); all connections share this object's thread and one deadline sweep timer.
//
// Threading: lives on its own thread (WorkerThread); start() and stop() are slots to call there
// (BlockingQueuedConnection). port() and lastError() may be read from any thread after start() returned.
// NDJSON bodies are parsed on a small thread pool (one job per request), single alerts on the listener
// thread; the sink's `done` is marshalled back to the connection. The health provider is called on the
// listener thread, so it must be thread-safe (Pipeline::health() reads atomics and a locked queue size).
#pragma once

#include "core/config.h"
#include "ingest/http_connection.h"
#include "ingest/ingest_sink.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <functional>
#include <mutex>
#include <vector>

class QTcpServer;
class QTimer;

namespace eos {

class HttpListener : public QObject, private HttpHandler {
    Q_OBJECT
public:
    HttpListener(const Config &config, IngestSink *sink, std::function<QJsonObject()> health, QObject *parent = nullptr);
    ~HttpListener() override;

    QString lastError() const;
    quint16 port() const { return m_port.load(); }  // 0 until listening
    bool isTls() const { return m_tls; }
    int connectionCount() const { return int(m_connections.size()); }  // listener thread only

public Q_SLOTS:
    // Binds LISTEN_ADDR:LISTEN_PORT (port 0: any free port). False with lastError() when no token is
    // configured, the address or TLS files are unusable, or the port cannot be bound.
    bool start();
    // Stops accepting, lets requests in flight get their answers (up to ~5 s), closes the rest.
    void stop();

private:
    enum class Route { None, Alert, Alerts, Health, Ready, Metrics };
    static Route routeOf(QByteArrayView path);

    bool onHeaders(HttpConnection *c) override;
    void onRequest(HttpConnection *c) override;
    void onClosed(HttpConnection *c) override;
    void onProtocolError(HttpConnection *c, int status) override;

    bool fail(const QString &error);
    void onPendingConnections();
    void sweep();
    bool tokenMatches(QByteArrayView token) const;
    void handleAlert(HttpConnection *c);
    void handleAlerts(HttpConnection *c);
    void handleHealth(HttpConnection *c);
    void handleReady(HttpConnection *c);
    struct Batch;
    static void parseBatch(Batch &b);
    // Submits to the sink (any thread) and answers on the connection's thread once it is durable.
    static void submit(IngestSink *sink, const std::shared_ptr<HttpConnectionHandle> &handle, quint64 serial,
                       std::vector<AlertRecord> records, int ignored, QByteArray errorsJson, bool batch);

    IngestSink *m_sink;
    std::function<QJsonObject()> m_health;
    QByteArray m_tokenDigest;  // SHA-256 of WEBHOOK_AUTH_TOKEN; empty when unset
    QString m_listenAddr;
    int m_listenPort;
    QString m_tlsCert, m_tlsKey;
    HttpConnection::Options m_connOptions;
    int m_minLevel;
    int m_maxConnections;
    int m_maxPerPeer;  // connections from one address that has not authenticated yet

    // Peers (addresses) that sent a good token lately: they keep a quarter of the slots to themselves and
    // are not held to the per-peer bound, so unauthenticated floods cannot lock them out.
    QHash<QHostAddress, qint64> m_trustedPeers;  // address -> last authenticated (ms)
    QHash<QHostAddress, int> m_perPeer;          // open connections per address
    QHash<HttpConnection *, QHostAddress> m_peerOf;
    bool isTrusted(const QHostAddress &peer) const;
    // NDJSON bodies copied for the parse pool and not yet parsed: bounded, beyond it 503 at once
    std::shared_ptr<std::atomic<qint64>> m_parseBacklogBytes = std::make_shared<std::atomic<qint64>>(0);
    qint64 m_maxParseBacklogBytes = 64LL << 20;

    QTcpServer *m_server = nullptr;
    QTimer *m_sweepTimer = nullptr;
    QSet<HttpConnection *> m_connections;
    int m_refusedLingering = 0;
    // NDJSON bodies are parsed here, off the listener thread: parsing costs far more than the HTTP
    // work, and several connections posting at once then use every core.
    QThreadPool m_parsePool;
    bool m_tls = false;
    bool m_stopping = false;
    qint64 m_startedMs = 0;
    std::atomic<quint16> m_port{0};
    mutable std::mutex m_errorMutex;
    QString m_lastError;
};

}  // namespace eos
