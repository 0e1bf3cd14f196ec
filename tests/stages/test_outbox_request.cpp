// OutboxRequest against a real database: a prefetched row needs no query; a single row reads its alert with
// the LLM text, risk word, playbook, hash and agent OS; a digest reads its members highest level first; a
// Jira single row finds its open issue (not a closed one); StackStorm falls back to ST2_WEBHOOK_URL and
// ST2_API_KEY; an alert that is gone is no request; the risk word from JSON or a "Risk:" line.
#include "stages/outbox_request.h"
#include "test_database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

class TestOutboxRequest : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    QSqlDatabase m_conn;
    QList<qint64> m_alerts;

    static DispatchRoute route(const QString &id, const QString &kind)
    {
        DispatchRoute r;
        r.id = id;
        r.kind = kind;
        r.hookUrl = QStringLiteral("https://hooks.example/%1").arg(id);
        r.apiKey = QStringLiteral("route-key");
        r.options = QJsonObject{{"channel", "#soc"}};
        r.playbooks = QJsonObject{{"rule:5710", QJsonArray{"block the source", "reset the password"}}};
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("outbox_request"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_db, QStringLiteral(
            "INSERT INTO agents(id, os) VALUES ('001', 'Windows Server 2022'); "
            "INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, raw, response_text, state) VALUES "
            "('h1', '001', 5710, 5, '{\"rule\": {\"id\": \"5710\", \"level\": 5}}', '{\"risk\": \"high\", \"summary\": \"brute force\"}', 'summarized'), "
            "('h2', '001', 5712, 12, '{\"rule\": {\"id\": \"5712\", \"level\": 12}}', 'Risk: critical\nmany failures', 'summarized'), "
            "('h3', '001', 5711, 7, '{\"rule\": {\"id\": \"5711\", \"level\": 7}}', NULL, 'summarized')"), &err),
                 qPrintable(err));
        for (const QString &id : TestDatabase::scalar(m_db, QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY id) FROM alerts")).split(u','))
            m_alerts << id.toLongLong();
        m_conn = m_db.open(QStringLiteral("outbox-request"), &err);
        QVERIFY2(m_conn.isOpen(), qPrintable(err));
    }

    void cleanupTestCase()
    {
        m_conn = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("outbox-request"));
        TestDatabase::drop(m_db);
    }

    void aSingleRowReadsItsAlert()
    {
        OutboxClaim::Row row;
        row.id = 77;
        row.alertId = m_alerts[0];
        row.unknown = true;
        DispatchRequest req;
        QString err;
        QVERIFY2(OutboxRequest::build(m_conn, route(QStringLiteral("slack"), QStringLiteral("slack")), Config(), row, &req, &err),
                 qPrintable(err));
        QCOMPARE(req.outboxId, 77);
        QCOMPARE(req.routeId, QStringLiteral("slack"));
        QCOMPARE(req.url, QUrl(QStringLiteral("https://hooks.example/slack")));
        QCOMPARE(req.apiKey, QStringLiteral("route-key"));
        QCOMPARE(req.options.value("channel").toString(), QStringLiteral("#soc"));
        QVERIFY(req.outcomeUnknown);
        QVERIFY(!req.digest);
        QCOMPARE(req.alerts.size(), size_t(1));
        const DispatchAlert &a = req.alerts[0];
        QCOMPARE(a.alertId, m_alerts[0]);
        QCOMPARE(a.raw.value("rule").toObject().value("id").toString(), QStringLiteral("5710"));
        QCOMPARE(a.risk, QStringLiteral("high"));
        QCOMPARE(a.playbook, QStringList({"block the source", "reset the password"}));
        QCOMPARE(a.hash, QStringLiteral("h1"));
        QCOMPARE(a.agentOs, QStringLiteral("Windows Server 2022"));
    }

    void aPrefetchedRowNeedsNoQuery()
    {
        OutboxClaim::Row row;
        row.id = 78;
        row.alertId = 424242;  // no such alert: a query would find nothing
        row.prefetched = true;
        row.raw = R"({"rule": {"id": "5710"}})";
        row.summary = QStringLiteral("Risk: low");
        row.hash = QStringLiteral("hx");
        row.dedupKey = QStringLiteral("001:5710");
        row.issueKey = QStringLiteral("SOC-9");
        DispatchRequest req;
        QString err;
        QVERIFY(OutboxRequest::build(m_conn, route(QStringLiteral("jira"), QStringLiteral("jira")), Config(), row, &req, &err));
        QCOMPARE(req.alerts.size(), size_t(1));
        QCOMPARE(req.alerts[0].risk, QStringLiteral("low"));
        QCOMPARE(req.alerts[0].playbook.size(), 2);
        QCOMPARE(req.existingIssueKey, QStringLiteral("SOC-9"));  // Jira: the issue read with the claim
        DispatchRequest slack;
        QVERIFY(OutboxRequest::build(m_conn, route(QStringLiteral("slack"), QStringLiteral("slack")), Config(), row, &slack, &err));
        QVERIFY(slack.existingIssueKey.isEmpty());  // not Jira: no issue
    }

    void aDigestReadsItsMembersHighestLevelFirst()
    {
        const qint64 digest = TestDatabase::scalar(m_db, QStringLiteral(
            "INSERT INTO dispatch_outbox (alert_id, route, kind, is_digest, state) VALUES (NULL, 'digest', 'slack', true, 'sending') RETURNING id")).toLongLong();
        for (qint64 a : m_alerts)
            QVERIFY(TestDatabase::exec(m_db, QStringLiteral("INSERT INTO dispatch_outbox (alert_id, route, kind, state, digest_id) "
                                                            "VALUES (%1, 'digest', 'slack', 'digested', %2)").arg(a).arg(digest)));
        OutboxClaim::Row row;
        row.id = digest;
        row.digest = true;
        DispatchRequest req;
        QString err;
        QVERIFY2(OutboxRequest::build(m_conn, route(QStringLiteral("digest"), QStringLiteral("slack")), Config(), row, &req, &err), qPrintable(err));
        QVERIFY(req.digest);
        QCOMPARE(req.alerts.size(), size_t(3));
        QCOMPARE(req.alerts[0].alertId, m_alerts[1]);  // level 12
        QCOMPARE(req.alerts[0].risk, QStringLiteral("critical"));
        QCOMPARE(req.alerts[1].alertId, m_alerts[2]);  // level 7
        QVERIFY(req.alerts[1].summary.isEmpty());
        QCOMPARE(req.alerts[2].alertId, m_alerts[0]);  // level 5
    }

    void jiraFindsTheOpenIssueOnly()
    {
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral(
            "INSERT INTO dispatch_jira_issues (route, dedup_key, issue_key, closed_at) VALUES ('jira', '001:5710', 'SOC-1', now()); "
            "INSERT INTO dispatch_jira_issues (route, dedup_key, issue_key) VALUES ('jira', '001:5710', 'SOC-2'), ('other', '001:5710', 'OPS-1')")));
        OutboxClaim::Row row;
        row.id = 79;
        row.alertId = m_alerts[0];
        row.dedupKey = QStringLiteral("001:5710");
        DispatchRequest req;
        QString err;
        QVERIFY(OutboxRequest::build(m_conn, route(QStringLiteral("jira"), QStringLiteral("jira")), Config(), row, &req, &err));
        QCOMPARE(req.existingIssueKey, QStringLiteral("SOC-2"));
        row.dedupKey = QStringLiteral("001:9999");
        DispatchRequest none;
        QVERIFY(OutboxRequest::build(m_conn, route(QStringLiteral("jira"), QStringLiteral("jira")), Config(), row, &none, &err));
        QVERIFY(none.existingIssueKey.isEmpty());
    }

    void stackStormFallsBackToItsSettings()
    {
        Config config;
        config.set(QStringLiteral("ST2_WEBHOOK_URL"), QStringLiteral("https://st2.example/api/v1/webhooks/eos"));
        config.set(QStringLiteral("ST2_API_KEY"), QStringLiteral("st2-key"));
        DispatchRoute r = route(QStringLiteral("st2"), QStringLiteral("stackstorm"));
        r.hookUrl.clear();
        r.apiKey.clear();
        OutboxClaim::Row row;
        row.alertId = m_alerts[0];
        DispatchRequest req;
        QString err;
        QVERIFY(OutboxRequest::build(m_conn, r, config, row, &req, &err));
        QCOMPARE(req.url, QUrl(QStringLiteral("https://st2.example/api/v1/webhooks/eos")));
        QCOMPARE(req.apiKey, QStringLiteral("st2-key"));
        // a route's own hook and key win
        DispatchRequest own;
        QVERIFY(OutboxRequest::build(m_conn, route(QStringLiteral("st2"), QStringLiteral("stackstorm")), config, row, &own, &err));
        QCOMPARE(own.apiKey, QStringLiteral("route-key"));
    }

    void aGoneAlertIsNoRequest()
    {
        OutboxClaim::Row row;
        row.alertId = 424242;
        DispatchRequest req;
        QString err;
        QVERIFY(!OutboxRequest::build(m_conn, route(QStringLiteral("slack"), QStringLiteral("slack")), Config(), row, &req, &err));
        QVERIFY2(err.isEmpty(), qPrintable(err));  // simply gone: not a database error
        QVERIFY(req.alerts.empty());
    }

    void riskWords()
    {
        QCOMPARE(OutboxRequest::riskFrom(QStringLiteral("{\"risk\": \"medium\"}")), QStringLiteral("medium"));
        QCOMPARE(OutboxRequest::riskFrom(QStringLiteral("{\"risk_level\": \"low\"}")), QStringLiteral("low"));
        QCOMPARE(OutboxRequest::riskFrom(QStringLiteral("{\"severity\": \"high\"}")), QStringLiteral("high"));
        QCOMPARE(OutboxRequest::riskFrom(QStringLiteral("Summary first\n**Risk level:** Critical\n")), QStringLiteral("Critical"));
        QCOMPARE(OutboxRequest::riskFrom(QStringLiteral("risk = high")), QStringLiteral("high"));
        QVERIFY(OutboxRequest::riskFrom(QStringLiteral("no word about it")).isEmpty());
        QVERIFY(OutboxRequest::riskFrom({}).isEmpty());
        QVERIFY(OutboxRequest::riskFrom(QStringLiteral("{\"risk\": 3}")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOutboxRequest)
#include "test_outbox_request.moc"
