#include "ingest/http_listener.h"

#include "ingest/alert_parser.h"
#include "ingest/ingest_answer.h"
#include "ingest/ndjson_splitter.h"
#include "ingest/tls_server.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "core/rejection_log.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>

#include <sys/socket.h>
#include <unistd.h>

namespace eos {
namespace {

auto log() { return Logging::get("listener"); }

constexpr int kMaxListedErrors = 1000;  // NDJSON: bad lines named in one answer, at most
constexpr int kStopGraceMs = 5000;
constexpr int kMaxRefusedLingering = 64;  // refused (over the bound) sockets kept for an orderly close

const char *rejectReason(AlertParser::Error e)
{
    return e == AlertParser::Error::BadJson ? "bad_json" : "not_wazuh";
}

QString peerText(const QHostAddress &a)
{
    bool v4 = false;
    const quint32 ip4 = a.toIPv4Address(&v4);  // ::ffff:10.0.0.5 reads as 10.0.0.5
    return v4 ? QHostAddress(ip4).toString() : a.toString();
}

QString peerText(const HttpConnection *c)
{
    const QTcpSocket *sock = c ? c->socket() : nullptr;
    return sock ? peerText(sock->peerAddress()) : QString();
}

// At most one warning per interval for conditions that can repeat per request (outage, flood).
bool rateLimitedLog(std::atomic<qint64> &last, qint64 intervalMs = 10000)
{
    const qint64 now = HttpConnection::nowMs();
    qint64 prev = last.load();
    return now - prev >= intervalMs && last.compare_exchange_strong(prev, now);
}
std::atomic<qint64> g_lastUnavailableLog{-100000};
std::atomic<qint64> g_lastFullLog{-100000};

// Answers a request whose alerts the sink has finished with (runs on the connection's thread).
void answerIngest(HttpConnection *c, const IngestResult &r, int ignored, const QByteArray &errorsJson, bool batch)
{
    const IngestAnswer a = IngestAnswer::of(r, ignored, errorsJson, batch);
    // (the sink counts refused alerts itself, and logs the overloaded ones, rate-limited)
    if (a.refusal) RejectionLog::instance().record(QLatin1String(a.refusal), a.status, peerText(c));
    if (!r.overloaded && !r.durable && rateLimitedLog(g_lastUnavailableLog))
        log()->warn("alerts not durable (answered 503): {}", s(r.error));
    c->respondJson(a.status, a.body, a.headers);
}

}  // namespace

HttpListener::HttpListener(const Config &config, IngestSink *sink, std::function<QJsonObject()> health, QObject *parent)
    : QObject(parent), m_sink(sink), m_health(std::move(health))
{
    const QString token = config.value(QStringLiteral("WEBHOOK_AUTH_TOKEN"));
    if (!token.isEmpty()) m_tokenDigest = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
    m_listenAddr = config.value(QStringLiteral("LISTEN_ADDR")).trimmed();
    m_listenPort = config.intValue(QStringLiteral("LISTEN_PORT"), 9000);
    m_tlsCert = config.value(QStringLiteral("EOS_TLS_CERT"));
    m_tlsKey = config.value(QStringLiteral("EOS_TLS_KEY"));
    m_connOptions.limits.maxBody = std::max(0, config.intValue(QStringLiteral("EOS_MAX_BODY"), 1 << 20));
    m_connOptions.timeoutMs = std::max(1, config.intValue(QStringLiteral("EOS_HTTP_TIMEOUT_MS"), 10000));
    m_connOptions.headerTimeoutMs = std::max(1, config.intValue(QStringLiteral("EOS_HEADER_TIMEOUT_MS"), 3000));
    m_maxPerPeer = std::max(1, config.intValue(QStringLiteral("EOS_MAX_CONNECTIONS_PER_PEER"), 32));
    m_minLevel = config.intValue(QStringLiteral("EOS_MIN_LEVEL"), 0);
    m_maxConnections = std::max(1, config.intValue(QStringLiteral("EOS_MAX_CONNECTIONS"), 256));
    m_parsePool.setObjectName(QStringLiteral("eos-http-parse"));
    m_parsePool.setExpiryTimeout(60000);
    // what waits to be parsed: a few bodies per parse thread (bodies of clients that hung up are dropped)
    m_maxParseBacklogBytes = std::max<qint64>(16LL << 20, qint64(m_connOptions.limits.maxBody) * 4 * std::max(2, QThread::idealThreadCount()));
}

HttpListener::~HttpListener()
{
    // connections are our children; they must not call back into a half-destroyed listener
    m_parsePool.waitForDone();
    const auto conns = m_connections;
    m_connections.clear();
    for (auto *c : conns) delete c;
}

QString HttpListener::lastError() const
{
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
}

bool HttpListener::fail(const QString &error)
{
    {
        std::lock_guard lock(m_errorMutex);
        m_lastError = error;
    }
    log()->error("alert listener not started: {}", s(error));
    delete m_server;
    m_server = nullptr;
    return false;
}

bool HttpListener::start()
{
    if (m_server) return true;
    {
        std::lock_guard lock(m_errorMutex);
        m_lastError.clear();
    }
    m_stopping = false;
    if (m_tokenDigest.isEmpty())
        return fail(QStringLiteral("WEBHOOK_AUTH_TOKEN is not set; the alert listener never accepts unauthenticated "
                                   "alerts, so it stays off. Set WEBHOOK_AUTH_TOKEN (or WEBHOOK_AUTH_TOKEN_FILE) to the "
                                   "token Wazuh sends in X-Auth-Token."));
    QHostAddress addr;
    if (m_listenAddr.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) addr = QHostAddress::LocalHost;
    else if (!addr.setAddress(m_listenAddr))
        return fail(QStringLiteral("LISTEN_ADDR=%1 is not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::)").arg(m_listenAddr));
    if (m_listenPort < 0 || m_listenPort > 65535)
        return fail(QStringLiteral("LISTEN_PORT=%1 is not a port number (0-65535)").arg(m_listenPort));

    const bool wantTls = !m_tlsCert.isEmpty() || !m_tlsKey.isEmpty();
    if (wantTls && (m_tlsCert.isEmpty() || m_tlsKey.isEmpty()))
        return fail(QStringLiteral("EOS_TLS_CERT and EOS_TLS_KEY must be set together (one of them is empty)"));
    m_tls = false;
    if (wantTls) {
        QString error;
        m_server = TlsServer::create(m_tlsCert, m_tlsKey, this, &error);
        if (!m_server) return fail(error);
        m_tls = true;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(64);
    // integratord starts one process per alert: a burst is hundreds of connects at once. Qt's default
    // kernel backlog (50) drops SYNs beyond it and those clients stall for a retransmit (1 s, 3 s, ...).
    m_server->setListenBacklogSize(1024);
    if (!m_server->listen(addr, quint16(m_listenPort)))
        return fail(QStringLiteral("cannot listen on %1:%2: %3").arg(addr.toString()).arg(m_listenPort).arg(m_server->errorString()));
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpListener::onPendingConnections);

    if (!m_sweepTimer) {
        m_sweepTimer = new QTimer(this);
        connect(m_sweepTimer, &QTimer::timeout, this, &HttpListener::sweep);
    }
    m_sweepTimer->start(std::clamp(m_connOptions.timeoutMs / 4, 20, 500));
    m_startedMs = HttpConnection::nowMs();
    m_port = m_server->serverPort();
    log()->info("alert listener on {}://{}:{} (max body {} bytes, {} connections, timeout {} ms)", m_tls ? "https" : "http",
                s(addr.toString()), m_port.load(), m_connOptions.limits.maxBody, m_maxConnections, m_connOptions.timeoutMs);
    return true;
}

void HttpListener::stop()
{
    if (!m_server) return;
    m_stopping = true;
    m_server->close();  // no new connections
    for (auto *c : QSet<HttpConnection *>(m_connections)) c->closeWhenIdle();
    if (!m_connections.isEmpty()) {
        // requests in flight get their answers (the ingest stage is still running), for a few seconds
        QEventLoop loop;
        QTimer poll;
        const qint64 until = HttpConnection::nowMs() + kStopGraceMs;
        connect(&poll, &QTimer::timeout, &loop, [&] {
            if (m_connections.isEmpty() || HttpConnection::nowMs() >= until) loop.quit();
        });
        poll.start(20);
        loop.exec();
    }
    m_parsePool.waitForDone();  // no parse job may reach the sink after stop()
    const int left = int(m_connections.size());
    for (auto *c : QSet<HttpConnection *>(m_connections)) c->abort();
    if (left) log()->warn("alert listener stopped with {} connection(s) still busy", left);
    delete m_server;
    m_server = nullptr;
    if (m_sweepTimer) m_sweepTimer->stop();
    m_port = 0;
    log()->info("alert listener stopped");
}

bool HttpListener::isTrusted(const QHostAddress &peer) const
{
    constexpr qint64 kTrustMs = 24LL * 3600 * 1000;  // a day since its last good token
    const auto it = m_trustedPeers.constFind(peer);
    return it != m_trustedPeers.cend() && HttpConnection::nowMs() - *it < kTrustMs;
}

void HttpListener::onPendingConnections()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *sock = m_server->nextPendingConnection();
        if (!sock) break;
        const QHostAddress peer = sock->peerAddress();
        const bool trusted = isTrusted(peer);
        // a quarter of the slots stays free for peers that authenticated before
        const int bound = trusted ? m_maxConnections : m_maxConnections - m_maxConnections / 4;
        const bool peerFull = !trusted && m_perPeer.value(peer) >= m_maxPerPeer;
        if (m_stopping || m_connections.size() >= bound || peerFull) {
            // over the bound: a short answer and close. The answer goes out with a FIN and whatever the
            // client already sent is read and dropped for up to a second (closing with its request
            // unread would reset the connection and could destroy the answer), as long as few such
            // sockets are lingering; beyond that they are dropped at once so a flood cannot pile up.
            if (rateLimitedLog(g_lastFullLog))
                log()->warn("{} reached: refusing {}",
                            peerFull ? fmt::format("per-address connection limit ({})", m_maxPerPeer)
                                     : fmt::format("connection limit ({}{})", bound, trusted ? "" : " for unauthenticated peers"),
                            s(peer.toString()));
            RejectionLog::instance().record(QStringLiteral("connection_limit"), 503, peerText(peer));
            static const QByteArray body = R"({"error":"too many connections","kind":"unavailable"})";
            static const QByteArray answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                             "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                                             QByteArray::number(body.size()) + "\r\n\r\n" + body;
            if (qobject_cast<QSslSocket *>(sock) || m_refusedLingering >= kMaxRefusedLingering) {
                sock->abort();  // (no plaintext answer into a TLS port)
                sock->deleteLater();
                continue;
            }
            ++m_refusedLingering;
            sock->write(answer);
            sock->flush();
            ::shutdown(int(sock->socketDescriptor()), SHUT_WR);
            connect(sock, &QIODevice::readyRead, sock, [sock] { sock->skip(sock->bytesAvailable()); });
            connect(sock, &QAbstractSocket::disconnected, sock, &QObject::deleteLater);
            connect(sock, &QObject::destroyed, this, [this] { --m_refusedLingering; });
            QTimer::singleShot(1000, sock, [sock] { sock->abort(); });
            continue;
        }
        auto *c = new HttpConnection(sock, this, m_connOptions, this);
        m_connections.insert(c);
        m_peerOf.insert(c, peer);
        ++m_perPeer[peer];
        c->begin();
    }
}

