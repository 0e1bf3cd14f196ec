// IngestWriter against real PostgreSQL when things go wrong: alerts PostgreSQL cannot take as sent (NUL bytes,
// year 0) stored anyway, a request PostgreSQL refuses refused alone, the spool across an outage drained once,
// the bounded queue refusing beyond its bound, reconnect failures and store errors logged rate-limited, and
// nothing called durable without a database or a spool.
#include "ingest/alert_parser.h"
#include "store/embedded_cluster.h"
#include "ingest/ingest_writer.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "store/migrator.h"
#include "http_test_support.h"
#include "ingest_writer_fixture.h"
#include "test_database.h"
#include "core/worker_thread.h"

#include <QCoreApplication>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/stat.h>

using namespace eos;
using eos::test::TestDatabase;
using namespace eos::test::ingest_writer;

class TestIngestWriterFailures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Alerts PostgreSQL could not take as sent (U+0000 in values and keys, year 0) share a batch with
    // ordinary ones: every one of them is stored, none fails the batch.
    void storesAlertsPostgresCouldNotTakeAsSent()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_odd"));
        QVERIFY(TestDatabase::migrate(db));
        auto r = startWriter(db, {});
        Collected c;
        auto alerts = sampleAlerts(5, 400);
        for (const QByteArray &odd : {QByteArray(R"({"rule":{"level":3,"description":"nul\u0000here"},"agent":{"id":"0\u00009"},)"
                                                R"("full_log":"bin\u0000ary","data":{"k\u0000ey":"v"}})"),
                                     QByteArray(R"({"rule":{"level":3},"agent":{"id":"010"},"timestamp":"0000-01-01T00:00:00.000+0000"})")}) {
            AlertRecord rec;
            QString msg;
            QCOMPARE(AlertParser::parse(odd, &rec, &msg), AlertParser::Error::None);
            alerts.push_back(rec);
        }
        submit(r.writer, alerts, &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 5000);
        QVERIFY2(c.results[0].durable, qPrintable(c.results[0].error));
        QCOMPARE(c.results[0].accepted, 7);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT raw->>'full_log' FROM alerts WHERE rule_desc LIKE 'nul%'")),
                 QStringLiteral("bin") + QChar(0xFFFD) + QStringLiteral("ary"));
        stopWriter(r);
        TestDatabase::drop(db);
    }

    // A request PostgreSQL refuses (here: a trigger some administrator added) is refused alone; the
    // requests that shared its batch are stored.
    void oneRefusedRequestDoesNotSinkItsBatch()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_poison"));
        QVERIFY(TestDatabase::migrate(db));
        QVERIFY(TestDatabase::exec(db, QStringLiteral(
            "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.raw->>'full_log' = 'poison' THEN RAISE EXCEPTION 'poisoned alert'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER refuse_poison BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION refuse_poison()")));
        IngestWriter::Options o;
        o.batchSize = 1000;
        o.batchMs = 300;  // all three requests land in one batch
        auto r = startWriter(db, o);
        Collected c;
        AlertRecord poison;
        QString msg;
        QCOMPARE(AlertParser::parse(R"({"rule":{"level":3},"agent":{"id":"001"},"full_log":"poison"})", &poison, &msg),
                 AlertParser::Error::None);
        auto good1 = sampleAlerts(10, 500);
        auto good2 = sampleAlerts(10, 501);
        auto bad = sampleAlerts(2, 502);
        bad.push_back(poison);
        r.writer->submit(std::move(good1), [&c](const IngestResult &res) { std::lock_guard l(c.m); c.results.push_back(res); ++c.count; });
        std::atomic<bool> badDurable{true};
        QString badError;
        r.writer->submit(std::move(bad), [&](const IngestResult &res) {
            std::lock_guard l(c.m);
            badDurable = res.durable;
            badError = res.error;
            ++c.count;
        });
        submit(r.writer, std::move(good2), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 3, 10000);
        QVERIFY(!badDurable);
        QVERIFY2(badError.contains(QStringLiteral("poisoned alert")), qPrintable(badError));
        QCOMPARE(int(c.results.size()), 2);
        for (const auto &res : c.results) {
            QVERIFY2(res.durable, qPrintable(res.error));
            QCOMPARE(res.accepted, 10);
        }
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("20"));
        stopWriter(r);
        TestDatabase::drop(db);
    }

    void spoolsWhileDatabaseIsDownAndDrainsOnce()
    {
        // a private cluster this test can stop and start
        QTemporaryDir tmp(QStringLiteral("/tmp/eos-iw-XXXXXX"));
        ::chmod(QFile::encodeName(tmp.path()).constData(), 0755);
        EmbeddedCluster::Options co;
        co.dataDir = tmp.path() + QStringLiteral("/pg");
        co.throwaway = true;
        auto cluster = std::make_unique<EmbeddedCluster>(co);
        QString err;
        QVERIFY2(cluster->start(&err), qPrintable(err));
        const auto db = cluster->connectionInfo();
        QVERIFY(TestDatabase::migrate(db));

        IngestWriter::Options o;
        o.batchSize = 50;
        o.batchMs = 2;
        o.spoolDir = tmp.path() + QStringLiteral("/spool");
        auto r = startWriter(db, o);
        Collected c;
        const auto alerts = sampleAlerts(600, 7);
        auto slice = [&](int from, int n) { return std::vector<AlertRecord>(alerts.begin() + from, alerts.begin() + from + n); };
        for (int i = 0; i < 4; ++i) submit(r.writer, slice(i * 50, 50), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 4, 5000);

        QVERIFY2(cluster->stop(&err), qPrintable(err));  // outage
        for (int i = 4; i < 10; ++i) submit(r.writer, slice(i * 50, 50), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 10, 15000);
        int spooled = 0;
        for (const auto &res : c.results) {
            QVERIFY2(res.durable, qPrintable(res.error));  // every request was acknowledged as durable
            if (res.spooled) spooled += res.accepted;
        }
        QVERIFY2(spooled >= 250, qPrintable(QString::number(spooled)));
        QVERIFY(r.writer->spoolDepth() > 0);
        QVERIFY(!r.writer->databaseUp());

        QVERIFY2(cluster->start(&err), qPrintable(err));  // back
        for (int i = 10; i < 12; ++i) submit(r.writer, slice(i * 50, 50), &c);  // arrivals during the drain
        QTRY_COMPARE_WITH_TIMEOUT(r.writer->spoolDepth(), qint64(0), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 12, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("600"), 10000);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(DISTINCT alert_hash) FROM alerts"), QStringLiteral("600"));
        // arrivals once the database is back go straight to PostgreSQL, not behind the spool's drain
        {
            std::lock_guard lock(c.m);
            QVERIFY(c.results[10].durable && !c.results[10].spooled);
            QVERIFY(c.results[11].durable && !c.results[11].spooled);
        }
        stopWriter(r);
        cluster.reset();
    }

    // The queue is bounded: with the database stalled, submissions beyond EOS_INGEST_QUEUE_MAX are refused
    // at once (overloaded: the listener's 503 + Retry-After) and never stored; single alerts keep a little
    // room of their own; what was accepted is committed once the database moves again.
    void boundedQueueRefusesBeyondItsBound()
    {
        const auto db = TestDatabase::create(QStringLiteral("iw_bound"));
        QVERIFY(TestDatabase::migrate(db));
        IngestWriter::Options o;
        o.batchSize = 50;
        o.queueMax = 100;
        auto r = startWriter(db, o);
        const auto alerts = sampleAlerts(400, 12);
        auto slice = [&](int from, int n) { return std::vector<AlertRecord>(alerts.begin() + from, alerts.begin() + from + n); };
        QString err;
        Collected c;
        {
            QSqlDatabase locker = db.open(QStringLiteral("bound-locker"), &err);
            QVERIFY2(locker.isOpen(), qPrintable(err));
            QSqlQuery q(locker);
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("LOCK TABLE alerts IN ACCESS EXCLUSIVE MODE")));
            submit(r.writer, slice(0, 50), &c);  // taken at once, then waits for the lock
            QTRY_VERIFY_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                                          "wait_event_type = 'Lock' AND datname = current_database()"))
                                             .toInt() > 0,
                                     10000);
            submit(r.writer, slice(50, 50), &c);
            submit(r.writer, slice(100, 50), &c);  // the queue holds 100 now: full
            QCOMPARE(r.writer->queued(), qint64(100));
            Collected refused;
            submit(r.writer, slice(150, 50), &refused);
            submit(r.writer, slice(200, 10), &refused);
            QCOMPARE(refused.count.load(), 2);  // answered at once, on this thread
            for (const auto &res : refused.results) {
                QVERIFY(!res.durable && res.overloaded);
                QVERIFY2(res.error.contains(QStringLiteral("EOS_INGEST_QUEUE_MAX")), qPrintable(res.error));
            }
            submit(r.writer, slice(210, 1), &c);  // a single alert still gets in
            QCOMPARE(r.writer->queued(), qint64(101));
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bound-locker"));
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 4, 20000);
        for (const auto &res : c.results) QVERIFY2(res.durable && !res.overloaded, qPrintable(res.error));
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("151"));
        // nothing of the refused submissions was stored
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_hash IN ('%1', '%2')")
                                              .arg(alerts[150].hash, alerts[209].hash)),
                 QStringLiteral("0"));
        QCOMPARE(r.writer->queued(), qint64(0));
        stopWriter(r);
        TestDatabase::drop(db);
    }

    // A login that stops working after start-up (password changed, role disabled) is logged on the
    // reconnect attempts, rate-limited; "could not store" while nothing can take the alerts is logged
    // once an interval with a count, not once a request.
    void reconnectFailuresAndStoreErrorsAreLoggedRateLimited()
    {
        QTemporaryDir tmp;
        const QString logFile = tmp.filePath(QStringLiteral("log.txt"));
        Logging::setMirrorFile(logFile);
        auto restoreLog = qScopeGuard([] { Logging::setMirrorFile(QString()); });
        const auto db = TestDatabase::create(QStringLiteral("iw_login"));
        QVERIFY(TestDatabase::migrate(db));
        const QString role = QStringLiteral("eos_login_%1").arg(QCoreApplication::applicationPid());
        QVERIFY(TestDatabase::exec(db, QStringLiteral("DROP ROLE IF EXISTS %1; CREATE ROLE %1 LOGIN SUPERUSER").arg(role)));
        DbConnectionInfo as = db;
        as.user = role;
        auto r = startWriter(as, {});  // no spool: failures are answered at once
        Collected c;
        submit(r.writer, sampleAlerts(1, 13), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 10000);
        QVERIFY(c.results[0].durable);
        // the login stops working and the session is cut
        QVERIFY(TestDatabase::exec(db, QStringLiteral("ALTER ROLE %1 NOLOGIN; SELECT pg_terminate_backend(pid) FROM "
                                                      "pg_stat_activity WHERE usename = '%1'").arg(role)));
        for (int i = 0; i < 30; ++i) {
            submit(r.writer, sampleAlerts(2, 100 + i), &c);
            QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), i + 2, 10000);
        }
        QVERIFY(!c.results.back().durable);
        stopWriter(r);
        Logging::setMirrorFile(QString());
        QFile f(logFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.contains("not permitted to log in"), text.right(2000).constData());
        const auto storeErrors = text.count("could not store");
        QVERIFY2(storeErrors >= 1 && storeErrors <= 4, qPrintable(QStringLiteral("%1 'could not store' lines").arg(storeErrors)));
        QVERIFY2(text.count("not permitted to log in") <= 6, text.right(3000).constData());
        TestDatabase::exec(db, QStringLiteral("DROP ROLE IF EXISTS %1").arg(role));
        TestDatabase::drop(db);
    }

    void notDurableWithoutDatabaseOrSpool()
    {
        DbConnectionInfo nowhere;
        nowhere.host = QStringLiteral("127.0.0.1");
        nowhere.port = 1;  // nothing listens there
        nowhere.user = QStringLiteral("eos");
        auto r = startWriter(nowhere, {});  // no spool dir
        Collected c;
        submit(r.writer, sampleAlerts(5), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 10000);
        QVERIFY(!c.results[0].durable);
        QVERIFY(!c.results[0].error.isEmpty());
        stopWriter(r);
    }
};

QTEST_GUILESS_MAIN(TestIngestWriterFailures)
#include "test_ingest_writer_failures.moc"
