// RetentionWorker: deletes only alerts older than N days, in chunks of their own transactions; 0 days
// keeps everything; runs on its own thread.
#include "store/migrator.h"
#include "store/retention_worker.h"
#include "test_connection.h"
#include "test_database.h"
#include "core/worker_thread.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QVariant>

using eos::DbConnectionInfo;
using eos::RetentionWorker;
using eos::test::TestDatabase;

namespace {

using Conn = eos::test::TestConnection;

// A migrated database with `count` alerts ingested `ageSql` ago per group, e.g. {{"40 days", 100}}.
DbConnectionInfo databaseWith(const QString &hint, const QList<QPair<QString, int>> &groups)
{
    const auto info = TestDatabase::create(hint);
    {
        Conn c(info);
        const auto r = eos::Migrator().migrate(c.db());
        if (!r.ok) qFatal("migrate: %s", qPrintable(r.error));
    }
    int n = 0;
    for (const auto &[age, count] : groups) {
        if (!TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(alert_hash, raw, rule_desc, ingest_timestamp) "
                                                     "SELECT 'h-%1-' || g, '{}', '%2', now() - interval '%2' + g * interval '1 ms' "
                                                     "FROM generate_series(1, %3) g").arg(n++).arg(age).arg(count)))
            qFatal("insert failed");
    }
    // every DELETE statement and its transaction, to see the chunks
    TestDatabase::exec(info, QStringLiteral(
        "CREATE TABLE delete_log(txid bigint, at timestamptz DEFAULT clock_timestamp());"
        "CREATE FUNCTION log_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO delete_log(txid) VALUES (txid_current()); RETURN NULL; END $$;"
        "CREATE TRIGGER alerts_delete_log AFTER DELETE ON alerts FOR EACH STATEMENT EXECUTE FUNCTION log_delete();"));
    return info;
}

QMap<QString, int> countsByAge(const DbConnectionInfo &info)
{
    Conn c(info);
    QSqlQuery q(c.db());
    QMap<QString, int> out;
    if (!q.exec(QStringLiteral("SELECT rule_desc, count(*) FROM alerts GROUP BY 1"))) qWarning("%s", qPrintable(q.lastError().text()));
    while (q.next()) out.insert(q.value(0).toString(), q.value(1).toInt());
    return out;
}

}  // namespace

class TestRetentionWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deletesOnlyOldAlertsInChunks()
    {
        const auto info = databaseWith(QStringLiteral("prune"), {{QStringLiteral("40 days"), 100},
                                                                 {QStringLiteral("29 days 23 hours"), 20},
                                                                 {QStringLiteral("10 days"), 50},
                                                                 {QStringLiteral("1 minute"), 30}});
        qint64 n = 0;
        {
            Conn c(info);
            QString err;
            n = RetentionWorker::prune(c.db(), 30, 7, &err);
            QVERIFY2(n >= 0, qPrintable(err));
        }
        QCOMPARE(n, 100);
        const auto left = countsByAge(info);
        QCOMPARE(left.value(QStringLiteral("40 days")), 0);
        QCOMPARE(left.value(QStringLiteral("29 days 23 hours")), 20);
        QCOMPARE(left.value(QStringLiteral("10 days")), 50);
        QCOMPARE(left.value(QStringLiteral("1 minute")), 30);
        // 100 rows in chunks of 7: 15 DELETE statements, each in its own transaction
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM delete_log")), QStringLiteral("15"));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(DISTINCT txid) FROM delete_log")), QStringLiteral("15"));
        // nothing left to do: one statement that deletes nothing
        {
            Conn c(info);
            QCOMPARE(RetentionWorker::prune(c.db(), 30, 7), 0);
        }
        TestDatabase::drop(info);
    }

    void exactMultipleOfTheChunk()
    {
        const auto info = databaseWith(QStringLiteral("multiple"), {{QStringLiteral("8 days"), 21}, {QStringLiteral("1 day"), 5}});
        {
            Conn c(info);
            QCOMPARE(RetentionWorker::prune(c.db(), 7, 7), 21);
        }
        QCOMPARE(countsByAge(info).value(QStringLiteral("8 days")), 0);
        QCOMPARE(countsByAge(info).value(QStringLiteral("1 day")), 5);
        TestDatabase::drop(info);
    }

    void zeroDaysKeepsEverything()
    {
        const auto info = databaseWith(QStringLiteral("keep"), {{QStringLiteral("5000 days"), 10}, {QStringLiteral("1 day"), 3}});
        {
            Conn c(info);
            QCOMPARE(RetentionWorker::prune(c.db(), 0), 0);
            QCOMPARE(RetentionWorker::prune(c.db(), -5), 0);
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("13"));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM delete_log")), QStringLiteral("0"));
        TestDatabase::drop(info);
    }

    // The audit trail outlives the alerts: retention deletes alerts, their audit rows stay with the alert's
    // id and hash; audit rows cannot be updated, deleted or truncated; their own retention deletes only rows
    // older than EOS_AUDIT_RETENTION_DAYS.
    void auditTrailOutlivesAlertsAndIsAppendOnly()
    {
        const auto info = databaseWith(QStringLiteral("audit"), {{QStringLiteral("40 days"), 10}, {QStringLiteral("1 day"), 5}});
        QVERIFY(TestDatabase::exec(info, QStringLiteral(
            "INSERT INTO audit_log (alert_id, actor, action, at) SELECT id, 'ana', 'triage', ingest_timestamp FROM alerts")));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_hash LIKE 'h-%'")),
                 QStringLiteral("15"));
        {
            Conn c(info);
            QCOMPARE(RetentionWorker::prune(c.db(), 30, 4), 10);
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("5"));
        // every audit row is still there, the deleted alerts' rows with their id and hash
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM audit_log")), QStringLiteral("15"));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM audit_log l WHERE alert_hash LIKE 'h-0-%' "
                                                           "AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.id = l.alert_id)")),
                 QStringLiteral("10"));
        // append-only: UPDATE, DELETE and TRUNCATE are refused
        QString err;
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("UPDATE audit_log SET actor = 'mallory'"), &err));
        QVERIFY2(err.contains(QStringLiteral("append-only")), qPrintable(err));
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("DELETE FROM audit_log"), &err));
        QVERIFY2(err.contains(QStringLiteral("append-only")), qPrintable(err));
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("TRUNCATE audit_log"), &err));
        QVERIFY2(err.contains(QStringLiteral("append-only")), qPrintable(err));
        // the prune function's cutoff does not leak into the session (100 days: deletes nothing here)
        QVERIFY(TestDatabase::exec(info, QStringLiteral("SELECT eos_prune_audit_log(100); DELETE FROM audit_log"), &err) == false);
        QVERIFY2(err.contains(QStringLiteral("append-only")), qPrintable(err));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM audit_log")), QStringLiteral("15"));
        // its own retention: 0 keeps everything, 30 days removes the 10 old rows only
        {
            Conn c(info);
            QCOMPARE(RetentionWorker::pruneAudit(c.db(), 0), 0);
            QString e;
            QCOMPARE(RetentionWorker::pruneAudit(c.db(), 30, 3, &e), 10);
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM audit_log")), QStringLiteral("5"));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT min(at) > now() - interval '2 days' FROM audit_log")),
                 QStringLiteral("true"));
        // the one UPDATE allowed: a pending remediation attempt (outcome "sending") completed once, adding to its
        // details only; a completed row, or a change of anything else, stays refused
        QVERIFY(TestDatabase::exec(info, QStringLiteral(
            "INSERT INTO audit_log (alert_id, actor, action, details) SELECT max(id), 'ana', 'remediate', "
            "'{\"outcome\": \"sending\", \"command\": \"firewall-drop600\"}' FROM alerts")));
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("UPDATE audit_log SET actor = 'mallory', details = details || "
                                                         "'{\"outcome\": \"done\"}' WHERE action = 'remediate'"), &err));
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("UPDATE audit_log SET details = '{\"outcome\": \"done\"}' "
                                                         "WHERE action = 'remediate'"), &err));  // drops the command
        QVERIFY2(TestDatabase::exec(info, QStringLiteral("UPDATE audit_log SET details = details || '{\"outcome\": \"done\", "
                                                         "\"http_status\": 200}' WHERE action = 'remediate'"), &err), qPrintable(err));
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("UPDATE audit_log SET details = details || '{\"outcome\": \"failed\"}' "
                                                         "WHERE action = 'remediate'"), &err));
        QVERIFY2(err.contains(QStringLiteral("append-only")), qPrintable(err));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT details->>'outcome' FROM audit_log WHERE action = 'remediate'")),
                 QStringLiteral("done"));
        TestDatabase::drop(info);
    }

    void errorsAreReported()
    {
        const auto info = TestDatabase::create(QStringLiteral("noschema"));
        {
            Conn c(info);
            QString err;
            QCOMPARE(RetentionWorker::prune(c.db(), 30, 100, &err), -1);
            QVERIFY2(err.contains(QStringLiteral("alerts")), qPrintable(err));
        }
        TestDatabase::drop(info);
    }

    void runsOnItsOwnThread()
    {
        const auto info = databaseWith(QStringLiteral("thread"), {{QStringLiteral("3 days"), 12}, {QStringLiteral("1 hour"), 4}});
        auto *worker = new RetentionWorker(info, 2);
        QSignalSpy spy(worker, &RetentionWorker::pruned);
        {
            eos::WorkerThread thread(QStringLiteral("test-retention"), worker);
            thread.start();
            QMetaObject::invokeMethod(worker, &RetentionWorker::runOnce, Qt::QueuedConnection);
            QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 10000);
            QCOMPARE(spy.at(0).at(0).toLongLong(), 12);
            QVERIFY(thread.stop(5000));
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("4"));
        // the worker's connection was closed with it: the database can be dropped without FORCE
        QString err;
        QVERIFY2(TestDatabase::exec(TestDatabase::server(), QStringLiteral("DROP DATABASE \"%1\"").arg(info.database), &err), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestRetentionWorker)
#include "test_retention_worker.moc"
