// HttpListener end to end: real sockets, the real IngestWriter and real PostgreSQL (rows checked in
// `alerts`). Every status code of the contract, keep-alive and pipelining, limits (body, connections,
// time), health and metrics, refusal to start without a token, and a TLS round trip.
#include "alert_parser.h"
#include "http_listener.h"
#include "http_test_client.h"
#include "ingest_writer.h"
#include "metrics.h"
#include "migrator.h"
#include "test_database.h"
#include "worker_thread.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace eos;
using eos::test::exchange;
using eos::test::HttpReply;
using eos::test::postRequest;
using eos::test::readReply;
using eos::test::TestDatabase;
using eos::test::waitClosed;

namespace {

const QByteArray kToken = "test-token-0123456789";

QList<QByteArray> sampleLines()
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing samples");
    QList<QByteArray> lines = f.readAll().split('\n');
    lines.removeAll(QByteArray());
    return lines;
}

// Sample line i made unique with salt (its "id" changes, so its dedup hash does).
QByteArray uniqueAlert(int i, const QByteArray &salt)
{
    static const QList<QByteArray> lines = sampleLines();
    QByteArray l = lines[i % lines.size()];
    l.replace("\"id\":\"17", "\"id\":\"" + salt + '-' + QByteArray::number(i) + "-17");
    return l;
}

