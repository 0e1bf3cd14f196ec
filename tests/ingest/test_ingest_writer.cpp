// IngestWriter against real PostgreSQL: batching, dedup, agents, NOTIFY per batch, spool across an outage, the
// inbox for lone small batches.
#include "ingest/alert_parser.h"
#include "store/embedded_cluster.h"
#include "ingest/ingest_writer.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "store/migrator.h"
#include "http_test_support.h"
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

namespace {

struct Collected {
    std::mutex m;
    std::vector<IngestResult> results;
    std::atomic<int> count{0};
};

// n sample alerts, parsed, each distinct (unique ids, as the benchmark does)
std::vector<AlertRecord> sampleAlerts(int n, int salt = 0)
{
    std::vector<AlertRecord> out;
    for (int i = 0; i < n; ++i) {
        AlertRecord r;
        QString msg;
        if (AlertParser::parse(eos::test::uniqueAlert(i, QByteArray::number(salt)), &r, &msg) != AlertParser::Error::None)
            qFatal("%s", qPrintable(msg));
        out.push_back(std::move(r));
    }
    return out;
}


// A second connection LISTENing on new_alert, as a console does; closed and removed when it goes.
struct NotifyListener {
    QString name;
    QSqlDatabase db;
    NotifyListener(const DbConnectionInfo &info, const QString &connectionName) : name(connectionName)
    {
        QString err;
        db = info.open(name, &err);
        if (!db.isOpen() || !db.driver()->subscribeToNotification(QStringLiteral("new_alert")))
            qWarning("cannot LISTEN new_alert: %s", qPrintable(err));
    }
    ~NotifyListener()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool listening() const { return db.isOpen() && db.driver()->subscribedToNotifications().contains(QStringLiteral("new_alert")); }
};

}  // namespace

class TestIngestWriter : public QObject {
    Q_OBJECT