void HttpListener::onClosed(HttpConnection *c)
{
    if (!m_connections.remove(c)) return;
    const auto it = m_peerOf.find(c);
    if (it != m_peerOf.end()) {
        auto pc = m_perPeer.find(*it);
        if (pc != m_perPeer.end() && --*pc <= 0) m_perPeer.erase(pc);
        m_peerOf.erase(it);
    }
    c->deleteLater();
}

void HttpListener::sweep()
{
    const qint64 now = HttpConnection::nowMs();
    for (auto *c : QSet<HttpConnection *>(m_connections)) c->checkDeadline(now);
}

bool HttpListener::tokenMatches(QByteArrayView token) const
{
    // both sides hashed: the comparison takes the same time whatever the length or content
    const QByteArray digest = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    if (digest.size() != m_tokenDigest.size()) return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < digest.size(); ++i)
        diff |= static_cast<unsigned char>(digest[i] ^ m_tokenDigest[i]);
    return diff == 0;
}

HttpListener::Route HttpListener::routeOf(QByteArrayView path)
{
    if (path == "/wazuh_alerts") return Route::Alerts;
    if (path == "/wazuh_alert") return Route::Alert;
    if (path == "/healthz") return Route::Health;
    if (path == "/readyz") return Route::Ready;
    if (path == "/metrics") return Route::Metrics;
    return Route::None;
}

