// Support for the listener tests: a minimal blocking HTTP/1.1 client (raw requests on a QTcpSocket or
// QSslSocket, one response read back: status, headers, Content-Length body; deliberately separate from
// the server's parser, so a bug there cannot hide itself), and fixtures that run the real IngestWriter
// and the listener on their own threads.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QFile>
#include <QSqlDatabase>

#include "sample_alerts.h"
#include "test_database.h"
#include "ingest/http_listener.h"
#include "ingest/ingest_writer.h"
#include "core/metrics.h"
#include "store/migrator.h"
#include "core/worker_thread.h"

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace eos::test {

struct HttpReply {
    int status = 0;  // 0: no (complete) response
    QHash<QByteArray, QByteArray> headers;  // lower-case names
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

inline QByteArray postRequest(const QByteArray &path, const QByteArray &body, const QByteArray &token,
                              const QByteArray &extra = {})
{
    QByteArray r = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    if (!token.isNull()) r += "X-Auth-Token: " + token + "\r\n";
    return r + extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Reads exactly one response (leaves any following bytes in `pending`).
inline HttpReply readReply(QTcpSocket &s, QByteArray *pending, int timeoutMs = 10000)
{
    HttpReply r;
    QElapsedTimer t;
    t.start();
    auto more = [&] {
        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())))) return false;
        *pending += s.readAll();
        return true;
    };
    qsizetype he;
    for (;;) {
        he = pending->indexOf("\r\n\r\n");
        if (he >= 0) {
            // skip interim 1xx answers
            if (pending->startsWith("HTTP/1.1 1")) {
                pending->remove(0, he + 4);
                continue;
            }
            break;
        }
        if (!more()) return r;
    }
    const QList<QByteArray> lines = pending->left(he).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].indexOf(':');
        if (c > 0) r.headers.insert(lines[i].left(c).trimmed().toLower(), lines[i].mid(c + 1).trimmed());
    }
    const qsizetype len = r.headers.value("content-length", "0").toLongLong();
    while (pending->size() < he + 4 + len)
        if (!more()) return r;
    r.status = lines[0].mid(9, 3).toInt();
    r.body = pending->mid(he + 4, len);
    pending->remove(0, he + 4 + len);
    return r;
}

inline HttpReply exchange(QTcpSocket &s, const QByteArray &request, int timeoutMs = 10000)
{
    QByteArray pending;
    s.write(request);
    return readReply(s, &pending, timeoutMs);
}

// True when the peer closes the connection within timeoutMs.
inline bool waitClosed(QTcpSocket &s, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
        s.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
        s.readAll();
    }
    return s.state() != QAbstractSocket::ConnectedState;
}

inline const QByteArray kToken = "test-token-0123456789";

inline QList<QByteArray> sampleLines() { return eos::test::sampleAlertLines(); }

// Sample line i made unique with salt (its "id" changes, so its dedup hash does).
inline QByteArray uniqueAlert(int i, const QByteArray &salt)
{
    static const QList<QByteArray> lines = sampleLines();
    QByteArray l = lines[i % lines.size()];
    l.replace("\"id\":\"17", "\"id\":\"" + salt + '-' + QByteArray::number(i) + "-17");
    return l;
}


struct RunningWriter {
    IngestWriter *writer = nullptr;
    std::unique_ptr<WorkerThread> thread;
    void start(const DbConnectionInfo &db, IngestWriter::Options o)
    {
        writer = new IngestWriter(db, o);
        thread = std::make_unique<WorkerThread>(QStringLiteral("ingest"), writer);
        thread->start();
        QMetaObject::invokeMethod(writer, &IngestWriter::start, Qt::BlockingQueuedConnection);
    }
    void stop()
    {
        if (!writer) return;
        QMetaObject::invokeMethod(writer, &IngestWriter::stop, Qt::BlockingQueuedConnection);
        thread.reset();
        writer = nullptr;
    }
    ~RunningWriter() { stop(); }
};