    struct Running {
        IngestWriter *writer;
        std::unique_ptr<WorkerThread> thread;
    };
    static Running startWriter(const DbConnectionInfo &db, IngestWriter::Options o)
    {
        auto *w = new IngestWriter(db, o);
        Running r{w, std::make_unique<WorkerThread>(QStringLiteral("ingest"), w)};
        r.thread->start();
        QMetaObject::invokeMethod(w, &IngestWriter::start, Qt::BlockingQueuedConnection);
        return r;
    }
    static void stopWriter(Running &r)
    {
        QMetaObject::invokeMethod(r.writer, &IngestWriter::stop, Qt::BlockingQueuedConnection);
        r.thread.reset();
    }
    static void submit(IngestWriter *w, std::vector<AlertRecord> alerts, Collected *c)
    {
        w->submit(std::move(alerts), [c](const IngestResult &r) {
            std::lock_guard lock(c->m);
            c->results.push_back(r);
            ++c->count;
        });
    }

private Q_SLOTS:
    void batchesDedupAndAgents()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_batches"));
        QVERIFY(TestDatabase::migrate(db));
        IngestWriter::Options o;
        o.batchSize = 250;
        o.batchMs = 5;
        auto r = startWriter(db, o);
        Collected c;
        const auto alerts = sampleAlerts(1000);
        for (int i = 0; i < 10; ++i)
            submit(r.writer, std::vector<AlertRecord>(alerts.begin() + i * 100, alerts.begin() + (i + 1) * 100), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 10, 10000);
        for (const auto &res : c.results) {
            QVERIFY(res.durable);
            QCOMPARE(res.accepted, 100);
            QCOMPARE(res.duplicates, 0);
        }
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("1000"));
        // the same alerts again: all duplicates, nothing new
        Collected again;
        submit(r.writer, std::vector<AlertRecord>(alerts.begin(), alerts.begin() + 100), &again);
        QTRY_COMPARE_WITH_TIMEOUT(again.count.load(), 1, 5000);
        QCOMPARE(again.results[0].accepted, 0);
        QCOMPARE(again.results[0].duplicates, 100);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("1000"));
        // agents upserted from alert.agent, columns filled
        QVERIFY(TestDatabase::scalar(db, "SELECT count(*) FROM agents").toInt() >= 3);
        QCOMPARE(TestDatabase::scalar(db, "SELECT name FROM agents WHERE id = '001'"), QStringLiteral("RHEL7"));
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE alert_ts IS NULL OR raw IS NULL "
                                          "OR rule_level IS NULL OR state <> 'new'"),
                 QStringLiteral("0"));
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE 'sshd' = ANY(groups) AND src_ip IS NOT NULL")
                     .toInt() > 0,
                 true);
        stopWriter(r);
        TestDatabase::drop(db);
    }

    // A lone small batch (one client posting alerts one at a time) is acknowledged once it is in the inbox; the
    // writer's InboxMover moves it into alerts right after. Duplicates are told as before; bulk batches go
    // straight into alerts; stop() leaves nothing in the inbox.
    void singleAlertsAreAcknowledgedFromTheInbox()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_inbox"));
        QVERIFY(TestDatabase::migrate(db));
        IngestWriter::Options o;
        o.inboxMaxAlerts = 8;
        auto r = startWriter(db, o);
        QSignalSpy committed(r.writer, &IngestWriter::committed);
        Collected c;
        const auto alerts = sampleAlerts(121, 7);
        for (int i = 0; i < 20; ++i) {  // each after the previous answer: each a batch alone
            submit(r.writer, {alerts[size_t(i)]}, &c);
            QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), i + 1, 5000);
        }
        for (const auto &res : c.results) {
            QVERIFY(res.durable && !res.spooled);
            QCOMPARE(res.accepted, 1);
            QCOMPARE(res.duplicates, 0);
        }
        // they went through the inbox (its sequence counted them) and are moved into alerts, once each
        QCOMPARE(TestDatabase::scalar(db, "SELECT pg_sequence_last_value(pg_get_serial_sequence('alert_inbox', 'seq')::regclass)"),
                 QStringLiteral("20"));
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("20"), 5000);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alert_inbox"), QStringLiteral("0"));
        QTRY_VERIFY_WITH_TIMEOUT(!committed.isEmpty(), 5000);  // the moves' commits, as the writer's own
        QTRY_COMPARE_WITH_TIMEOUT(committed.last().at(0).toLongLong(), TestDatabase::scalar(db, "SELECT max(id) FROM alerts").toLongLong(), 5000);
        // the same alert again: a duplicate, whether the first is in alerts or still waits in the inbox
        Collected again;
        submit(r.writer, {alerts[0]}, &again);
        submit(r.writer, {alerts[20]}, &again);
        submit(r.writer, {alerts[20]}, &again);
        QTRY_COMPARE_WITH_TIMEOUT(again.count.load(), 3, 5000);
        QCOMPARE(again.results[0].duplicates, 1);
        QCOMPARE(again.results[1].accepted + again.results[2].accepted, 1);
        QCOMPARE(again.results[1].duplicates + again.results[2].duplicates, 1);
        // a bulk batch goes straight into alerts: there when it is answered
        Collected bulk;
        submit(r.writer, std::vector<AlertRecord>(alerts.begin() + 21, alerts.end()), &bulk);
        QTRY_COMPARE_WITH_TIMEOUT(bulk.count.load(), 1, 5000);
        QCOMPARE(bulk.results[0].accepted, 100);
        QStringList hashes;
        for (auto it = alerts.begin() + 21; it != alerts.end(); ++it) hashes << it->hash;
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_hash = ANY('{%1}')").arg(hashes.join(u','))),
                 QStringLiteral("100"));
        stopWriter(r);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("121"));
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alert_inbox"), QStringLiteral("0"));
        TestDatabase::drop(db);
    }

    void duplicateInsideOneRequest()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_dupe"));
        QVERIFY(TestDatabase::migrate(db));
        auto r = startWriter(db, {});
        Collected c;
        auto alerts = sampleAlerts(3);
        alerts.push_back(alerts[1]);
        submit(r.writer, alerts, &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 5000);
        QCOMPARE(c.results[0].accepted, 3);
        QCOMPARE(c.results[0].duplicates, 1);
        stopWriter(r);
        TestDatabase::drop(db);
    }

    void oneNotifyPerBatchAndCatchUpById()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_notify"));
        QVERIFY(TestDatabase::migrate(db));
        NotifyListener listener(db, QStringLiteral("listener"));
        QVERIFY(listener.listening());
        QList<qint64> payloads;
        connect(listener.db.driver(), &QSqlDriver::notification, this,
                [&](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                    if (name == QLatin1String("new_alert")) payloads.append(payload.toLongLong());
                });
        IngestWriter::Options o;
        o.batchSize = 100;
        o.batchMs = 1000;  // only full batches commit early
        auto r = startWriter(db, o);
        QSignalSpy committed(r.writer, &IngestWriter::committed);
        Collected c;
        submit(r.writer, sampleAlerts(300, 1), &c);  // one request of 300: a batch of its own
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(payloads.size(), 1, 2000);
        QCOMPARE(payloads.first(), TestDatabase::scalar(db, "SELECT max(id) FROM alerts").toLongLong());
        // three more requests of 40: group commit sends what has arrived at once when the database is idle and
        // collects the rest while a batch is in flight, so they take one to three transactions (three when
        // each arrives after the previous one committed, as on a loaded machine), one notification each
        for (int i = 0; i < 3; ++i) submit(r.writer, sampleAlerts(40, 10 + i), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 4, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(committed.size() >= 2 && payloads.size() == committed.size(), 5000);
        QVERIFY2(committed.size() <= 4, qPrintable(QString::number(committed.size())));
        // a consumer catches up by id, never by counting notifications
        const qint64 seen = payloads.first();
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE id > %1").arg(seen)),
                 QStringLiteral("120"));
        QCOMPARE(payloads.last(), TestDatabase::scalar(db, "SELECT max(id) FROM alerts").toLongLong());
        stopWriter(r);
        TestDatabase::drop(db);
    }

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

    // Several batches in flight on several connections still commit in id order: a consumer that
    // catches up by id at every notification ends with every row, and payloads only grow.
    void parallelBatchesCommitInIdOrder()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_parallel"));
        QVERIFY(TestDatabase::migrate(db));
        NotifyListener listener(db, QStringLiteral("plistener"));
        QVERIFY(listener.listening());
        QList<qint64> payloads;
        QSet<qint64> caughtUp;
        qint64 last = 0;
        connect(listener.db.driver(), &QSqlDriver::notification, this,
                [&](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                    if (name != QLatin1String("new_alert")) return;
                    payloads.append(payload.toLongLong());
                    QSqlQuery q(listener.db);
                    QVERIFY(q.exec(QStringLiteral("SELECT id FROM alerts WHERE id > %1 ORDER BY id").arg(last)));
                    while (q.next()) {
                        last = q.value(0).toLongLong();
                        caughtUp.insert(last);
                    }
                });
        IngestWriter::Options o;
        o.batchSize = 40;
        o.batchMs = 1;
        o.connections = 3;
        auto r = startWriter(db, o);
        Collected c;
        constexpr int kRequests = 60;
        std::vector<std::thread> senders;
        for (int t = 0; t < 3; ++t)
            senders.emplace_back([&, t] {
                for (int i = t; i < kRequests; i += 3) submit(r.writer, sampleAlerts(40, 100 + i), &c);
            });
        for (auto &t : senders) t.join();
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), kRequests, 30000);
        for (const auto &res : c.results) QCOMPARE(res.accepted, 40);
        const qint64 total = TestDatabase::scalar(db, "SELECT count(*) FROM alerts").toLongLong();
        QCOMPARE(total, qint64(kRequests * 40));
        QTRY_COMPARE_WITH_TIMEOUT(qint64(caughtUp.size()), total, 5000);
        QVERIFY2(payloads.size() > 3, "expected several batches");
        for (int i = 1; i < payloads.size(); ++i) QVERIFY2(payloads[i] > payloads[i - 1], "notification payloads went backwards");
        stopWriter(r);
        TestDatabase::drop(db);
    }

    // The same alert in two batches that would be in flight together: the later waits, one row results.
    void sameAlertInConcurrentBatches()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_overlap"));
        QVERIFY(TestDatabase::migrate(db));
        IngestWriter::Options o;
        o.batchSize = 10;
        o.batchMs = 0;
        o.connections = 2;
        auto r = startWriter(db, o);
        Collected c;
        auto first = sampleAlerts(10, 200);
        auto second = sampleAlerts(10, 201);
        second[3] = first[7];
        submit(r.writer, sampleAlerts(300, 202), &c);  // keeps a connection busy while the two queue up
        submit(r.writer, first, &c);
        submit(r.writer, second, &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 3, 15000);
        int accepted = 0, duplicates = 0;
        for (const auto &res : c.results) {
            QVERIFY2(res.durable, qPrintable(res.error));
            accepted += res.accepted;
            duplicates += res.duplicates;
        }
        QCOMPARE(accepted, 319);
        QCOMPARE(duplicates, 1);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts"), QStringLiteral("319"));
        stopWriter(r);
        TestDatabase::drop(db);
    }

    // The writer remembers which agents it upserted; an agent row deleted behind its back must not
    // make the next batch for that agent fail.
    void agentDeletedBehindTheCache()
    {
        const auto db = TestDatabase::create(QStringLiteral("ingest_agents"));
        QVERIFY(TestDatabase::migrate(db));
        auto r = startWriter(db, {});
        Collected c;
        const auto alerts = sampleAlerts(20, 300);
        submit(r.writer, std::vector<AlertRecord>(alerts.begin(), alerts.begin() + 10), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 1, 5000);
        const QString agent = alerts[10].agentId;
        QVERIFY2(std::any_of(alerts.begin(), alerts.begin() + 10, [&](const AlertRecord &a) { return a.agentId == agent; }),
                 "the first batch must have upserted the agent the test deletes");
        QVERIFY(TestDatabase::exec(db, QStringLiteral("DELETE FROM alerts WHERE agent_id = '%1'").arg(agent)));
        QVERIFY(TestDatabase::exec(db, QStringLiteral("DELETE FROM agents WHERE id = '%1'").arg(agent)));
        submit(r.writer, std::vector<AlertRecord>(alerts.begin() + 10, alerts.end()), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 2, 5000);
        QVERIFY2(c.results[1].durable, qPrintable(c.results[1].error));
        QCOMPARE(c.results[1].accepted, 10);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM agents WHERE id = '%1'").arg(agent)), QStringLiteral("1"));
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

    // Group commit: with the database idle a single alert is committed at once, not after EOS_BATCH_MS
    // (here a minute, which would time the test out); many single alerts at once share commits.
    void groupCommitDoesNotWaitForTheTimer()
    {
        const auto db = TestDatabase::create(QStringLiteral("iw_group"));
        QVERIFY(TestDatabase::migrate(db));
        IngestWriter::Options o;
        o.batchMs = 60000;
        auto r = startWriter(db, o);
        std::atomic<int> commits{0};
        QObject::connect(r.writer, &IngestWriter::committed, r.writer, [&commits] { ++commits; }, Qt::DirectConnection);
        const auto alerts = sampleAlerts(401, 11);
        Collected one;
        submit(r.writer, {alerts[0]}, &one);
        QTRY_COMPARE_WITH_TIMEOUT(one.count.load(), 1, 20000);
        QVERIFY(one.results[0].durable && one.results[0].accepted == 1);
        // one at a time, each waiting for its answer (one client on one connection)
        for (int i = 1; i < 21; ++i) {
            submit(r.writer, {alerts[size_t(i)]}, &one);
            QTRY_COMPARE_WITH_TIMEOUT(one.count.load(), i + 1, 20000);
        }
        // 380 at once: they go together in few commits (while one is in flight the others collect)
        Collected many;
        const int before = commits.load();
        for (int i = 21; i < 401; ++i) submit(r.writer, {alerts[size_t(i)]}, &many);
        QTRY_COMPARE_WITH_TIMEOUT(many.count.load(), 380, 30000);
        const int used = commits.load() - before;
        QVERIFY2(used < 380 / 2, qPrintable(QStringLiteral("%1 commits for 380 alerts").arg(used)));
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("401"));
        stopWriter(r);
        TestDatabase::drop(db);
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

QTEST_GUILESS_MAIN(TestIngestWriter)
#include "test_ingest_writer.moc"
