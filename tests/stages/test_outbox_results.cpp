// OutboxResults: answers recorded in dispatch_outbox against a real database — sent (remote id, payload,
// history; Jira issues tracked and comments counted), failed with backoff and Retry-After, dead after the
// route's max attempts (audited), a 429 pausing the route, a lost lease recording nothing, and the
// one-statement path leaving the rows that need more to the transaction path.
#include "stages/outbox_results.h"
#include "test_database.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <map>

using namespace eos;
using eos::test::TestDatabase;

namespace {

DispatchRoute route(const QString &id, const QString &kind, int maxAttempts = 0)
{
    DispatchRoute r;
    r.id = id;
    r.kind = kind;
    r.maxAttempts = maxAttempts;
    return r;
}

DispatchResult result(DispatchResult::Kind kind, int status, const QString &remoteId = {}, const QString &action = {})
{
    DispatchResult r;
    r.kind = kind;
    r.httpStatus = status;
    r.remoteId = remoteId;
    r.action = action;
    r.payload = QByteArrayLiteral("{\"text\":\"alert\"}");
    r.response = QByteArrayLiteral("ok");
    if (kind != DispatchResult::Kind::Sent) r.error = QStringLiteral("HTTP %1").arg(status);
    return r;
}

}  // namespace

class TestOutboxResults : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    QSqlDatabase m_conn;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
    qint64 m_firstAlert = 0;

    // outbox rows in `sending`, claimed by "me" unless said otherwise; returns their ids
    QList<qint64> claimedRows(const QString &routeId, const QString &kind, int n, int attempts = 0, const QString &by = QStringLiteral("me"))
    {
        QList<qint64> ids;
        QSqlQuery q(m_conn);
        for (int i = 0; i < n; ++i) {
            q.prepare(QStringLiteral("INSERT INTO dispatch_outbox (alert_id, route, kind, state, attempts, claimed_by, claimed_until, dedup_key) "
                                     "VALUES (?, ?, ?, 'sending', ?, ?, now() + interval '1 minute', ?) RETURNING id"));
            q.addBindValue(m_firstAlert + m_rowsOfRoute[routeId]++);  // (alert, route) is unique: the route's next alert
            q.addBindValue(routeId);
            q.addBindValue(kind);
            q.addBindValue(attempts);
            q.addBindValue(by);
            q.addBindValue(QStringLiteral("001:5710"));
            if (!q.exec() || !q.next()) {
                qWarning() << q.lastError().text();
                return {};
            }
            ids << q.value(0).toLongLong();
        }
        return ids;
    }
    QHash<QString, int> m_rowsOfRoute;

    QString field(qint64 id, const QString &column) const
    {
        return TestDatabase::scalar(m_db, QStringLiteral("SELECT %1 FROM dispatch_outbox WHERE id = %2").arg(column).arg(id));
    }
    OutboxResults::Prepared prepared()
    {
        return [this](const QString &sql) -> QSqlQuery & {
            auto &q = m_prepared[sql];
            if (!q) {
                q = std::make_unique<QSqlQuery>(m_conn);
                q->prepare(sql);
            }
            return *q;
        };
    }
    static OutboxResults::Row row(const DispatchRoute &r, qint64 id, const DispatchResult &res, int attempts = 0)
    {
        OutboxResults::Row row;
        row.route = &r;
        row.id = id;
        row.attempts = attempts;
        row.dedupKey = QStringLiteral("001:5710");
        row.result = res;
        return row;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("outbox_results"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_db, QStringLiteral("INSERT INTO agents(id) VALUES ('001'); "
                                                         "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw, state) "
                                                         "SELECT 'o' || g, '001', 10, '{}', 'summarized' FROM generate_series(1, 8) g"),
                                    &err),
                 qPrintable(err));
        m_firstAlert = TestDatabase::scalar(m_db, QStringLiteral("SELECT min(id) FROM alerts")).toLongLong();
        m_conn = m_db.open(QStringLiteral("outbox-results"), &err);
        QVERIFY2(m_conn.isOpen(), qPrintable(err));
    }

    void cleanupTestCase()
    {
        m_prepared.clear();
        m_conn = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("outbox-results"));
        TestDatabase::drop(m_db);
    }

    void backoffGrowsAndKeepsRetryAfter()
    {
        const OutboxResults results({QStringLiteral("me"), 8, 1000, 60000});
        for (int i = 0; i < 50; ++i) {
            const int first = results.backoffMs(0, -1), later = results.backoffMs(5, -1);
            QVERIFY2(first >= 500 && first <= 1000, qPrintable(QString::number(first)));
            QVERIFY2(later >= 500 && later <= 32000, qPrintable(QString::number(later)));
            QVERIFY(results.backoffMs(20, -1) <= 60000);           // capped
            QCOMPARE(results.backoffMs(0, 90000), 90000);           // never before Retry-After
        }
        QCOMPARE(results.maxAttempts(route(QStringLiteral("a"), QStringLiteral("slack"))), 8);
        QCOMPARE(results.maxAttempts(route(QStringLiteral("a"), QStringLiteral("slack"), 3)), 3);
    }

    // Sends, retries and Jira's tracking in one statement; a row whose lease is someone else's is "lost".
    void commonCaseAtOnce()
    {
        const OutboxResults results({QStringLiteral("me"), 8, 1000, 60000});
        const DispatchRoute slack = route(QStringLiteral("slack"), QStringLiteral("slack"));
        const DispatchRoute jira = route(QStringLiteral("jira"), QStringLiteral("jira"));
        const auto s = claimedRows(QStringLiteral("slack"), QStringLiteral("slack"), 3);
        const auto j = claimedRows(QStringLiteral("jira"), QStringLiteral("jira"), 2);
        const auto other = claimedRows(QStringLiteral("slack"), QStringLiteral("slack"), 1, 0, QStringLiteral("someone-else"));
        QCOMPARE(s.size() + j.size() + other.size(), 6);
        QString err;
        QSqlDatabase listen = m_db.open(QStringLiteral("outbox-results-listen"), &err);
        QVERIFY2(listen.isOpen(), qPrintable(err));
        QVERIFY(listen.driver()->subscribeToNotification(QStringLiteral("dispatch_changed")));
        int notified = 0;
        connect(listen.driver(), &QSqlDriver::notification, this, [&notified] { ++notified; });

        std::vector<OutboxResults::Row> rows{
            row(slack, s[0], result(DispatchResult::Kind::Sent, 200, QStringLiteral("ts-1"))),
            row(slack, s[1], result(DispatchResult::Kind::Retry, 503), 2),
            row(slack, s[2], result(DispatchResult::Kind::Retry, 0)),  // time-out: outcome unknown
            row(jira, j[0], result(DispatchResult::Kind::Sent, 201, QStringLiteral("SOC-7"), QStringLiteral("created"))),
            row(jira, j[1], result(DispatchResult::Kind::Sent, 201, QStringLiteral("SOC-7"), QStringLiteral("commented"))),
            row(slack, other[0], result(DispatchResult::Kind::Sent, 200, QStringLiteral("ts-2")))};
        OutboxResults::Failure failure;
        // the backoff is counted from the write's transaction: bounded by the clock before and after it (not by
        // the time the check below runs, which a loaded machine may delay by any amount)
        const QString before = TestDatabase::scalar(m_db, QStringLiteral("SELECT extract(epoch FROM clock_timestamp())"));
        QVERIFY2(results.writeAtOnce(rows, prepared(), &failure), qPrintable(failure.what + u' ' + failure.error));
        const QString after = TestDatabase::scalar(m_db, QStringLiteral("SELECT extract(epoch FROM clock_timestamp())"));
        QCOMPARE(rows[0].state, QStringLiteral("sent"));
        QCOMPARE(rows[1].state, QStringLiteral("failed"));
        QCOMPARE(rows[5].state, QStringLiteral("lost"));
        QCOMPARE(field(s[0], QStringLiteral("state || ' ' || remote_id || ' ' || attempts || ' ' || (claimed_by IS NULL) || ' ' || (sent_at IS NOT NULL)")),
                 QStringLiteral("sent ts-1 1 true true"));
        QCOMPARE(field(s[0], QStringLiteral("payload->>'text'")), QStringLiteral("alert"));
        QCOMPARE(field(s[0], QStringLiteral("history->-1->>'by'")), QStringLiteral("me"));
        QCOMPARE(field(s[1], QStringLiteral("state || ' ' || attempts || ' ' || error || ' ' || outcome_unknown")), QStringLiteral("failed 3 HTTP 503 false"));
        // backoff for attempt 2: between 0.5 s and 4 s from the write
        QCOMPARE(field(s[1], QStringLiteral("extract(epoch FROM next_attempt_at) BETWEEN %1 + 0.4 AND %2 + 5").arg(before, after)),
                 QStringLiteral("true"));
        QCOMPARE(field(s[2], QStringLiteral("outcome_unknown")), QStringLiteral("true"));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT issue_key || ' ' || comments FROM dispatch_jira_issues WHERE route = 'jira'")),
                 QStringLiteral("SOC-7 0"));
        QCOMPARE(field(other[0], QStringLiteral("state || ' ' || claimed_by")), QStringLiteral("sending someone-else"));  // untouched
        QTRY_VERIFY_WITH_TIMEOUT(notified > 0, 10000);

        // the comment was counted on the tracked issue: a second round comments once more
        const auto j2 = claimedRows(QStringLiteral("jira"), QStringLiteral("jira"), 1);
        std::vector<OutboxResults::Row> more{row(jira, j2[0], result(DispatchResult::Kind::Sent, 201, QStringLiteral("SOC-7"), QStringLiteral("commented")))};
        QVERIFY(results.writeAtOnce(more, prepared(), &failure));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT comments FROM dispatch_jira_issues WHERE route = 'jira' AND issue_key = 'SOC-7'")),
                 QStringLiteral("1"));
        listen = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("outbox-results-listen"));
    }

    // Dead, throttled, held and closed-issue rows are not for the one statement: it records nothing and
    // says so with no failure; the transaction path then records them with their extra statements.
    void theRestInOneTransaction()
    {
        const OutboxResults results({QStringLiteral("me"), 8, 1000, 60000});
        const DispatchRoute hook = route(QStringLiteral("hook"), QStringLiteral("webhook"), 3);
        const DispatchRoute jira = route(QStringLiteral("jira2"), QStringLiteral("jira"));
        const auto h = claimedRows(QStringLiteral("hook"), QStringLiteral("webhook"), 4, 2);
        const auto j = claimedRows(QStringLiteral("jira2"), QStringLiteral("jira"), 1);
        QVERIFY2(TestDatabase::exec(m_db, QStringLiteral("INSERT INTO dispatch_jira_issues (route, dedup_key, issue_key, outbox_id) "
                                                         "VALUES ('jira2', '001:5710', 'SOC-1', NULL)")),
                 "tracked issue");
        DispatchResult throttled = result(DispatchResult::Kind::Throttled, 429);
        throttled.retryAfterMs = 30000;
        DispatchResult reopened = result(DispatchResult::Kind::Sent, 201, QStringLiteral("SOC-2"), QStringLiteral("created"));
        reopened.closedIssueKey = QStringLiteral("SOC-1");
        std::vector<OutboxResults::Row> rows{
            row(hook, h[0], result(DispatchResult::Kind::Retry, 500), 2),  // third attempt of 3: dead
            row(hook, h[1], result(DispatchResult::Kind::Dead, 400), 2),
            row(hook, h[2], throttled, 2),                                 // not an attempt; the route pauses
            row(hook, h[3], result(DispatchResult::Kind::Sent, 200), 2),
            row(jira, j[0], reopened)};
        OutboxResults::Failure failure;
        QVERIFY(!results.writeAtOnce(rows, prepared(), &failure));
        QVERIFY(failure.what.isEmpty());
        QCOMPARE(field(h[3], QStringLiteral("state")), QStringLiteral("sending"));  // nothing recorded by it
        const qint64 auditBefore = TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'dispatch_dead'")).toLongLong();

        QVERIFY2(results.writeInTransaction(m_conn, rows, &failure), qPrintable(failure.what + u' ' + failure.error));
        QCOMPARE(rows[0].state, QStringLiteral("dead"));
        QCOMPARE(rows[1].state, QStringLiteral("dead"));
        QCOMPARE(rows[2].state, QStringLiteral("failed"));
        QCOMPARE(rows[3].state, QStringLiteral("sent"));
        QCOMPARE(field(h[0], QStringLiteral("state || ' ' || attempts")), QStringLiteral("dead 3"));
        QCOMPARE(field(h[2], QStringLiteral("state || ' ' || attempts")), QStringLiteral("failed 2"));
        QCOMPARE(field(h[2], QStringLiteral("next_attempt_at > now() + interval '25 s'")), QStringLiteral("true"));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT paused_until > now() + interval '25 s' FROM dispatch_routes WHERE route = 'hook'")),
                 QStringLiteral("true"));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'dispatch_dead'")).toLongLong(),
                 auditBefore + 2);
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT string_agg(issue_key || ':' || (closed_at IS NOT NULL), ',' ORDER BY issue_key) "
                                                           "FROM dispatch_jira_issues WHERE route = 'jira2'")),
                 QStringLiteral("SOC-1:true,SOC-2:false"));
    }

    // A route that is gone: its rows are lost, the others recorded.
    void goneRouteIsLost()
    {
        const OutboxResults results({QStringLiteral("me"), 8, 1000, 60000});
        const DispatchRoute slack = route(QStringLiteral("slack9"), QStringLiteral("slack"));
        const auto s = claimedRows(QStringLiteral("slack9"), QStringLiteral("slack"), 2);
        std::vector<OutboxResults::Row> rows{row(slack, s[0], result(DispatchResult::Kind::Sent, 200)),
                                             row(slack, s[1], result(DispatchResult::Kind::Sent, 200))};
        rows[1].route = nullptr;
        OutboxResults::Failure failure;
        QVERIFY(!results.writeAtOnce(rows, prepared(), &failure));
        QVERIFY2(results.writeInTransaction(m_conn, rows, &failure), qPrintable(failure.error));
        QCOMPARE(rows[0].state, QStringLiteral("sent"));
        QCOMPARE(rows[1].state, QStringLiteral("lost"));
        QCOMPARE(field(s[1], QStringLiteral("state")), QStringLiteral("sending"));
    }
};

QTEST_GUILESS_MAIN(TestOutboxResults)
#include "test_outbox_results.moc"