struct RunningListener {
    HttpListener *listener = nullptr;
    std::unique_ptr<WorkerThread> thread;
    bool started = false;
    quint16 port = 0;
    bool start(const Config &config, IngestSink *sink, std::function<QJsonObject()> health = {})
    {
        listener = new HttpListener(config, sink, std::move(health));
        thread = std::make_unique<WorkerThread>(QStringLiteral("listener"), listener);
        thread->start();
        QMetaObject::invokeMethod(listener, &HttpListener::start, Qt::BlockingQueuedConnection, &started);
        port = listener->port();
        return started;
    }
    void stop()
    {
        if (!listener) return;
        QMetaObject::invokeMethod(listener, &HttpListener::stop, Qt::BlockingQueuedConnection);
        thread.reset();
        listener = nullptr;
    }
    ~RunningListener() { stop(); }
};

// eos_alerts_rejected_total{reason="…"} as Metrics shows it.
inline quint64 rejected(const char *reason)
{
    const QByteArray text = Metrics::instance().prometheusText();
    const QByteArray needle = QByteArray("eos_alerts_rejected_total{reason=\"") + reason + "\"} ";
    const auto at = text.indexOf(needle);
    if (at < 0) qFatal("no rejected counter for %s", reason);
    return text.mid(at + needle.size(), text.indexOf('\n', at) - at - needle.size()).toULongLong();
}

// Hands alerts on to the real writer after a delay, so a request is reliably still in flight.
struct DelayedSink : IngestSink {
    IngestSink *inner;
    int delayMs;
    std::vector<std::thread> threads;
    DelayedSink(IngestSink *i, int ms) : inner(i), delayMs(ms) {}
    ~DelayedSink() override
    {
        for (auto &t : threads) t.join();
    }
    void submit(std::vector<AlertRecord> alerts, Done done) override
    {
        threads.emplace_back([this, a = std::move(alerts), d = std::move(done)]() mutable {
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            inner->submit(std::move(a), std::move(d));
        });
    }
};

inline Config baseConfig()
{
    Config c;
    c.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString::fromLatin1(kToken));
    c.set(QStringLiteral("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
    c.set(QStringLiteral("LISTEN_PORT"), QStringLiteral("0"));
    return c;
}


// What both listener test files share: a migrated database, a real IngestWriter and a listener with the
// default test configuration. Test classes derive from it and call setUp()/tearDown() in
// initTestCase()/cleanupTestCase().
struct ListenerFixture {
    DbConnectionInfo m_db;
    RunningWriter m_writer;
    RunningListener m_main;  // default configuration
    int m_salt = 0;

    bool setUp(const QString &hint)
    {
        m_db = TestDatabase::create(hint);
        if (!TestDatabase::migrate(m_db)) return false;
        IngestWriter::Options o;
        o.batchMs = 2;
        m_writer.start(m_db, o);
        const bool ok = m_main.start(baseConfig(), m_writer.writer, [] {
            return QJsonObject{{QStringLiteral("database"), QJsonObject{{QStringLiteral("up"), true}}},
                               {QStringLiteral("spool"), QJsonObject{{QStringLiteral("depth"), 7}}}};
        });
        return ok && m_main.port != 0;
    }
    void tearDown()
    {
        m_main.stop();
        m_writer.stop();
        TestDatabase::drop(m_db);
    }

    QByteArray salt() { return "t" + QByteArray::number(++m_salt); }
    int rows() { return TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM alerts")).toInt(); }

    // from: the local address to connect from (any of 127.0.0.0/8 on Linux), so tests can play clients
    // on different hosts (the listener's per-address bounds); empty: 127.0.0.1
    std::unique_ptr<QTcpSocket> connectTo(quint16 port, const QString &from = {})
    {
        auto s = std::make_unique<QTcpSocket>();
        if (!from.isEmpty() && !s->bind(QHostAddress(from))) qWarning("bind %s failed", qPrintable(from));
        s->connectToHost(QHostAddress::LocalHost, port);
        if (!s->waitForConnected(3000)) qWarning("connect failed: %s", qPrintable(s->errorString()));
        return s;
    }
    HttpReply send(const QByteArray &request, quint16 port = 0)
    {
        auto s = connectTo(port ? port : m_main.port);
        return exchange(*s, request);
    }
};

}  // namespace eos::test
