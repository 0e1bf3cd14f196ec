// IngestWriter against real PostgreSQL: batching, dedup, agents, NOTIFY per batch, spool across an outage.
#include "alert_parser.h"
#include "embedded_cluster.h"
#include "ingest_writer.h"
#include "metrics.h"
#include "migrator.h"
#include "test_database.h"
#include "worker_thread.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>

#include <sys/stat.h>

using namespace eos;
using eos::test::TestDatabase;

namespace {

struct Collected {
    std::mutex m;
    std::vector<IngestResult> results;
    std::atomic<int> count{0};
};

std::vector<AlertRecord> sampleAlerts(int n, int salt = 0)
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing samples");
    const auto lines = f.readAll().split('\n');
    std::vector<AlertRecord> out;
    for (int i = 0; i < n; ++i) {
        QByteArray l = lines[i % 50];
        // unique ids so every alert is distinct (as the benchmark does)
        l.replace("\"id\":\"17", QByteArray("\"id\":\"") + QByteArray::number(salt) + '-' + QByteArray::number(i) + "-17");
        AlertRecord r;
        QString msg;
        if (AlertParser::parse(l, &r, &msg) != AlertParser::Error::None) qFatal("%s", qPrintable(msg));
        out.push_back(std::move(r));
    }
    return out;
}


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
        QString err;
        QSqlDatabase listener = db.open(QStringLiteral("listener"), &err);
        QVERIFY2(listener.isOpen(), qPrintable(err));
        QVERIFY(listener.driver()->subscribeToNotification(QStringLiteral("new_alert")));
        QList<qint64> payloads;
        connect(listener.driver(), &QSqlDriver::notification, this,
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
        // three more requests of 40 arrive within the batch window: one transaction, one notification
        for (int i = 0; i < 3; ++i) submit(r.writer, sampleAlerts(40, 10 + i), &c);
        QTRY_COMPARE_WITH_TIMEOUT(c.count.load(), 4, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(payloads.size(), 2, 2000);
        QTest::qWait(200);
        QCOMPARE(payloads.size(), 2);
        QCOMPARE(committed.size(), 2);
        // a consumer catches up by id, never by counting notifications
        const qint64 seen = payloads.first();
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE id > %1").arg(seen)),
                 QStringLiteral("120"));
        QCOMPARE(payloads.last(), TestDatabase::scalar(db, "SELECT max(id) FROM alerts").toLongLong());
        stopWriter(r);
        listener.close();
        listener = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("listener"));
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
        // order kept: ids follow the order the alerts were accepted in
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT alert_hash FROM alerts ORDER BY id DESC LIMIT 1")),
                 alerts.back().hash);
        stopWriter(r);
        cluster.reset();
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
