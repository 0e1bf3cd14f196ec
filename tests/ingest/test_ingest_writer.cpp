// IngestWriter against real PostgreSQL: batching, dedup, agents, NOTIFY per batch, the inbox for lone small
// batches, group commit. Failures (refused alerts, outages and the spool, the bounded queue): test_ingest_writer_failures.
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

class TestIngestWriter : public QObject {
    Q_OBJECT

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

};

QTEST_GUILESS_MAIN(TestIngestWriter)
#include "test_ingest_writer.moc"
