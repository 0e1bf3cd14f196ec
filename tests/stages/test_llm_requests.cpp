// LlmRequests against a real database: two daemons claiming at once never take the same request; a lease
// that ran out is taken again, an open one is not, a finished one never; the alert a request names is read
// with the stage's extra columns; a failure and a stored summary each end the request and wake the consoles
// (NOTIFY new_response with the alert's id); a store that cannot complete changes nothing.
#include "stages/llm_requests.h"
#include "test_database.h"

#include <QSet>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

class TestLlmRequests : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    QSqlDatabase m_a, m_b;
    qint64 m_alert = 0;

    QString field(qint64 requestId, const QString &expr) const
    {
        return TestDatabase::scalar(m_db, QStringLiteral("SELECT %1 FROM llm_requests WHERE id = %2").arg(expr).arg(requestId));
    }

    QList<qint64> request(int n, const QString &preset = QStringLiteral("structured"))
    {
        QList<qint64> ids;
        for (int i = 0; i < n; ++i) {
            const QString id = TestDatabase::scalar(
                m_db, QStringLiteral("INSERT INTO llm_requests (alert_id, preset, requested_by) VALUES (%1, '%2', 'analyst') RETURNING id")
                          .arg(m_alert).arg(preset));
            ids.append(id.toLongLong());
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("llm_requests"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        m_a = m_db.open(QStringLiteral("requests-a"), &err);
        QVERIFY2(m_a.isOpen(), qPrintable(err));
        m_b = m_db.open(QStringLiteral("requests-b"), &err);
        QVERIFY2(m_b.isOpen(), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_db, QStringLiteral("INSERT INTO agents(id, name) VALUES ('001', 'web-1'); "
                                                         "INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state) "
                                                         "VALUES ('r1', '001', 5710, 5, 'sshd: attempt to login', "
                                                         "'{\"rule\": {\"id\": \"5710\"}, \"full_log\": \"Failed password\"}', 'summarized')"),
                                    &err),
                 qPrintable(err));
        m_alert = TestDatabase::scalar(m_db, QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'r1'")).toLongLong();
        QVERIFY(m_alert > 0);
    }

    void cleanupTestCase()
    {
        m_a = QSqlDatabase();
        m_b = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("requests-a"));
        QSqlDatabase::removeDatabase(QStringLiteral("requests-b"));
        TestDatabase::drop(m_db);
    }

    void init() { QVERIFY(TestDatabase::exec(m_db, QStringLiteral("DELETE FROM llm_requests"))); }

    void twoDaemonsNeverTakeTheSameRequest()
    {
        const QList<qint64> ids = request(10);
        // a holds its claim open (its transaction) while b claims: b skips a's rows instead of waiting
        QVERIFY(m_a.transaction());
        const auto a = LlmRequests::claim(m_a, QStringLiteral("daemon-a"), 4);
        const auto b = LlmRequests::claim(m_b, QStringLiteral("daemon-b"), 4);
        QVERIFY(m_a.commit());
        QCOMPARE(a.size(), size_t(4));
        QCOMPARE(b.size(), size_t(4));
        QSet<qint64> seen;
        for (const auto &r : a) seen.insert(r.id);
        for (const auto &r : b) seen.insert(r.id);
        QCOMPARE(seen.size(), 8);
        QCOMPARE(a.front().id, ids.first());  // oldest first
        QCOMPARE(a.front().alertId, m_alert);
        QCOMPARE(a.front().preset, QStringLiteral("structured"));
        QCOMPARE(field(a.front().id, QStringLiteral("claimed_by")), QStringLiteral("daemon-a"));
        QCOMPARE(field(b.front().id, QStringLiteral("claimed_by")), QStringLiteral("daemon-b"));
        QVERIFY(field(b.front().id, QStringLiteral("claimed_until > now() + interval '9 minutes'")) == QStringLiteral("true"));
        // the last two, then nothing: leased requests are not taken again while the lease holds
        QCOMPARE(LlmRequests::claim(m_b, QStringLiteral("daemon-b"), 4).size(), size_t(2));
        QVERIFY(LlmRequests::claim(m_a, QStringLiteral("daemon-a"), 4).empty());
    }

    void aLeaseThatRanOutIsTakenAgainADoneOneNever()
    {
        const QList<qint64> ids = request(3);
        QCOMPARE(LlmRequests::claim(m_a, QStringLiteral("daemon-a"), 4).size(), size_t(3));
        // daemon-a died: its lease runs out on the first; the second was finished; the third still leased
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("UPDATE llm_requests SET claimed_until = now() - interval '1 second' WHERE id IN (%1, %2)")
                                             .arg(ids[0]).arg(ids[1])));
        QVERIFY(LlmRequests::fail(m_a, {ids[1], m_alert, QStringLiteral("structured")}, QStringLiteral("no answer")));
        const auto again = LlmRequests::claim(m_b, QStringLiteral("daemon-b"), 4);
        QCOMPARE(again.size(), size_t(1));
        QCOMPARE(again.front().id, ids[0]);
        QCOMPARE(field(ids[0], QStringLiteral("claimed_by")), QStringLiteral("daemon-b"));
    }

    void theAlertWithTheStagesColumns()
    {
        const auto a = LlmRequests::alert(m_a, m_alert, {QStringLiteral("a.rule_id"), QStringLiteral("a.rule_desc"),
                                                         QStringLiteral("(SELECT name FROM agents WHERE id = a.agent_id)")});
        QVERIFY(a);
        QCOMPARE(a->agentId, QStringLiteral("001"));
        QCOMPARE(a->ruleLevel, 5);
        QCOMPARE(a->raw.value("full_log").toString(), QStringLiteral("Failed password"));
        QCOMPARE(a->extra.size(), 3);
        QCOMPARE(a->extra[0].toInt(), 5710);
        QCOMPARE(a->extra[1].toString(), QStringLiteral("sshd: attempt to login"));
        QCOMPARE(a->extra[2].toString(), QStringLiteral("web-1"));
        QVERIFY(!LlmRequests::alert(m_a, m_alert + 1000, {}));  // gone (retention): no alert
    }

    void failAndStoreEachEndTheRequestAndWakeTheConsoles()
    {
        QString err;
        QSqlDatabase listen = m_db.open(QStringLiteral("requests-listen"), &err);
        QVERIFY2(listen.isOpen(), qPrintable(err));
        QVERIFY(listen.driver()->subscribeToNotification(QStringLiteral("new_response")));
        QSignalSpy notified(listen.driver(), &QSqlDriver::notification);

        const QList<qint64> ids = request(2);
        const auto claimed = LlmRequests::claim(m_a, QStringLiteral("daemon-a"), 2);
        QCOMPARE(claimed.size(), size_t(2));
        QVERIFY(LlmRequests::fail(m_a, claimed[0], QStringLiteral("unknown prompt preset \"nope\"")));
        QCOMPARE(field(ids[0], QStringLiteral("(done_at IS NOT NULL) || ' ' || error")), QStringLiteral("true unknown prompt preset \"nope\""));
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 10000);
        QCOMPARE(notified.at(0).at(2).toString(), QString::number(m_alert));

        QVERIFY2(LlmRequests::store(m_a, claimed[1], QStringLiteral("llm_summary = ?, llm_answer = ?::jsonb, llm_valid = ?"),
                                    {QStringLiteral("Brute force from 10.0.0.5"), QStringLiteral("{\"risk\": \"high\"}"), true}, &err),
                 qPrintable(err));
        QCOMPARE(field(ids[1], QStringLiteral("(done_at IS NOT NULL) || ' ' || (error IS NULL)")), QStringLiteral("true true"));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT llm_summary || ' ' || (llm_answer->>'risk') || ' ' || llm_valid FROM alerts WHERE id = %1").arg(m_alert)),
                 QStringLiteral("Brute force from 10.0.0.5 high true"));
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 2, 10000);
        listen = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("requests-listen"));
    }

    void aStoreThatCannotCompleteChangesNothing()
    {
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("UPDATE alerts SET llm_summary = 'before' WHERE id = %1").arg(m_alert)));
        const QList<qint64> ids = request(1);
        const auto claimed = LlmRequests::claim(m_a, QStringLiteral("daemon-a"), 1);
        QCOMPARE(claimed.size(), size_t(1));
        QString err;
        // a value the column refuses (not JSON for llm_answer): the summary is not half-stored
        QVERIFY(!LlmRequests::store(m_a, claimed[0], QStringLiteral("llm_summary = ?, llm_answer = ?::jsonb"),
                                    {QStringLiteral("after"), QStringLiteral("not json")}, &err));
        QVERIFY2(!err.isEmpty(), "the error is told");
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT llm_summary FROM alerts WHERE id = %1").arg(m_alert)), QStringLiteral("before"));
        QCOMPARE(field(ids[0], QStringLiteral("(done_at IS NULL) || ' ' || claimed_by")), QStringLiteral("true daemon-a"));  // still leased
        // and the connection is usable afterwards (no transaction left open)
        QSqlQuery q(m_a);
        QVERIFY(q.exec(QStringLiteral("SELECT 1")) && q.next());
        QVERIFY(!m_a.driver()->hasFeature(QSqlDriver::Transactions) || m_a.transaction());
        m_a.rollback();
    }
};

QTEST_GUILESS_MAIN(TestLlmRequests)
#include "test_llm_requests.moc"