bool migrate(const DbConnectionInfo &db)
{
    QString err;
    bool ok = false;
    {
        QSqlDatabase c = db.open(QStringLiteral("mig"), &err);
        ok = c.isOpen() && Migrator().migrate(c).ok;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("mig"));
    return ok;
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
quint64 rejected(const char *reason)
{
    const QByteArray text = Metrics::instance().prometheusText();
    const QByteArray needle = QByteArray("eos_alerts_rejected_total{reason=\"") + reason + "\"} ";
    const auto at = text.indexOf(needle);
    if (at < 0) qFatal("no rejected counter for %s", reason);
    return text.mid(at + needle.size(), text.indexOf('\n', at) - at - needle.size()).toULongLong();
}

Config baseConfig()
{
    Config c;
    c.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString::fromLatin1(kToken));
    c.set(QStringLiteral("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
    c.set(QStringLiteral("LISTEN_PORT"), QStringLiteral("0"));
    return c;
}

}  // namespace

class TestHttpListener : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    RunningWriter m_writer;
    RunningListener m_main;  // default configuration
    int m_salt = 0;

    QByteArray salt() { return "t" + QByteArray::number(++m_salt); }
    int rows() { return TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM alerts")).toInt(); }

    std::unique_ptr<QTcpSocket> connectTo(quint16 port)
    {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, port);
        if (!s->waitForConnected(3000)) qWarning("connect failed: %s", qPrintable(s->errorString()));
        return s;
    }
    HttpReply send(const QByteArray &request, quint16 port = 0)
    {
        auto s = connectTo(port ? port : m_main.port);
        return exchange(*s, request);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("http_listener"));
        QVERIFY(migrate(m_db));
        IngestWriter::Options o;
        o.batchMs = 2;
        m_writer.start(m_db, o);
        QVERIFY(m_main.start(baseConfig(), m_writer.writer, [] {
            return QJsonObject{{QStringLiteral("database"), QJsonObject{{QStringLiteral("up"), true}}},
                               {QStringLiteral("spool"), QJsonObject{{QStringLiteral("depth"), 7}}}};
        }));
        QVERIFY(m_main.port != 0);
    }
    void cleanupTestCase()
    {
        m_main.stop();
        m_writer.stop();
        TestDatabase::drop(m_db);
    }

    void singleAlertAndReorderedDuplicate()
    {
        const QByteArray alert = uniqueAlert(0, salt());
        const int before = rows();
        auto s = connectTo(m_main.port);
        HttpReply r = exchange(*s, postRequest("/wazuh_alert", alert, kToken));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(-1), 0);
        QCOMPARE(rows(), before + 1);  // 202 means committed
        AlertRecord rec;
        QString msg;
        QCOMPARE(AlertParser::parse(alert, &rec, &msg), AlertParser::Error::None);
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_hash = '%1'").arg(rec.hash)),
                 QStringLiteral("1"));

        // same alert, keys reordered (QJsonDocument sorts them) and indented, on the same connection
        const QByteArray reordered = QJsonDocument::fromJson(alert).toJson(QJsonDocument::Indented);
        QVERIFY(reordered != alert);
        QCOMPARE(s->state(), QAbstractSocket::ConnectedState);  // keep-alive
        r = exchange(*s, postRequest("/wazuh_alert", reordered, kToken));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(-1), 0);
        QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(), 1);
        QCOMPARE(rows(), before + 1);
    }

    void ndjsonBatchKeepAliveAndPipelining()
    {
        const QByteArray sl = salt();
        QByteArray body;
        for (int i = 0; i < 50; ++i) body += uniqueAlert(i, sl) + '\n';
        const int before = rows();
        const quint64 received = Metrics::instance().alertsReceived.load();
        auto s = connectTo(m_main.port);
        HttpReply r = exchange(*s, postRequest("/wazuh_alerts", body, kToken));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 50);
        QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(-1), 0);
        QCOMPARE(r.json().value(QStringLiteral("ignored")).toInt(-1), 0);
        QVERIFY(!r.json().contains(QStringLiteral("errors")));
        QCOMPARE(rows(), before + 50);
        QVERIFY(Metrics::instance().alertsReceived.load() >= received + 50);

        // two requests written at once on the same connection: answered in order
        const QByteArray sl2 = salt();
        s->write(postRequest("/wazuh_alerts", uniqueAlert(1, sl2) + "\r\n" + uniqueAlert(2, sl2), kToken) +
                 postRequest("/wazuh_alerts", body, kToken));
        QByteArray pending;
        r = readReply(*s, &pending);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 2);
        r = readReply(*s, &pending);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(), 50);
        QCOMPARE(rows(), before + 52);
        QCOMPARE(s->state(), QAbstractSocket::ConnectedState);
    }

    void ndjsonBadLinesKeepTheGoodOnes()
    {
        const QByteArray sl = salt();
        const QByteArray body = uniqueAlert(3, sl) + "\n{\"rule\": {\"level\": 3\n" + uniqueAlert(4, sl) +
                                "\n{\"foo\":1}\n\n" + uniqueAlert(5, sl) + "\n" +
                                R"({"rule":{"level":3},"agent":{"name":"x"}})" + "\n";
        const int before = rows();
        HttpReply r = send(postRequest("/wazuh_alerts", body, kToken));
        QCOMPARE(r.status, 202);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("accepted")).toInt(), 3);
        const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[0].toObject().value(QStringLiteral("line")).toInt(), 2);
        QVERIFY(errors[0].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("JSON")));
        QCOMPARE(errors[1].toObject().value(QStringLiteral("line")).toInt(), 4);
        QVERIFY(errors[1].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("rule")));
        QCOMPARE(errors[2].toObject().value(QStringLiteral("line")).toInt(), 7);  // blank line 5 still counts
        QVERIFY(errors[2].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("agent.id")));
        QCOMPARE(rows(), before + 3);

        // nothing usable: 400, nothing stored, every line named
        r = send(postRequest("/wazuh_alerts", "nope\n[1,2]\n", kToken));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(-1), 0);
        QCOMPARE(r.json().value(QStringLiteral("errors")).toArray().size(), 2);
        QCOMPARE(rows(), before + 3);
    }

    void badRequests400_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("malformed") << QByteArray("{\"rule\":") << "bad_json" << "JSON";
        QTest::newRow("empty") << QByteArray() << "bad_json" << "JSON";
        QTest::newRow("array") << QByteArray("[]") << "not_wazuh" << "object";
        QTest::newRow("no rule") << QByteArray(R"({"agent":{"id":"001"}})") << "not_wazuh" << "rule";
        QTest::newRow("no level") << QByteArray(R"({"rule":{"id":"1"},"agent":{"id":"001"}})") << "not_wazuh" << "rule.level";
        QTest::newRow("no agent.id") << QByteArray(R"({"rule":{"level":3},"agent":{}})") << "not_wazuh" << "agent.id";
    }
    void badRequests400()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, mentions);
        const int before = rows();
        auto s = connectTo(m_main.port);
        const HttpReply r = exchange(*s, postRequest("/wazuh_alert", body, kToken));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("kind")).toString(), kind);
        QVERIFY2(r.json().value(QStringLiteral("error")).toString().contains(mentions), r.body.constData());
        QCOMPARE(r.headers.value("connection"), QByteArray("close"));
        QVERIFY(waitClosed(*s, 2000));
        QCOMPARE(rows(), before);
    }

    void authPathsAndMethods()
    {
        const QByteArray alert = uniqueAlert(6, salt());
        const int before = rows();
        const quint64 auth0 = rejected("auth");
        HttpReply r = send(postRequest("/wazuh_alert", alert, QByteArray()));
        QCOMPARE(r.status, 401);
        QVERIFY(r.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("missing")));
        r = send(postRequest("/wazuh_alert", alert, "wrong"));
        QCOMPARE(r.status, 401);
        r = send(postRequest("/wazuh_alerts", alert, kToken + "x"));  // a prefix of the right token is not enough
        QCOMPARE(r.status, 401);
        r = send(postRequest("/wazuh_alert", alert, kToken.left(kToken.size() - 1)));
        QCOMPARE(r.status, 401);
        QCOMPARE(rows(), before);

        r = send(postRequest("/wazuh", alert, kToken));
        QCOMPARE(r.status, 404);
        QVERIFY(r.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("/wazuh_alert")));
        r = send("GET /wazuh_alert HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + kToken + "\r\n\r\n");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.headers.value("allow"), QByteArray("POST"));
        r = send(postRequest("/healthz", "{}", kToken));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.headers.value("allow"), QByteArray("GET"));
        QCOMPARE(rows(), before);
        QCOMPARE(rejected("auth"), auth0 + 4);
    }

    void tooLarge413WithoutReadingTheBody()
    {
        const quint64 tooLarge0 = rejected("too_large");
        auto s = connectTo(m_main.port);
        const qint64 announced = 256LL << 20;  // 256 MiB announced, limit is 1 MiB
        s->write("POST /wazuh_alerts HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + kToken +
                 "\r\nContent-Length: " + QByteArray::number(announced) + "\r\n\r\n");
        const QByteArray chunk(256 * 1024, 'x');
        qint64 queued = 0;
        QByteArray pending;
        QElapsedTimer t;
        t.start();
        // keep sending the body the way a naive client does, until the server hangs up
        while (s->state() == QAbstractSocket::ConnectedState && queued < announced && t.elapsed() < 10000) {
            if (s->bytesToWrite() < 4 * chunk.size()) queued += s->write(chunk);
            s->waitForBytesWritten(50);
            if (s->bytesAvailable()) pending += s->readAll();
        }
        pending += s->readAll();
        QVERIFY2(s->state() != QAbstractSocket::ConnectedState, "server kept reading the oversized body");
        QVERIFY2(queued < announced / 4, qPrintable(QStringLiteral("client got %1 bytes out").arg(queued)));
        QVERIFY2(pending.startsWith("HTTP/1.1 413 "), pending.left(100).constData());
        QVERIFY(pending.contains("too large"));

        // chunked: refused as soon as the data passes the limit
        auto c = connectTo(m_main.port);
        c->write("POST /wazuh_alerts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Auth-Token: " + kToken + "\r\n\r\n");
        for (int i = 0; i < 5 && c->state() == QAbstractSocket::ConnectedState; ++i) {
            c->write("40000\r\n" + chunk + "\r\n");
            c->waitForBytesWritten(1000);
        }
        QByteArray p2;
        const HttpReply r = readReply(*c, &p2);
        QCOMPARE(r.status, 413);
        QCOMPARE(rejected("too_large"), tooLarge0 + 2);
    }

    void expectContinue()
    {
        auto s = connectTo(m_main.port);
        const QByteArray alert = uniqueAlert(7, salt());
        s->write("POST /wazuh_alert HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nX-Auth-Token: " + kToken +
                 "\r\nContent-Length: " + QByteArray::number(alert.size()) + "\r\n\r\n");
        QVERIFY(s->waitForReadyRead(3000));
        QByteArray got = s->readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), got.constData());
        got.remove(0, 25);
        s->write(alert);
        const HttpReply r = readReply(*s, &got);
        QCOMPARE(r.status, 202);
    }

    void healthAndMetrics()
    {
        HttpReply r = send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // no token needed
        QCOMPARE(r.status, 200);
        const QJsonObject h = r.json();
        QCOMPARE(h.value(QStringLiteral("database")).toObject().value(QStringLiteral("up")).toBool(), true);
        QCOMPARE(h.value(QStringLiteral("spool")).toObject().value(QStringLiteral("depth")).toInt(), 7);
        QCOMPARE(h.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(h.value(QStringLiteral("uptime_seconds")).isDouble());
        QCOMPARE(h.value(QStringLiteral("listener")).toObject().value(QStringLiteral("port")).toInt(), int(m_main.port));

        send(postRequest("/wazuh_alert", uniqueAlert(8, salt()), kToken));
        r = send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        const QByteArray needle = "\neos_alerts_received_total ";
        const auto at = r.body.indexOf(needle);
        QVERIFY(at > 0);
        const quint64 shown = r.body.mid(at + needle.size(), r.body.indexOf('\n', at + 1) - at - needle.size()).toULongLong();
        QVERIFY(shown >= 1);
        QVERIFY(shown <= Metrics::instance().alertsReceived.load());
        QVERIFY(r.body.contains("eos_alerts_rejected_total{reason=\"bad_json\"}"));
    }

    void belowMinimumLevel()
    {
        Config c = baseConfig();
        c.set(QStringLiteral("EOS_MIN_LEVEL"), QStringLiteral("5"));
        RunningListener l;
        QVERIFY(l.start(c, m_writer.writer));
        const QByteArray sl = salt();
        QByteArray low = uniqueAlert(0, sl), high = low;  // sample 0 has rule.level 3
        QVERIFY(low.contains("\"level\":3,"));
        high.replace("\"level\":3,", "\"level\":9,");
        high.replace("\"id\":\"" + sl, "\"id\":\"" + sl + "hi");
        const int before = rows();
        const quint64 below0 = rejected("below_min_level");
        HttpReply r = send(postRequest("/wazuh_alert", low, kToken), l.port);
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(rows(), before);
        r = send(postRequest("/wazuh_alerts", low + "\n" + high + "\n", kToken), l.port);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(r.json().value(QStringLiteral("ignored")).toInt(), 1);
        QCOMPARE(rows(), before + 1);
        QCOMPARE(rejected("below_min_level"), below0 + 2);
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM alerts WHERE raw::text LIKE '%%1hi%'")
                                                .arg(QString::fromLatin1(sl))),
                 QStringLiteral("1"));
    }

    void unavailable503()
    {
        // a database nobody listens on and no spool: nothing can make the alert durable
        quint16 closedPort;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            closedPort = probe.serverPort();
        }
        DbConnectionInfo nowhere = m_db;
        nowhere.host = QStringLiteral("127.0.0.1");
        nowhere.port = closedPort;
        nowhere.options = QStringLiteral("connect_timeout=2");
        RunningWriter w;
        IngestWriter::Options o;
        o.spoolDir.clear();
        o.spoolMaxBytes = 0;
        w.start(nowhere, o);
        RunningListener l;
        QVERIFY(l.start(baseConfig(), w.writer));
        const int before = rows();
        const quint64 unavailable0 = rejected("unavailable");
        const HttpReply r = send(postRequest("/wazuh_alert", uniqueAlert(9, salt()), kToken), l.port);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.headers.value("retry-after"), QByteArray("5"));
        QCOMPARE(r.json().value(QStringLiteral("kind")).toString(), QStringLiteral("unavailable"));
        QCOMPARE(rows(), before);
        QCOMPARE(rejected("unavailable"), unavailable0 + 1);
    }

    void timeouts()
    {
        Config c = baseConfig();
        c.set(QStringLiteral("EOS_HTTP_TIMEOUT_MS"), QStringLiteral("300"));
        RunningListener l;
        QVERIFY(l.start(c, m_writer.writer));
        // idle connection: closed after the timeout, not before
        QElapsedTimer t;
        t.start();
        auto idle = connectTo(l.port);
        QVERIFY(waitClosed(*idle, 3000));
        QVERIFY2(t.elapsed() >= 250, qPrintable(QString::number(t.elapsed())));
        // slow request (headers never finished): 408, then closed
        auto slow = connectTo(l.port);
        slow->write("POST /wazuh_alert HTTP/1.1\r\nHost: x\r\n");
        QByteArray pending;
        HttpReply r = readReply(*slow, &pending, 3000);
        QCOMPARE(r.status, 408);
        QVERIFY(waitClosed(*slow, 3000));
        // keep-alive connection idle after a good request: closed too
        auto ka = connectTo(l.port);
        r = exchange(*ka, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(r.status, 200);
        QVERIFY(waitClosed(*ka, 3000));
    }

    void connectionBound()
    {
        Config c = baseConfig();
        c.set(QStringLiteral("EOS_MAX_CONNECTIONS"), QStringLiteral("2"));
        RunningListener l;
        QVERIFY(l.start(c, m_writer.writer));
        auto a = connectTo(l.port), b = connectTo(l.port);
        QCOMPARE(exchange(*a, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
        QCOMPARE(exchange(*b, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
        auto third = connectTo(l.port);
        QByteArray pending;
        third->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const HttpReply r = readReply(*third, &pending, 3000);
        QCOMPARE(r.status, 503);
        QVERIFY(r.headers.contains("retry-after"));
        QVERIFY(waitClosed(*third, 3000));
        // the two admitted connections still work; when one leaves, a newcomer gets in
        QCOMPARE(exchange(*a, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
        b->disconnectFromHost();
        QTest::qWait(100);
        auto d = connectTo(l.port);
        QCOMPARE(exchange(*d, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
    }

    void garbageFloodDoesNotStarveGoodClients()
    {
        std::vector<std::unique_ptr<QTcpSocket>> bad;
        for (int i = 0; i < 100; ++i) {
            bad.push_back(connectTo(m_main.port));
            bad.back()->write(i % 2 ? QByteArray("\x16\x03\x01 garbage\r\n\r\n") : QByteArray("GET /nope HTTP/1.1\r\n\r\n"));
        }
        QElapsedTimer t;
        t.start();
        const HttpReply r = send(postRequest("/wazuh_alert", uniqueAlert(10, salt()), kToken));
        QCOMPARE(r.status, 202);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        for (auto &s : bad) {
            QByteArray pending;
            const HttpReply br = readReply(*s, &pending, 3000);
            QVERIFY(br.status == 400 || br.status == 404);
            QVERIFY(waitClosed(*s, 3000));
        }
    }

    void refusesToStartWithoutToken()
    {
        Config c = baseConfig();
        c.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString());
        RunningListener l;
        QVERIFY(!l.start(c, m_writer.writer));
        QVERIFY(l.listener->lastError().contains(QStringLiteral("WEBHOOK_AUTH_TOKEN")));
        QCOMPARE(l.port, quint16(0));

        Config bad = baseConfig();
        bad.set(QStringLiteral("LISTEN_ADDR"), QStringLiteral("not-an-address"));
        RunningListener l2;
        QVERIFY(!l2.start(bad, m_writer.writer));
        QVERIFY(l2.listener->lastError().contains(QStringLiteral("LISTEN_ADDR")));
    }

    void tlsRoundTrip()
    {
        if (!QSslSocket::supportsSsl()) QSKIP("no TLS backend");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString cert = dir.filePath(QStringLiteral("cert.pem")), key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-days"),
                       QStringLiteral("1"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);

        // unreadable key: a clear error, no listener
        Config broken = baseConfig();
        broken.set(QStringLiteral("EOS_TLS_CERT"), cert);
        broken.set(QStringLiteral("EOS_TLS_KEY"), dir.filePath(QStringLiteral("missing.pem")));
        RunningListener nl;
        QVERIFY(!nl.start(broken, m_writer.writer));
        QVERIFY2(nl.listener->lastError().contains(QStringLiteral("EOS_TLS_KEY")), qPrintable(nl.listener->lastError()));

        Config c = baseConfig();
        c.set(QStringLiteral("EOS_TLS_CERT"), cert);
        c.set(QStringLiteral("EOS_TLS_KEY"), key);
        RunningListener l;
        QVERIFY2(l.start(c, m_writer.writer), qPrintable(l.listener->lastError()));

        QSslSocket s;
        auto conf = s.sslConfiguration();
        conf.setCaCertificates(QSslCertificate::fromPath(cert));  // trust exactly this certificate
        s.setSslConfiguration(conf);
        s.connectToHostEncrypted(QStringLiteral("localhost"), l.port);
        QVERIFY2(s.waitForEncrypted(10000), qPrintable(s.errorString()));
        const int before = rows();
        const QByteArray sl = salt();
        HttpReply r = exchange(s, postRequest("/wazuh_alerts", uniqueAlert(11, sl) + "\n" + uniqueAlert(12, sl), kToken));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 2);
        QCOMPARE(rows(), before + 2);
        r = exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive over TLS
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("listener")).toObject().value(QStringLiteral("tls")).toBool(), true);

        // plain HTTP to the TLS port gets nowhere
        auto plain = connectTo(l.port);
        plain->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray pending;
        QCOMPARE(readReply(*plain, &pending, 2000).status, 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpListener)
#include "test_http_listener.moc"
