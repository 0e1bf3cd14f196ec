// AlertStore: a batch is inserted with its agents, duplicates (same alert_hash) are skipped, one NOTIFY
// new_alert carries the batch's highest id; with an Entry the alerts enter past the stages that would only
// move them on (agent_enriched with enriched_at; summarized below the LLM's level) and the channels those
// stages send are sent too, so whoever waits for those states wakes.
#include "store/alert_store.h"
#include "store/db_connection_info.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

#include <climits>

#include <libpq-fe.h>

using namespace eos;
using eos::test::TestDatabase;

namespace {
AlertRecord alert(int n, int level)
{
    AlertRecord a;
    a.canonicalJson = QStringLiteral(R"({"agent":{"id":"%1"},"id":"store-%2","rule":{"level":%3}})")
                          .arg(QStringLiteral("00%1").arg(n % 3 + 1)).arg(n).arg(level).toUtf8();
    a.hash = QStringLiteral("store-test-%1").arg(n);
    a.agentId = QStringLiteral("00%1").arg(n % 3 + 1);
    a.agentName = QStringLiteral("host-%1").arg(n % 3 + 1);
    a.ruleId = 5710;
    a.ruleLevel = level;
    a.ruleDesc = QStringLiteral("sshd: attempt to login using a non-existent user");
    a.timestamp = QStringLiteral("2026-11-30T10:00:00.000+0000");
    a.groups = {QStringLiteral("syslog"), QStringLiteral("sshd")};
    return a;
}

AlertStore::Alerts pointers(const std::vector<AlertRecord> &records)
{
    AlertStore::Alerts out;
    for (const auto &r : records) out.push_back(&r);
    return out;
}

QString scalar(const DbConnectionInfo &info, const QString &sql) { return TestDatabase::scalar(info, sql); }

// the notifications a listener got, by channel: the highest payload each
struct Listener {
    QSqlDatabase db;
    QHash<QString, qint64> payloads;
    explicit Listener(const DbConnectionInfo &info, const QString &name)
    {
        QString err;
        db = info.open(name, &err);
        for (const char *c : {"new_alert", "agent_enriched", "new_response"}) db.driver()->subscribeToNotification(QLatin1String(c));
        QObject::connect(db.driver(), &QSqlDriver::notification, db.driver(),
                         [this](const QString &channel, QSqlDriver::NotificationSource, const QVariant &payload) {
                             payloads[channel] = std::max(payloads.value(channel), payload.toLongLong());
                         });
    }
};
}  // namespace

class TestAlertStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void insertsNewAlertsOnceAndNotifies()
    {
        const auto info = TestDatabase::create(QStringLiteral("alert-store"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        {
            Listener listener(info, QStringLiteral("store-listen-1"));
            QSqlDatabase db = info.open(QStringLiteral("store-1"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            std::vector<AlertRecord> records;
            for (int i = 0; i < 6; ++i) records.push_back(alert(i, i < 3 ? 3 : 10));
            const auto first = AlertStore::insertBatch(db, pointers(records));
            QVERIFY2(first.ok, qPrintable(first.error));
            QCOMPARE(first.insertedHashes.size(), 6);
            QCOMPARE(first.maxSummarizedId, 0);
            // the default entry: every alert is new, not enriched, whatever its level
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'new' AND enriched_at IS NULL")), QStringLiteral("6"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM agents")), QStringLiteral("3"));
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_alert")), first.maxId, 10000);
            // the same alerts again (and one more): only the new one is stored
            records.push_back(alert(6, 5));
            const auto again = AlertStore::insertBatch(db, pointers(records));
            QVERIFY2(again.ok, qPrintable(again.error));
            QCOMPARE(again.insertedHashes, QSet<QString>{QStringLiteral("store-test-6")});
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("7"));
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_alert")), again.maxId, 10000);
            QVERIFY(!listener.payloads.contains(QStringLiteral("agent_enriched")));
            QVERIFY(!listener.payloads.contains(QStringLiteral("new_response")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("store-1"));
        QSqlDatabase::removeDatabase(QStringLiteral("store-listen-1"));
        TestDatabase::drop(info);
    }

    void entersPastPassThroughStages_data()
    {
        QTest::addColumn<int>("below");
        QTest::addColumn<int>("summarized");  // of levels 3, 3, 7, 10, 12
        QTest::newRow("enrichment only") << 0 << 0;
        QTest::newRow("LLM from level 7") << 7 << 2;
        QTest::newRow("no LLM") << INT_MAX << 5;
    }

    void entersPastPassThroughStages()
    {
        QFETCH(int, below);
        QFETCH(int, summarized);
        const auto info = TestDatabase::create(QStringLiteral("alert-store-entry"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        {
            Listener listener(info, QStringLiteral("store-listen-2"));
            QSqlDatabase db = info.open(QStringLiteral("store-2"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            std::vector<AlertRecord> records;
            const int levels[] = {3, 3, 7, 10, 12};
            for (int i = 0; i < 5; ++i) records.push_back(alert(i, levels[i]));
            AlertStore::Entry entry;
            entry.enriched = true;
            entry.summarizedBelowLevel = below;
            const auto out = AlertStore::insertBatch(db, pointers(records), entry);
            QVERIFY2(out.ok, qPrintable(out.error));
            QCOMPARE(out.insertedHashes.size(), 5);
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE enriched_at IS NOT NULL")), QStringLiteral("5"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'summarized'")), QString::number(summarized));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), QString::number(5 - summarized));
            if (summarized > 0) {
                // exactly the levels below the threshold, none at or above it
                QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'summarized' AND rule_level >= %1").arg(below)),
                         QStringLiteral("0"));
                const qint64 maxSummarized = scalar(info, QStringLiteral("SELECT max(id) FROM alerts WHERE state = 'summarized'")).toLongLong();
                QCOMPARE(out.maxSummarizedId, maxSummarized);
                QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_response")), maxSummarized, 10000);
            } else {
                QCOMPARE(out.maxSummarizedId, 0);
            }
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_alert")), out.maxId, 10000);
            // the notifications of one commit arrive together: after new_alert, the others are there or never come
            if (summarized == 0) QVERIFY(!listener.payloads.contains(QStringLiteral("new_response")));
            if (summarized < 5) {
                const qint64 maxEnriched = scalar(info, QStringLiteral("SELECT max(id) FROM alerts WHERE state = 'agent_enriched'")).toLongLong();
                QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("agent_enriched")), maxEnriched, 10000);
            } else {
                // every row went past the LLM stage: nothing for it to wake up for
                QVERIFY(!listener.payloads.contains(QStringLiteral("agent_enriched")));
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("store-2"));
        QSqlDatabase::removeDatabase(QStringLiteral("store-listen-2"));
        TestDatabase::drop(info);
    }

    // The INSERT is prepared once per session: a connection whose server process was ended and which was
    // opened again (a new session, perhaps the same PGconn address) has it prepared again, and batches go on.
    void preparedAgainInANewSession()
    {
        const auto info = TestDatabase::create(QStringLiteral("alert-store-session"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        std::vector<AlertRecord> records;
        for (int i = 0; i < 6; ++i) records.push_back(alert(100 + i, 5));
        for (int round = 0; round < 3; ++round) {
            {
                QSqlDatabase db = info.open(QStringLiteral("store-3"), &err);
                QVERIFY2(db.isOpen(), qPrintable(err));
                const std::vector<const AlertRecord *> two = {&records[size_t(2 * round)], &records[size_t(2 * round + 1)]};
                const auto out = AlertStore::insertBatch(db, two);
                QVERIFY2(out.ok, qPrintable(out.error));
                QCOMPARE(out.insertedHashes.size(), 2);
                // the same batch again in the same session: the prepared statement, and both are duplicates
                const auto again = AlertStore::insertBatch(db, two);
                QVERIFY2(again.ok, qPrintable(again.error));
                QCOMPARE(again.insertedHashes.size(), 0);
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM pg_prepared_statements WHERE name = 'eos_insert_alerts'")) && q.next());
                QCOMPARE(q.value(0).toInt(), 1);
                // the server ends this session, as a restart or an administrator would
                const int pid = PQbackendPID(DbConnectionInfo::pgConn(db));
                QCOMPARE(scalar(info, QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)), QStringLiteral("true"));
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("store-3"));
        }
        QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("6"));
        TestDatabase::drop(info);
    }

    // In autocommit the rows come back before the commit, which can still fail (a deferred trigger, the
    // server ending the session): then the batch is not stored and must not be reported as stored (the
    // writer spools it; a 202 for it would be a lost alert). Here a deferred trigger refuses the commit.
    void aCommitThatFailsAfterTheRowsIsAFailure()
    {
        const auto info = TestDatabase::create(QStringLiteral("alert-store-commit"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(info, QStringLiteral(
                                              "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ "
                                              "BEGIN RAISE EXCEPTION 'refused at commit'; END $$; "
                                              "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON alerts DEFERRABLE INITIALLY DEFERRED "
                                              "FOR EACH ROW WHEN (NEW.alert_hash = 'store-test-301') EXECUTE FUNCTION refuse_at_commit()"),
                                    &err),
                 qPrintable(err));
        {
            QSqlDatabase db = info.open(QStringLiteral("store-4"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            std::vector<AlertRecord> records;
            for (int i = 300; i < 303; ++i) records.push_back(alert(i, 5));
            const auto out = AlertStore::insertBatch(db, pointers(records));
            QVERIFY(!out.ok);
            QVERIFY2(out.error.contains(QStringLiteral("refused at commit")), qPrintable(out.error));
            QVERIFY(!out.connectionLost);
            QVERIFY(out.insertedHashes.isEmpty());
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("0"));
            // the connection is usable again, and the others go in without the refused one
            records.erase(records.begin() + 1);
            const auto rest = AlertStore::insertBatch(db, pointers(records));
            QVERIFY2(rest.ok, qPrintable(rest.error));
            QCOMPARE(rest.insertedHashes.size(), 2);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("store-4"));
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestAlertStore)
#include "test_alert_store.moc"
