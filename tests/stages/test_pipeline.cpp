// End to end through a real `eos-console --daemon`: every alert answered 202 is stored exactly once,
// across kill -9 of the daemon and an outage of PostgreSQL (spool), and the spool drains on restart.
#include "stages/pipeline.h"
#include "store/embedded_cluster.h"
#include "free_port.h"
#include "test_database.h"

#include <QJsonObject>
#include <QSemaphore>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/stat.h>

using eos::EmbeddedCluster;
using eos::test::TestDatabase;

namespace {

const QByteArray kToken = "pipeline-test-token-42";

using eos::test::freePort;  // free_port.h: below the ephemeral range

QByteArray alertJson(int n)
{
    return QStringLiteral(R"({"timestamp":"2026-11-22T11:07:16.828+0000","rule":{"level":7,"id":"5712","description":"sshd brute force","groups":["sshd"]},"agent":{"id":"00%1","name":"host%1"},"id":"e2e.%2","full_log":"x"})")
        .arg(n % 5)
        .arg(n)
        .toUtf8();
}

// Posts one alert on a keep-alive connection; returns the status code (0 on connection failure).
int post(QTcpSocket &sock, int port, const QByteArray &body)
{
    if (sock.state() != QAbstractSocket::ConnectedState) {
        sock.abort();
        sock.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (!sock.waitForConnected(1000)) return 0;
    }
    sock.write("POST /wazuh_alert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Auth-Token: " + kToken +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray buf;
    while (!buf.contains("\r\n\r\n")) {
        if (!sock.waitForReadyRead(5000)) {
            sock.abort();
            return 0;
        }
        buf += sock.readAll();
    }
    const qsizetype he = buf.indexOf("\r\n\r\n");
    const QByteArray head = buf.left(he).toLower();
    const auto cl = head.indexOf("content-length:");
    const long len = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toLong();
    while (buf.size() < he + 4 + len && sock.waitForReadyRead(5000)) buf += sock.readAll();
    if (head.contains("connection: close")) sock.disconnectFromHost();
    return buf.mid(9, 3).toInt();
}

// A pipeline with its listener on a free loopback port and the test's token.
eos::Config listenerConfig()
{
    eos::Config config;
    config.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString::fromLatin1(kToken));
    config.set(QStringLiteral("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
    config.set(QStringLiteral("LISTEN_PORT"), QStringLiteral("0"));
    return config;
}

}  // namespace

class TestPipeline : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    eos::DbConnectionInfo m_db;
    int m_pgPort = 0;
    int m_port = 0;

    std::unique_ptr<QProcess> startDaemon()
    {
        auto p = std::make_unique<QProcess>();
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("PG_DSN", QStringLiteral("postgresql://eos@127.0.0.1:%1/eos").arg(m_pgPort));
        env.insert("WEBHOOK_AUTH_TOKEN", QString::fromLatin1(kToken));
        env.insert("LISTEN_PORT", QString::number(m_port));
        env.insert("EOS_DATA_DIR", m_tmp->path() + QStringLiteral("/data"));
        env.insert("EOS_BATCH_MS", "5");
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
        if (!p->waitForStarted(5000)) return nullptr;
        // ready once it logs so (the listener is up by then): wait on its output, not on a timer
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("ready;") && p->state() == QProcess::Running && t.elapsed() < 15000) {
            p->waitForReadyRead(int(15000 - t.elapsed()));
            out += p->readAll();
        }
        if (out.contains("ready;")) return p;
        qWarning("daemon did not come up: %s", out.constData());
        return nullptr;
    }

    // Streams alerts from `from` until stopped; records the ones answered 202.
    struct Stream {
        std::atomic<bool> stop{false};
        std::mutex m;
        QSet<int> acked;
        std::atomic<int> sent{0};
        std::atomic<int> unanswered{0};  // posts that found no daemon
        std::condition_variable stopped;  // wakes the retry pause at stop
        std::thread th;
    };
    void startStream(Stream *s, int from)
    {
        s->th = std::thread([this, s, from] {
            QTcpSocket sock;
            for (int n = from; !s->stop; ++n) {
                const int code = post(sock, m_port, alertJson(n));
                ++s->sent;
                if (code == 202) {
                    std::lock_guard lock(s->m);
                    s->acked.insert(n);
                } else if (code == 0) {
                    // daemon gone: keep trying (nothing is acked), pausing briefly unless told to stop
                    ++s->unanswered;
                    std::unique_lock lock(s->m);
                    s->stopped.wait_for(lock, std::chrono::milliseconds(5), [s] { return s->stop.load(); });
                }
            }
        });
    }