void HttpListener::onProtocolError(HttpConnection *c, int status)
{
    if (status == 413) Metrics::instance().addRejected(QStringLiteral("too_large"));
    const QString reason = status == 413   ? QStringLiteral("too_large")
                           : status == 431 ? QStringLiteral("headers_too_large")
                           : status == 408 ? QStringLiteral("timeout")
                                           : QStringLiteral("bad_request");
    RejectionLog::instance().record(reason, status, peerText(c));
}

bool HttpListener::onHeaders(HttpConnection *c)
{
    const auto &r = c->request();
    switch (routeOf(r.path())) {
    case Route::None:
        c->respondJson(404, IngestAnswer::jsonError(QStringLiteral("unknown path; alerts go to POST /wazuh_alert (one JSON alert) or "
                                                     "POST /wazuh_alerts (NDJSON)")));
        return false;
    case Route::Alert:
    case Route::Alerts:
        if (r.method() != "POST") {
            c->respondJson(405, IngestAnswer::jsonError(QStringLiteral("use POST")), "Allow: POST\r\n");
            return false;
        }
        if (!r.hasAuthToken() || !tokenMatches(r.authToken())) {
            // refused on the head: the body is never read
            Metrics::instance().addRejected(QStringLiteral("auth"));
            RejectionLog::instance().record(QStringLiteral("auth"), 401, peerText(c));
            c->respondJson(401, IngestAnswer::jsonError(r.hasAuthToken() ? QStringLiteral("wrong X-Auth-Token")
                                                           : QStringLiteral("missing X-Auth-Token header")));
            return false;
        }
        if (const auto it = m_peerOf.constFind(c); it != m_peerOf.cend()) {
            if (m_trustedPeers.size() >= 4096 && !m_trustedPeers.contains(*it)) m_trustedPeers.clear();  // bounded
            m_trustedPeers.insert(*it, HttpConnection::nowMs());
        }
        return true;
    case Route::Health:
    case Route::Ready:
    case Route::Metrics:
        if (r.method() != "GET") {
            c->respondJson(405, IngestAnswer::jsonError(QStringLiteral("use GET")), "Allow: GET\r\n");
            return false;
        }
        return true;
    }
    return false;
}

