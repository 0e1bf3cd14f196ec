// HttpListener's contract end to end: real sockets, the real IngestWriter and real PostgreSQL (rows
// checked in `alerts`): 202 single and NDJSON, duplicates, bad lines, 400/401/404/405, 204 below the
// minimum level, 503 when nothing can make alerts durable, health and metrics, no token = no listener.
#include "ingest/alert_parser.h"
#include "http_test_support.h"
#include "test_database.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>

using namespace eos;
using namespace eos::test;

class TestHttpListener : public QObject, protected ListenerFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(setUp(QStringLiteral("http_listener"))); }
    void cleanupTestCase() { tearDown(); }

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

    // /readyz: 200 only while the database is up and the schema current; 503 otherwise (the daemon is
    // alive and spools, /healthz stays 200), so a load balancer sends alerts to another replica.
    void readiness()
    {
        auto up = std::make_shared<std::atomic<bool>>(false);
        auto current = std::make_shared<std::atomic<bool>>(true);
        RunningListener l;
        QVERIFY(l.start(baseConfig(), m_writer.writer, [up, current] {
            return QJsonObject{{QStringLiteral("database"), QJsonObject{{QStringLiteral("up"), up->load()},
                                                                        {QStringLiteral("schema_current"), current->load()}}}};
        }));
        HttpReply r = send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n", l.port);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QStringLiteral("database_up")).toBool(), false);
        QCOMPARE(send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", l.port).status, 200);
        up->store(true);
        r = send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n", l.port);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("ready")).toBool(), true);
        current->store(false);  // an older schema: migrations not run yet
        r = send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n", l.port);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QStringLiteral("schema_current")).toBool(), false);
        QCOMPARE(send(postRequest("/readyz", "{}", kToken), l.port).status, 405);
        l.stop();
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
        nowhere.options = {{QStringLiteral("connect_timeout"), QStringLiteral("2")}};
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

        // the same outage with a spool: durable on disk, so 202, and the answer says where it went
        QTemporaryDir spool;
        QVERIFY(spool.isValid());
        RunningWriter sw;
        IngestWriter::Options so;
        so.spoolDir = spool.filePath(QStringLiteral("spool"));
        sw.start(nowhere, so);
        RunningListener sl;
        QVERIFY(sl.start(baseConfig(), sw.writer));
        const HttpReply sr = send(postRequest("/wazuh_alert", uniqueAlert(14, salt()), kToken), sl.port);
        QCOMPARE(sr.status, 202);
        QCOMPARE(sr.json().value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(sr.json().value(QStringLiteral("spooled")).toBool(), true);
        QCOMPARE(rows(), before);
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
};

QTEST_GUILESS_MAIN(TestHttpListener)
#include "test_http_listener.moc"