    int storedCopies(int n) const
    {
        return TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM alerts WHERE raw->>'id' = 'e2e.%1'").arg(n)).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_tmp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-pl-XXXXXX"));
        ::chmod(QFile::encodeName(m_tmp->path()).constData(), 0755);
        EmbeddedCluster::Options o;
        o.dataDir = m_tmp->path() + QStringLiteral("/pg");
        o.throwaway = true;
        o.tcpPort = m_pgPort = freePort();
        m_cluster = std::make_unique<EmbeddedCluster>(o);
        QString err;
        QVERIFY2(m_cluster->start(&err), qPrintable(err));
        m_db = m_cluster->connectionInfo();
        m_port = freePort();
    }

    void killMinus9LosesNothingAcknowledged()
    {
        auto d = startDaemon();
        QVERIFY(d);
        Stream s;
        startStream(&s, 0);
        QTRY_VERIFY_WITH_TIMEOUT(s.acked.size() > 200, 20000);
        d->kill();  // SIGKILL, mid-stream
        d->waitForFinished(5000);
        // the stream keeps posting into the gap: wait until some posts found no daemon
        const int unansweredBefore = s.unanswered;
        QTRY_VERIFY_WITH_TIMEOUT(s.unanswered > unansweredBefore, 10000);
        s.stop = true;
        s.stopped.notify_all();
        s.th.join();
        QVERIFY(s.sent > s.acked.size());  // some were in flight or refused while down
        auto d2 = startDaemon();
        QVERIFY(d2);
        d2->terminate();
        QVERIFY(d2->waitForFinished(10000));
        QCOMPARE(d2->exitCode(), 0);
        int missing = 0, doubled = 0;
        for (int n : std::as_const(s.acked)) {
            const int c = storedCopies(n);
            if (c == 0) ++missing;
            if (c > 1) ++doubled;
        }
        QVERIFY2(missing == 0, qPrintable(QStringLiteral("%1 of %2 acknowledged alerts lost").arg(missing).arg(s.acked.size())));
        QCOMPARE(doubled, 0);
    }

    void outageThenKillMinus9DrainsSpoolOnRestart()
    {
        auto d = startDaemon();
        QVERIFY(d);
        QString err;
        QVERIFY2(m_cluster->stop(&err), qPrintable(err));  // PostgreSQL goes away mid-stream
        Stream s;
        startStream(&s, 100000);
        QTRY_VERIFY_WITH_TIMEOUT(s.acked.size() > 100, 20000);  // acknowledged from the spool
        d->kill();
        d->waitForFinished(5000);
        s.stop = true;
        s.th.join();
        QVERIFY(QFile::exists(m_tmp->path() + QStringLiteral("/data/spool")));
        QVERIFY2(m_cluster->start(&err), qPrintable(err));
        auto d2 = startDaemon();  // drains the spool first
        QVERIFY(d2);
        const int last = *std::max_element(s.acked.begin(), s.acked.end());
        QTRY_COMPARE_WITH_TIMEOUT(storedCopies(last), 1, 20000);
        d2->terminate();
        QVERIFY(d2->waitForFinished(10000));
        QCOMPARE(d2->exitCode(), 0);
        int missing = 0, doubled = 0;
        for (int n : std::as_const(s.acked)) {
            const int c = storedCopies(n);
            if (c == 0) ++missing;
            if (c > 1) ++doubled;
        }
        QVERIFY2(missing == 0, qPrintable(QStringLiteral("%1 of %2 acknowledged alerts lost").arg(missing).arg(s.acked.size())));
        QCOMPARE(doubled, 0);
    }

    // The systemd watchdog's view: every pipeline thread answers a probe through its event loop; a
    // thread stuck in a call (here: blocked on a semaphore) is named until it answers again.
    void watchdogNamesAStalledThread()
    {
        const auto db = TestDatabase::create(QStringLiteral("pl_watchdog"));
        QVERIFY(TestDatabase::migrate(db));
        auto dataDir = std::make_unique<QTemporaryDir>();
        eos::Config config;  // no token: no listener; enrichment without WAZUH_API_URL passes alerts through
        eos::Pipeline p(config, db, dataDir->path());
        QString err;
        QVERIFY2(p.start(&err), qPrintable(err));
        QVERIFY(p.workerOf(QStringLiteral("eos-enrich")) != nullptr);
        QVERIFY(p.workerOf(QStringLiteral("eos-ingest")) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT((p.probeThreads(), p.stalledThreads(150).isEmpty()), 5000);

        QSemaphore release;
        QMetaObject::invokeMethod(p.workerOf(QStringLiteral("eos-enrich")), [&release] { release.acquire(); },
                                  Qt::QueuedConnection);
        // probe again and again: only the blocked thread falls behind
        QTRY_VERIFY_WITH_TIMEOUT((p.probeThreads(), p.stalledThreads(150) == QStringList{QStringLiteral("eos-enrich")}), 5000);
        release.release();
        QTRY_VERIFY_WITH_TIMEOUT((p.probeThreads(), p.stalledThreads(150).isEmpty()), 5000);
        p.stop();
        QVERIFY(p.stalledThreads(0).isEmpty());  // a stopped pipeline has no threads to watch
        TestDatabase::drop(db);
    }

    // EOS_PIPELINE_STAGES: a daemon runs only the parts it is given (ingest on the manager host, the
    // stages elsewhere); a name that is no part of the pipeline stops the start with the known names.
    void pipelineStagesSelectsWhatRuns()
    {
        const auto db = TestDatabase::create(QStringLiteral("pl_select"));
        QVERIFY(TestDatabase::migrate(db));
        auto dataDir = std::make_unique<QTemporaryDir>();
        eos::Config config = listenerConfig();
        QString err;
        {
            config.set(QStringLiteral("EOS_PIPELINE_STAGES"), QStringLiteral("ingest"));
            eos::Pipeline p(config, db, dataDir->path());
            QVERIFY2(p.start(&err), qPrintable(err));
            QVERIFY(p.listenerPort() != 0);
            QVERIFY(p.workerOf(QStringLiteral("eos-enrich")) == nullptr);
            QVERIFY(p.health().value(QStringLiteral("stages")).toObject().isEmpty());
        }
        {
            config.set(QStringLiteral("EOS_PIPELINE_STAGES"), QStringLiteral(" Enrich "));
            eos::Pipeline p(config, db, dataDir->path());
            QVERIFY2(p.start(&err), qPrintable(err));
            QCOMPARE(p.listenerPort(), quint16(0));  // no intake here
            QVERIFY(p.workerOf(QStringLiteral("eos-listener")) == nullptr);
            QVERIFY(p.workerOf(QStringLiteral("eos-enrich")) != nullptr);
            QVERIFY(p.health().value(QStringLiteral("stages")).toObject().contains(QStringLiteral("enrich")));
        }
        {
            config.set(QStringLiteral("EOS_PIPELINE_STAGES"), QStringLiteral("ingest,enrichment"));
            eos::Pipeline p(config, db, dataDir->path());
            QVERIFY(!p.start(&err));
            QVERIFY2(err.contains(QStringLiteral("enrichment")) && err.contains(QStringLiteral("known: all, ingest, enrich")), qPrintable(err));
            QVERIFY(!p.isRunning());
        }
        {
            config.set(QStringLiteral("EOS_PIPELINE_STAGES"), QStringLiteral("all"));
            eos::Pipeline p(config, db, dataDir->path());
            QVERIFY2(p.start(&err), qPrintable(err));
            QVERIFY(p.listenerPort() != 0);
            QVERIFY(p.workerOf(QStringLiteral("eos-enrich")) != nullptr);
        }
        TestDatabase::drop(db);
    }

    // A stage that would only move an alert on is skipped at insert, and only when this daemon runs it:
    // no Wazuh API and no LLM → the alert enters as summarized and the enrichment stage processes nothing;
    // an LLM from level 8 → a level-7 alert enters summarized, a level-10 one agent_enriched (the LLM's);
    // a daemon that leaves enrichment to another (EOS_PIPELINE_STAGES=ingest) → new, for that daemon.
    void passThroughStagesAreSkippedAtInsert_data()
    {
        QTest::addColumn<QString>("stages");
        QTest::addColumn<bool>("llm");
        QTest::addColumn<QString>("level7");
        QTest::addColumn<QString>("level10");
        QTest::newRow("no API, no LLM") << QString() << false << "summarized" << "summarized";
        QTest::newRow("LLM from level 8") << QString() << true << "summarized" << "agent_enriched";
        QTest::newRow("ingest only") << "ingest" << false << "new" << "new";
        QTest::newRow("ingest and enrich, with an API") << "ingest,enrich" << false << "agent_enriched" << "agent_enriched";
    }

    void passThroughStagesAreSkippedAtInsert()
    {
        QFETCH(QString, stages);
        QFETCH(bool, llm);
        QFETCH(QString, level7);
        QFETCH(QString, level10);
        const auto db = TestDatabase::create(QStringLiteral("pl_entry"));
        QVERIFY(TestDatabase::migrate(db));
        auto dataDir = std::make_unique<QTemporaryDir>();
        eos::Config config = listenerConfig();
        if (!stages.isEmpty()) config.set(QStringLiteral("EOS_PIPELINE_STAGES"), stages);
        // a Wazuh API that is not there: enrichment has work to do (and moves alerts on when the API fails)
        if (stages == QLatin1String("ingest,enrich"))
            config.set(QStringLiteral("WAZUH_API_URL"), QStringLiteral("https://127.0.0.1:%1").arg(freePort()));
        if (llm) {
            // a server that is not there: the level-10 alert waits in agent_enriched for the LLM
            config.set(QStringLiteral("LLM_PROVIDER"), QStringLiteral("openai"));
            config.set(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://127.0.0.1:%1/v1").arg(freePort()));
            config.set(QStringLiteral("OPENAI_MODEL"), QStringLiteral("test-model"));
            config.set(QStringLiteral("LLM_MIN_LEVEL"), QStringLiteral("8"));
        }
        {
            eos::Pipeline p(config, db, dataDir->path());
            QString err;
            QVERIFY2(p.start(&err), qPrintable(err));
            QTcpSocket sock;
            auto body = [](int level, const char *id) {
                return QStringLiteral(R"({"timestamp":"2026-11-22T11:07:16.828+0000","rule":{"level":%1,"id":"5712","description":"sshd"},"agent":{"id":"001","name":"h"},"id":"%2"})")
                    .arg(level).arg(QLatin1String(id)).toUtf8();
            };
            QCOMPARE(post(sock, p.listenerPort(), body(7, "entry.7")), 202);
            QCOMPARE(post(sock, p.listenerPort(), body(10, "entry.10")), 202);
            auto state = [&db](const char *id) {
                return TestDatabase::scalar(db, QStringLiteral("SELECT state FROM alerts WHERE raw->>'id' = '%1'").arg(QLatin1String(id)));
            };
            // as stored (what a stage does later happens after it): the entry state. A single alert's 202 comes from
            // the ingest inbox; the row is in alerts once the inbox is empty.
            QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alert_inbox")), QStringLiteral("0"), 10000);
            const QString stored7 = state("entry.7"), stored10 = state("entry.10");
            QVERIFY2(stored7 == level7 || (stages == QLatin1String("ingest,enrich") && stored7 == QLatin1String("new")), qPrintable(stored7));
            QTRY_COMPARE_WITH_TIMEOUT(state("entry.7"), level7, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(state("entry.10"), level10, 10000);
            const bool skipped = stages.isEmpty();
            if (skipped) {
                QCOMPARE(stored10, level10);
                QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE enriched_at IS NULL")), QStringLiteral("0"));
                const auto enrich = p.health().value(QStringLiteral("stages")).toObject().value(QStringLiteral("enrich")).toObject();
                QCOMPARE(enrich.value(QStringLiteral("processed")).toInteger(), 0);
            } else if (stages == QLatin1String("ingest,enrich")) {
                // the API is set here: enrichment does the work (and moves both on)
                const auto enrich = [&p] {
                    return p.health().value(QStringLiteral("stages")).toObject().value(QStringLiteral("enrich")).toObject()
                        .value(QStringLiteral("processed")).toInteger();
                };
                QTRY_COMPARE_WITH_TIMEOUT(enrich(), 2, 10000);
            }
        }
        TestDatabase::drop(db);
    }

    void cleanupTestCase() { m_cluster.reset(); }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
