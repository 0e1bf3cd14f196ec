// TriageStore: actions on one and many alerts in one transaction, one audit row per alert, reasons
// required where they must be, the history query, and the actor from configuration.
#include "alert_fixture.h"
#include "core/config.h"
#include "test_database.h"
#include "triage_store.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestTriageStore : public QObject {
    Q_OBJECT
private:
    DbConnectionInfo m_info;
    QSqlDatabase m_db;

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toLongLong();
    }
    QString text(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("triage"));
        QString err;
        m_db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(m_db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(m_db, AlertFixture::insertAgentsSql(5), &err));
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAlertsSql(1, 500, 5), &err), qPrintable(err));
    }

    void migrationIsRerunnable()
    {
        QString err;
        // the migrator records 0002; running the SQL of 0002 again by hand must not fail either
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 2")), qint64(1));
        for (const auto &m : Migrator::builtin())
            if (m.version == 2) QVERIFY2(AlertFixture::exec(m_db, m.sql, &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("UPDATE alerts SET triage_status = 'bogus' WHERE id = 1"), &err) == false,
                 "the triage_status check constraint is missing");
    }

    void acknowledgeOne()
    {
        TriageStore store(m_info, QStringLiteral("alice"));
        QSignalSpy changed(&store, &TriageStore::alertsChanged);
        const auto r = store.acknowledge({7});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.changed, QList<qint64>{7});
        QVERIFY(r.missing.isEmpty());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(text(QStringLiteral("SELECT triage_status FROM alerts WHERE id = 7")), QStringLiteral("acknowledged"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 7 AND actor = 'alice' AND action = 'acknowledge'")), qint64(1));
        QVERIFY(r.summary().contains(QStringLiteral("Acknowledged 1")));
    }

    void reasonRequired()
    {
        TriageStore store(m_info, QStringLiteral("alice"));
        const qint64 audits = scalar(QStringLiteral("SELECT count(*) FROM audit_log"));
        auto r = store.markFalsePositive({8}, QStringLiteral("   "));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("reason")));
        r = store.escalate({8}, QString());
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("reason")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log")), audits);
        QVERIFY(text(QStringLiteral("SELECT COALESCE(triage_status, '') FROM alerts WHERE id = 8")).isEmpty());
        QVERIFY(TriageStore::reasonRequired(TriageStore::Action::FalsePositive));
        QVERIFY(!TriageStore::reasonRequired(TriageStore::Action::Acknowledge));
    }

    void manyInOneTransactionWithAuditRows()
    {
        TriageStore store(m_info, QStringLiteral("bob"));
        QList<qint64> ids;
        for (qint64 i = 100; i < 150; ++i) ids << i;
        ids << 999999;  // does not exist
        const auto r = store.markFalsePositive(ids, QStringLiteral("scanner of the red team"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.changed.size(), 50);
        QCOMPARE(r.missing, QList<qint64>{999999});
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE id BETWEEN 100 AND 149 AND triage_status = 'false_positive' "
                                       "AND triage_reason = 'scanner of the red team' AND triaged_at IS NOT NULL")), qint64(50));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id BETWEEN 100 AND 149 AND actor = 'bob' "
                                       "AND action = 'false_positive' AND reason = 'scanner of the red team'")), qint64(50));
        // all audit rows of one action share one transaction timestamp
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT at) FROM audit_log WHERE alert_id BETWEEN 100 AND 149")), qint64(1));
        QVERIFY(r.summary().contains(QStringLiteral("1 not found")));
    }

    void escalateAssignAndHistory()
    {
        TriageStore store(m_info, QStringLiteral("carol"));
        QVERIFY(store.acknowledge({20}).ok);
        QVERIFY(store.escalate({20}, QStringLiteral("lateral movement")).ok);
        QVERIFY(store.assignToMe({20}).ok);
        QCOMPARE(text(QStringLiteral("SELECT assigned_to FROM alerts WHERE id = 20")), QStringLiteral("carol"));
        QString err;
        const auto h = store.history(20, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(h.size(), 3);
        QCOMPARE(h[0].action, QStringLiteral("acknowledge"));
        QCOMPARE(h[1].action, QStringLiteral("escalate"));
        QCOMPARE(h[1].reason, QStringLiteral("lateral movement"));
        QCOMPARE(h[1].details.value(QStringLiteral("from")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(h[1].details.value(QStringLiteral("to")).toString(), QStringLiteral("escalated"));
        QCOMPARE(h[2].action, QStringLiteral("assign"));
        QCOMPARE(h[2].details.value(QStringLiteral("assigned_to")).toString(), QStringLiteral("carol"));
        QVERIFY(h[0].at.isValid() && h[0].at <= h[2].at);
        QCOMPARE(h[0].actor, QStringLiteral("carol"));
        QVERIFY(store.history(21, &err).isEmpty());
    }

    void auditRowsGoWithTheAlert()
    {
        TriageStore store(m_info, QStringLiteral("dave"));
        QVERIFY(store.acknowledge({300}).ok);
        QString err;
        QVERIFY(AlertFixture::exec(m_db, QStringLiteral("DELETE FROM alerts WHERE id = 300"), &err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 300")), qint64(0));
        const auto r = store.acknowledge({300});
        QVERIFY(r.ok);
        QVERIFY(r.changed.isEmpty());
        QCOMPARE(r.missing, QList<qint64>{300});
    }

    void nothingSelected()
    {
        TriageStore store(m_info, QStringLiteral("erin"));
        QVERIFY(!store.acknowledge({}).ok);
    }

    void actorFromConfig()
    {
        Config c;
        c.set(QStringLiteral("EOS_ANALYST"), QStringLiteral("Jane Analyst"));
        QCOMPARE(TriageStore::actorFromConfig(c), QStringLiteral("Jane Analyst"));
        c.set(QStringLiteral("EOS_ANALYST"), QString());
        const QString os = TriageStore::actorFromConfig(c);
        QVERIFY(!os.isEmpty());
        QVERIFY(os != QStringLiteral("Jane Analyst"));
    }

    void databaseDownIsAnError()
    {
        DbConnectionInfo bad = m_info;
        bad.database = QStringLiteral("no_such_database_here");
        TriageStore store(bad, QStringLiteral("x"));
        const auto r = store.acknowledge({1});
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("database")));
    }
};

QTEST_GUILESS_MAIN(TestTriageStore)
#include "test_triage_store.moc"