void HttpListener::onRequest(HttpConnection *c)
{
    switch (routeOf(c->request().path())) {
    case Route::Alert: handleAlert(c); break;
    case Route::Alerts: handleAlerts(c); break;
    case Route::Health: handleHealth(c); break;
    case Route::Ready: handleReady(c); break;
    case Route::Metrics:
        c->respond(200, "text/plain; version=0.0.4; charset=utf-8", Metrics::instance().prometheusText());
        break;
    case Route::None: c->respondJson(404, IngestAnswer::jsonError(QStringLiteral("unknown path"))); break;
    }
}

void HttpListener::handleHealth(HttpConnection *c)
{
    QJsonObject h = m_health ? m_health() : QJsonObject();
    const qint64 uptime = (HttpConnection::nowMs() - m_startedMs) / 1000;
    if (!h.contains(QStringLiteral("uptime_seconds"))) h.insert(QStringLiteral("uptime_seconds"), uptime);
    const auto db = h.value(QStringLiteral("database")).toObject();
    if (!h.contains(QStringLiteral("status")))
        h.insert(QStringLiteral("status"), db.isEmpty() || db.value(QStringLiteral("up")).toBool() ? QStringLiteral("ok")
                                                                                                  : QStringLiteral("degraded"));
    h.insert(QStringLiteral("listener"), QJsonObject{{QStringLiteral("uptime_seconds"), uptime},
                                                     {QStringLiteral("port"), int(m_port.load())},
                                                     {QStringLiteral("tls"), m_tls},
                                                     {QStringLiteral("connections"), int(m_connections.size())},
                                                     {QStringLiteral("max_connections"), m_maxConnections}});
    c->respondJson(200, QJsonDocument(h).toJson(QJsonDocument::Compact));
}

