// MitreNames: technique names read from the alerts that carry them (rule.mitre.technique[i] beside
// rule.mitre.id[i]), each id asked for once, on the worker's thread; the tooltip text lists every id with its
// name where known; ids whose lookup went unanswered are asked again after forgetUnanswered().
#include "db_worker.h"
#include "mitre_names.h"
#include "test_database.h"

#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

class TestMitreNames : public QObject {
    Q_OBJECT

    DbConnectionInfo m_info;

    AlertRow row(const char *hash, const QString &mitre)
    {
        AlertRow r;
        r.id = TestDatabase::scalar(m_info, QStringLiteral("SELECT id FROM alerts WHERE alert_hash = '%1'").arg(QLatin1String(hash))).toLongLong();
        r.mitre = mitre;
        return r;
    }
    // every job posted before this one has run (the worker runs them in order)
    static void drain(DbWorker &worker, QObject *context)
    {
        bool done = false;
        worker.call<int>(context, [](QSqlDatabase &) { return 0; }, [&done](int) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("mitre_names"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_info, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_info, QStringLiteral(
            "INSERT INTO agents (id) VALUES ('001');"
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, raw, ingest_timestamp, state, alert_ts, mitre_ids) VALUES "
            "('named', '001', 1, 5, '{\"rule\": {\"mitre\": {\"id\": [\"T1110\", \"T1078\"], "
            "\"technique\": [\"Brute Force\", \"Valid Accounts\"]}}}', now(), 'new', now(), '{T1110,T1078}'),"
            "('unnamed', '001', 1, 5, '{\"rule\": {\"mitre\": {\"id\": [\"T9999\"]}}}', now(), 'new', now(), '{T9999}'),"
            "('scalar', '001', 1, 5, '{\"rule\": {\"mitre\": {\"id\": \"T4242\", \"technique\": \"Not A List\"}}}', now(), 'new', now(), '{T4242}')"),
            &err), qPrintable(err));
    }
    void cleanupTestCase() { TestDatabase::drop(m_info); }

    void learnsNamesOnceAndListsThem()
    {
        DbWorker worker(m_info, QStringLiteral("mitre-test"));
        QObject context;
        MitreNames names(&worker, &context);
        QCOMPARE(names.toolTip(QString()), QString());
        QCOMPARE(names.toolTip(QStringLiteral("T1110, T9999")), QStringLiteral("T1110\nT9999"));  // nothing known yet

        names.learn({row("named", QStringLiteral("T1110, T1078")), row("unnamed", QStringLiteral("T9999")),
                     row("scalar", QStringLiteral("T4242"))});
        QTRY_COMPARE_WITH_TIMEOUT(names.name(QStringLiteral("T1110")), QStringLiteral("Brute Force"), 10000);
        QCOMPARE(names.name(QStringLiteral("T1078")), QStringLiteral("Valid Accounts"));
        drain(worker, &context);
        QCOMPARE(names.name(QStringLiteral("T9999")), QString());  // its alert names no technique
        QCOMPARE(names.name(QStringLiteral("T4242")), QString());  // not Wazuh's list shape
        QCOMPARE(names.toolTip(QStringLiteral("T1110, T9999, T1078")),
                 QStringLiteral("T1110 Brute Force\nT9999\nT1078 Valid Accounts"));

        // asked once: a changed name is not read again, nor is an unanswered id while it stays asked for
        QVERIFY(TestDatabase::exec(m_info, QStringLiteral(
            "UPDATE alerts SET raw = jsonb_set(raw, '{rule,mitre,technique}', '[\"Changed\", \"Changed\"]') WHERE alert_hash = 'named';"
            "UPDATE alerts SET raw = jsonb_set(raw, '{rule,mitre,technique}', '[\"Late Name\"]') WHERE alert_hash = 'unnamed'")));
        names.learn({row("named", QStringLiteral("T1110, T1078")), row("unnamed", QStringLiteral("T9999"))});
        drain(worker, &context);
        QCOMPARE(names.name(QStringLiteral("T1110")), QStringLiteral("Brute Force"));
        QCOMPARE(names.name(QStringLiteral("T9999")), QString());

        // after a reset the unanswered ones are asked again; the answered ones are kept
        names.forgetUnanswered();
        names.learn({row("named", QStringLiteral("T1110, T1078")), row("unnamed", QStringLiteral("T9999"))});
        QTRY_COMPARE_WITH_TIMEOUT(names.name(QStringLiteral("T9999")), QStringLiteral("Late Name"), 10000);
        drain(worker, &context);
        QCOMPARE(names.name(QStringLiteral("T1110")), QStringLiteral("Brute Force"));
    }

    void namesArriveOnlyWhileTheirContextLives()
    {
        DbWorker worker(m_info, QStringLiteral("mitre-test-2"));
        auto context = std::make_unique<QObject>();
        MitreNames names(&worker, context.get());
        names.learn({row("named", QStringLiteral("T1110"))});
        context.reset();  // the model went away before the answer
        QObject other;
        drain(worker, &other);
        QCoreApplication::processEvents();
        QCOMPARE(names.name(QStringLiteral("T1110")), QString());
    }
};

QTEST_GUILESS_MAIN(TestMitreNames)
#include "test_mitre_names.moc"
