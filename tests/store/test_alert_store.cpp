// AlertStore: a batch is inserted with its agents, duplicates (same alert_hash) are skipped, one NOTIFY
// new_alert carries the batch's highest id; with an Entry the alerts enter past the stages that would only
// move them on (agent_enriched with enriched_at; summarized below the LLM's level) and the channels those
// stages send are sent too, so whoever waits for those states wakes. A lone batch can go through the inbox
// (sendInbox) and be moved into alerts later (moveInbox).
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

    // The inbox (0014_alert_inbox.sql): a lone batch is committed there and acknowledged; the alerts already stored
    // or already waiting there are duplicates. moveInbox makes them alert rows as insertBatch would (agents, the
    // Entry's states, the NOTIFYs), once each, even when one got into alerts another way meanwhile.
    void inboxTakesNewAlertsAndTheMoveStoresThemOnce()
    {
        const auto info = TestDatabase::create(QStringLiteral("alert-store-inbox"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        {
            Listener listener(info, QStringLiteral("store-listen-5"));
            QSqlDatabase db = info.open(QStringLiteral("store-5"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            PGconn *pg = DbConnectionInfo::pgConn(db);
            std::vector<AlertRecord> records;
            for (int i = 0; i < 5; ++i) records.push_back(alert(500 + i, i == 3 ? 12 : 3));
            QVERIFY(AlertStore::insertBatch(db, {&records[0], &records[1]}).ok);
            const qint64 notifiedBefore = scalar(info, QStringLiteral("SELECT max(id) FROM alerts")).toLongLong();
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_alert")), notifiedBefore, 10000);

            // 500 and 501 are stored, 502 comes twice in the batch: 502 and 503 are taken
            AlertStore::Outcome in;
            QVERIFY2(AlertStore::sendInbox(pg, {&records[0], &records[1], &records[2], &records[3], &records[2]}, &in)
                         && AlertStore::finishInsert(pg, &in),
                     qPrintable(in.error));
            QVERIFY(in.ok);
            QCOMPARE(in.insertedHashes, (QSet<QString>{QStringLiteral("store-test-502"), QStringLiteral("store-test-503")}));
            QCOMPARE(in.maxId, 0);
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), QStringLiteral("2"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("2"));
            // one still waiting in the inbox is a duplicate too
            AlertStore::Outcome again;
            QVERIFY(AlertStore::sendInbox(pg, {&records[3], &records[4]}, &again) && AlertStore::finishInsert(pg, &again));
            QCOMPARE(again.insertedHashes, QSet<QString>{QStringLiteral("store-test-504")});

            // 504 reaches alerts another way before the move (a bulk batch re-sent it): the move skips it
            QVERIFY(AlertStore::insertBatch(db, {&records[4]}).ok);
            AlertStore::Entry entry;
            entry.enriched = true;
            entry.summarizedBelowLevel = 7;
            const AlertStore::Moved m = AlertStore::moveInbox(pg, 100, entry);
            QVERIFY2(m.ok, qPrintable(m.error));
            QCOMPARE(m.taken, 3);
            QCOMPARE(m.inserted, 2);
            QCOMPARE(m.maxId, scalar(info, QStringLiteral("SELECT max(id) FROM alerts")).toLongLong());
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), QStringLiteral("0"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("5"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(DISTINCT alert_hash) FROM alerts")), QStringLiteral("5"));
            // as insertBatch stores them: the Entry's states, the columns, the agent
            QCOMPARE(scalar(info, QStringLiteral("SELECT state FROM alerts WHERE alert_hash = 'store-test-502'")), QStringLiteral("summarized"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT state FROM alerts WHERE alert_hash = 'store-test-503'")), QStringLiteral("agent_enriched"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_hash IN ('store-test-502', 'store-test-503') "
                                                 "AND enriched_at IS NOT NULL AND groups = '{syslog,sshd}' AND rule_id = 5710 "
                                                 "AND alert_ts = '2026-11-30T10:00:00Z' AND raw->>'id' LIKE 'store-50%' "
                                                 "AND ingest_timestamp <= now() AND agent_id IN ('001', '002', '003')")),
                     QStringLiteral("2"));
            QCOMPARE(scalar(info, QStringLiteral("SELECT name FROM agents WHERE id = (SELECT agent_id FROM alerts "
                                                 "WHERE alert_hash = 'store-test-503')")),
                     QStringLiteral("host-%1").arg(503 % 3 + 1));
            // the NOTIFYs of the move's commit
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_alert")), m.maxId, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("new_response")),
                                      scalar(info, QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'store-test-502'")).toLongLong(), 10000);
            QTRY_COMPARE_WITH_TIMEOUT(listener.payloads.value(QStringLiteral("agent_enriched")),
                                      scalar(info, QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'store-test-503'")).toLongLong(), 10000);
            // nothing left: a move takes nothing and sends nothing
            const AlertStore::Moved none = AlertStore::moveInbox(pg, 100, entry);
            QVERIFY(none.ok);
            QCOMPARE(none.taken, 0);
            QCOMPARE(none.inserted, 0);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("store-5"));
        QSqlDatabase::removeDatabase(QStringLiteral("store-listen-5"));
        TestDatabase::drop(info);
    }

    // Movers on several daemons share the inbox: a row another one holds is left to it, and rows named in skip
    // (one whose move fails) are left alone; oldestInboxSeq names the one a failing move is stuck on.
    void aMoveLeavesHeldAndSkippedRows()
    {
        const auto info = TestDatabase::create(QStringLiteral("alert-store-inbox-held"));
        QString err;
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        {
            QSqlDatabase db = info.open(QStringLiteral("store-6"), &err);
            QSqlDatabase other = info.open(QStringLiteral("store-6-other"), &err);
            QVERIFY2(db.isOpen() && other.isOpen(), qPrintable(err));
            PGconn *pg = DbConnectionInfo::pgConn(db);
            std::vector<AlertRecord> records;
            for (int i = 0; i < 5; ++i) records.push_back(alert(600 + i, 5));
            AlertStore::Outcome in;
            QVERIFY(AlertStore::sendInbox(pg, pointers(records), &in) && AlertStore::finishInsert(pg, &in));
            QCOMPARE(in.insertedHashes.size(), 5);

            QVERIFY(other.transaction());
            QSqlQuery hold(other);
            QVERIFY(hold.exec(QStringLiteral("SELECT seq FROM alert_inbox WHERE alert_hash = 'store-test-600' FOR UPDATE")) && hold.next());
            const qint64 held = hold.value(0).toLongLong();
            const qint64 skipped = scalar(info, QStringLiteral("SELECT seq FROM alert_inbox WHERE alert_hash = 'store-test-601'")).toLongLong();
            QCOMPARE(AlertStore::oldestInboxSeq(pg, {}), held);
            QCOMPARE(AlertStore::oldestInboxSeq(pg, {held}), skipped);

            const AlertStore::Moved m = AlertStore::moveInbox(pg, 2, {}, {skipped});  // two at a time
            QVERIFY2(m.ok, qPrintable(m.error));
            QCOMPARE(m.taken, 2);
            const AlertStore::Moved m2 = AlertStore::moveInbox(pg, 2, {}, {skipped});
            QCOMPARE(m2.taken, 1);
            QCOMPARE(scalar(info, QStringLiteral("SELECT string_agg(alert_hash, ',' ORDER BY alert_hash) FROM alerts")),
                     QStringLiteral("store-test-602,store-test-603,store-test-604"));
            // released: the held row goes; the skipped one stays until it is not skipped
            QVERIFY(other.rollback());
            QCOMPARE(AlertStore::moveInbox(pg, 10, {}, {skipped}).taken, 1);
            QCOMPARE(scalar(info, QStringLiteral("SELECT alert_hash FROM alert_inbox")), QStringLiteral("store-test-601"));
            QCOMPARE(AlertStore::oldestInboxSeq(pg, {skipped}), 0);
            QCOMPARE(AlertStore::moveInbox(pg, 10, {}).taken, 1);
            QCOMPARE(scalar(info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("5"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("store-6"));
        QSqlDatabase::removeDatabase(QStringLiteral("store-6-other"));
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestAlertStore)
#include "test_alert_store.moc"