// Readiness (Kubernetes, load balancers): 200 only while alerts go straight into a reachable database
// whose schema is current; 503 otherwise (the daemon is alive and spools, see /healthz, but another
// replica should take the traffic).
void HttpListener::handleReady(HttpConnection *c)
{
    const QJsonObject h = m_health ? m_health() : QJsonObject();
    const auto db = h.value(QStringLiteral("database")).toObject();
    const bool up = db.value(QStringLiteral("up")).toBool();
    const bool current = db.value(QStringLiteral("schema_current")).toBool(true);
    const bool ready = !h.isEmpty() && up && current;
    QJsonObject r{{QStringLiteral("ready"), ready}, {QStringLiteral("database_up"), up}, {QStringLiteral("schema_current"), current}};
    c->respondJson(ready ? 200 : 503, QJsonDocument(r).toJson(QJsonDocument::Compact));
}

void HttpListener::handleAlert(HttpConnection *c)
{
    auto &m = Metrics::instance();
    ++m.alertsReceived;
    AlertRecord rec;
    QString msg;
    const auto err = AlertParser::parse(c->request().body(), &rec, &msg);
    if (err != AlertParser::Error::None) {
        m.addRejected(QLatin1String(rejectReason(err)));
        RejectionLog::instance().record(QLatin1String(rejectReason(err)), 400, peerText(c));
        c->respondJson(400, IngestAnswer::jsonError(msg, rejectReason(err)));
        return;
    }
    if (rec.ruleLevel < m_minLevel) {
        m.addRejected(QStringLiteral("below_min_level"));
        c->respond(204, {}, {});
        return;
    }
    std::vector<AlertRecord> one;
    one.push_back(std::move(rec));
    submit(m_sink, c->handle(), c->requestSerial(), std::move(one), 0, {}, false);
}

struct HttpListener::Batch {
    QByteArray body;
    int minLevel = 0;
    std::vector<AlertRecord> records;
    int seen = 0, ignored = 0, errorCount = 0;
    QByteArray errorsJson;
    QString peer;  // for the rejection log
};

void HttpListener::parseBatch(Batch &b)
{
    auto &m = Metrics::instance();
    QByteArrayView body = b.body;
    b.records.reserve(size_t(std::min<qsizetype>(body.size() / 512 + 1, 8192)));
    QJsonArray errors;
    int line = 0, badJson = 0, notWazuh = 0;
    QString msg;
    NdjsonSplitter lines(body);
    for (QByteArrayView l; lines.next(&l, &line);) {
        ++b.seen;
        AlertRecord rec;
        const auto err = AlertParser::parse(l, &rec, &msg);
        if (err != AlertParser::Error::None) {
            (err == AlertParser::Error::BadJson ? badJson : notWazuh)++;
            if (++b.errorCount <= kMaxListedErrors)
                errors.append(QJsonObject{{QStringLiteral("line"), line}, {QStringLiteral("error"), msg}});
            continue;
        }
        if (rec.ruleLevel < b.minLevel) {
            ++b.ignored;
            continue;
        }
        b.records.push_back(std::move(rec));
    }
    m.alertsReceived += std::uint64_t(b.seen);
    if (badJson) m.addRejected(QStringLiteral("bad_json"), std::uint64_t(badJson));
    if (notWazuh) m.addRejected(QStringLiteral("not_wazuh"), std::uint64_t(notWazuh));
    // refused lines (the request itself may still be answered 202 for the good ones)
    if (badJson) RejectionLog::instance().record(QStringLiteral("bad_json"), 400, b.peer, badJson);
    if (notWazuh) RejectionLog::instance().record(QStringLiteral("not_wazuh"), 400, b.peer, notWazuh);
    if (b.ignored) m.addRejected(QStringLiteral("below_min_level"), std::uint64_t(b.ignored));
    if (b.errorCount) {
        b.errorsJson = QJsonDocument(errors).toJson(QJsonDocument::Compact);
        if (b.errorCount > kMaxListedErrors)  // the list is cut short: say how many there were
            b.errorsJson.append(",\"errors_total\":").append(QByteArray::number(b.errorCount));
    }
    b.body = QByteArray();
}

void HttpListener::handleAlerts(HttpConnection *c)
{
    // the body is copied: the connection (and its buffer) may go away while the pool parses it
    const qsizetype size = c->request().body().size();
    auto backlog = m_parseBacklogBytes;
    if (backlog->load() + size > m_maxParseBacklogBytes && backlog->load() > 0) {
        // bodies wait to be parsed already (clients faster than the parse threads): push back at once
        Metrics::instance().addRejected(QStringLiteral("overloaded"));
        const IngestAnswer a = IngestAnswer::overloaded();
        RejectionLog::instance().record(QLatin1String(a.refusal), a.status, peerText(c));
        c->respondJson(a.status, a.body, a.headers);
        return;
    }
    auto batch = std::make_shared<Batch>();
    batch->body = c->request().body().toByteArray();
    batch->minLevel = m_minLevel;
    batch->peer = peerText(c);
    const auto handle = c->handle();
    const quint64 serial = c->requestSerial();
    IngestSink *sink = m_sink;
    backlog->fetch_add(size);
    m_parsePool.start([batch, handle, serial, sink, backlog, size] {
        {
            // a client that hung up gets no answer: its alerts are not parsed nor queued (it never saw
            // a 202, so it sends them again), and the memory goes at once
            std::lock_guard lock(handle->mutex);
            if (!handle->connection) {
                batch->body = QByteArray();
                backlog->fetch_sub(size);
                return;
            }
        }
        parseBatch(*batch);
        backlog->fetch_sub(size);
        if (!batch->records.empty()) {
            submit(sink, handle, serial, std::move(batch->records), batch->ignored, std::move(batch->errorsJson), true);
            return;
        }
        const IngestAnswer a = IngestAnswer::nothingToStore(batch->seen, batch->errorCount, batch->ignored, batch->errorsJson);
        const int status = a.status;
        const QByteArray answer = a.body;
        std::lock_guard lock(handle->mutex);
        if (HttpConnection *conn = handle->connection)
            QMetaObject::invokeMethod(
                conn,
                [conn, serial, status, answer] {
                    if (conn->requestSerial() == serial && conn->isWaiting()) conn->respondJson(status, answer);
                },
                Qt::QueuedConnection);
    });
}

void HttpListener::submit(IngestSink *sink, const std::shared_ptr<HttpConnectionHandle> &handle, quint64 serial,
                          std::vector<AlertRecord> records, int ignored, QByteArray errorsJson, bool batch)
{
    sink->submit(std::move(records), [handle, serial, ignored, errorsJson = std::move(errorsJson),
                                        batch](const IngestResult &result) {
        // on the ingest thread: only post to the connection, and only while it exists
        std::lock_guard lock(handle->mutex);
        HttpConnection *conn = handle->connection;
        if (!conn) return;
        QMetaObject::invokeMethod(
            conn,
            [conn, serial, ignored, errorsJson, batch, result] {
                if (conn->requestSerial() != serial || !conn->isWaiting()) return;
                answerIngest(conn, result, ignored, errorsJson, batch);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace eos
