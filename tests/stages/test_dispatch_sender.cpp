// The routing stage and the outbox sender against real PostgreSQL and local services speaking the real
// protocols (tests/support: Slack, Jira, StackStorm, webhook stand-ins): every matching alert reaches each
// route exactly once with the right message; Slack's one message a second and its 429 Retry-After;
// retries with backoff, dead-lettering (audited), permanent refusals; digests; review mode; Jira's
// comment-instead-of-duplicate; a daemon killed with -9 in the middle of sends (Jira: the eos-<id> label
// keeps the ticket single; webhooks: the same Idempotency-Key) and two daemons sharing one outbox.
#include "core/config.h"
#include "jira_stand_in.h"
#include "json_endpoint_stand_in.h"
#include "slack_stand_in.h"
#include "stages/dispatch_routes.h"
#include "stages/dispatch_sender.h"
#include "stages/dispatch_stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using eos::Config;
using eos::DbConnectionInfo;
using eos::DispatchRoute;
using eos::DispatchRoutes;
using eos::DispatchSender;
using eos::DispatchStage;
using eos::StageRunner;
using eos::test::JiraStandIn;
using eos::test::JsonEndpointStandIn;
using eos::test::SlackStandIn;
using eos::test::TestDatabase;

namespace {

DbConnectionInfo freshDb(const QString &hint)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err)) qFatal("migrate: %s", qPrintable(err));
    return info;
}

QList<QJsonObject> sampleAlerts()
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("sample alerts");
    QList<QJsonObject> out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (!o.isEmpty()) out << o;
    }
    return out;
}

QJsonObject makeAlert(int i, int level, const QString &rule, const QString &agent)
{
    return QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("2026-11-22T11:07:16.828+0000")},
                       {QStringLiteral("id"), QStringLiteral("1795345636.%1").arg(i)},
                       {QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), level}, {QStringLiteral("id"), rule},
                                                            {QStringLiteral("description"), QStringLiteral("test rule %1").arg(rule)},
                                                            {QStringLiteral("groups"), QJsonArray{QStringLiteral("test")}}}},
                       {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), agent}, {QStringLiteral("name"), QStringLiteral("host-") + agent}}},
                       {QStringLiteral("location"), QStringLiteral("/var/log/secure")},
                       {QStringLiteral("full_log"), QStringLiteral("line %1").arg(i)}};
}

// alerts stored as the LLM stage leaves them: state summarized, with a response; NOTIFY new_response
void insertSummarized(const DbConnectionInfo &db, const QList<QJsonObject> &alerts, const QString &tag = QStringLiteral("a"))
{
    eos::test::TestConnection c(db);
    QVERIFY(c.db().transaction());
    QSqlQuery q(c.db());
    for (int i = 0; i < alerts.size(); ++i) {
        const QJsonObject &a = alerts[i];
        const QString agent = a.value(QStringLiteral("agent")).toObject().value(QStringLiteral("id")).toString();
        q.prepare(QStringLiteral("INSERT INTO agents(id, name) VALUES (?, ?) ON CONFLICT DO NOTHING"));
        q.addBindValue(agent);
        q.addBindValue(a.value(QStringLiteral("agent")).toObject().value(QStringLiteral("name")).toString());
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        q.prepare(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state, response_text) "
                                 "VALUES (?, ?, ?, ?, ?, ?::jsonb, 'summarized', ?)"));
        q.addBindValue(QStringLiteral("%1-%2").arg(tag).arg(i));
        q.addBindValue(agent);
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("id")).toString().toInt());
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt());
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("description")).toString());
        q.addBindValue(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
        q.addBindValue(QStringLiteral("Summary: test summary %1\nRisk: high").arg(i));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(q.exec(QStringLiteral("NOTIFY new_response")));
    QVERIFY(c.db().commit());
}

int count(const DbConnectionInfo &db, const QString &sql) { return TestDatabase::scalar(db, sql).toInt(); }

std::vector<DispatchRoute> routes(const QByteArray &json)
{
    QString err;
    auto r = DispatchRoutes::parse(json, QDir::tempPath(), &err);
    if (!r) qFatal("routes: %s", qPrintable(err));
    return *r;
}

Config testConfig()
{
    Config::LoadOptions lo;
    lo.useProcessEnvironment = false;
    lo.mode = Config::Mode::Tool;
    QString err;
    auto c = Config::load(lo, &err);
    if (!c) qFatal("config: %s", qPrintable(err));
    c->set(QStringLiteral("JIRA_USER"), QStringLiteral("soc@example.com"));
    c->set(QStringLiteral("JIRA_API_KEY"), QStringLiteral("jira-token"));
    c->set(QStringLiteral("JIRA_PROJECT_KEY"), QStringLiteral("SOC"));
    return *c;
}

// the routing stage and a sender, in this thread
struct Dispatch {
    std::unique_ptr<StageRunner> runner;
    std::unique_ptr<DispatchSender> sender;
    Dispatch(const DbConnectionInfo &db, const std::vector<DispatchRoute> &r, int maxAttempts = 8, int leaseSeconds = 60)
    {
        StageRunner::Options ro;
        ro.pollMs = 200;
        runner = std::make_unique<StageRunner>(db, std::make_unique<DispatchStage>(r), ro);
        DispatchSender::Options so;
        so.pollMs = 200;
        so.baseBackoffMs = 100;
        so.maxBackoffMs = 1000;
        so.maxAttempts = maxAttempts;
        so.leaseSeconds = leaseSeconds;
        so.timeoutMs = 5000;
        sender = std::make_unique<DispatchSender>(db, r, testConfig(), so);
        runner->start();
        sender->start();
    }
    ~Dispatch()
    {
        sender->stop(2000);
        runner->stop();
    }
};

QProcess *startDaemon(const DbConnectionInfo &db, const QString &dataDir, const QString &routesFile, QObject *parent)
{
    auto *p = new QProcess(parent);
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PG_DSN"), db.toUri());
    env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir);
    env.insert(QStringLiteral("EOS_ROUTES_FILE"), routesFile);
    env.insert(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), QStringLiteral("5"));
    env.insert(QStringLiteral("JIRA_USER"), QStringLiteral("soc@example.com"));
    env.insert(QStringLiteral("JIRA_API_KEY"), QStringLiteral("jira-token"));
    env.insert(QStringLiteral("JIRA_PROJECT_KEY"), QStringLiteral("SOC"));
    env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString());
    env.remove(QStringLiteral("EOS_ENV_FILE"));
    env.remove(QStringLiteral("WAZUH_API_URL"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
    return p;
}

}  // namespace

class TestDispatchSender : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyRouteGetsItsAlertsOnce()
    {
        const auto db = freshDb(QStringLiteral("dispatch_routes"));
        SlackStandIn slack;
        slack.minIntervalMs = 0;
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        auto st2 = JsonEndpointStandIn::stackStorm(QStringLiteral("st2-key"));
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(slack.listen() && jira.listen() && st2->listen() && hook->listen());
        const auto r = routes(QStringLiteral(R"([
            {"name":"slack","hook_url":"%1","level":5,"rate_per_second":100,"concurrency":4,"digest_threshold":0},
            {"name":"jira","hook_url":"%2","group":"authentication_success"},
            {"name":"stackstorm","hook_url":"%3","api_key":"st2-key","event_location":"^/var/log/httpd"},
            {"name":"webhook","hook_url":"%4","api_key":"hook-token","rule_id":"5715,31101","options":{"source":"eos-test"},"digest_threshold":0}])")
                                  .arg(slack.url(QStringLiteral("/services/T/B/X")).toString(), jira.url().toString(),
                                       st2->url(QStringLiteral("/api/v1/webhooks/wazuh_alert")).toString(), hook->url(QStringLiteral("/hook")).toString())
                                  .toUtf8());
        const auto alerts = sampleAlerts();
        int want[4] = {0, 0, 0, 0};
        for (const auto &a : alerts)
            for (const auto *m : DispatchRoutes::matching(r, a)) ++want[m - &r[0]];
        qInfo("expected dispatches: slack %d, jira %d, stackstorm %d, webhook %d", want[0], want[1], want[2], want[3]);
        QVERIFY(want[0] > 0 && want[1] > 0 && want[2] > 0 && want[3] > 0);
        Dispatch d(db, r);
        insertSummarized(db, alerts);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'sent'")), 50, 30000);
        const int total = want[0] + want[1] + want[2] + want[3];
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), total, 60000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox")), total);
        QCOMPARE(slack.messages.size(), want[0]);
        QCOMPARE(jira.created + jira.commented, want[1]);
        QCOMPARE(st2->accepted.size(), want[2]);
        QCOMPARE(hook->accepted.size(), want[3]);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_sent_at IS NOT NULL")), 50);
        // StackStorm: the alert itself as the body (rule.level for the rule's criteria), with the key header
        for (const auto &req : st2->accepted) {
            QCOMPARE(req.headers.value("st2-api-key"), QByteArray("st2-key"));
            QVERIFY(req.json.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).isDouble());
            QVERIFY(req.json.value(QStringLiteral("location")).toString().startsWith(QStringLiteral("/var/log/httpd")));
            QCOMPARE(req.json.value(QStringLiteral("eos")).toObject().value(QStringLiteral("summary")).toString().left(13), QStringLiteral("Summary: test"));
        }
        // webhook: idempotency keys are the outbox ids, bearer token, options merged
        QSet<QByteArray> keys;
        for (const auto &req : hook->accepted) {
            keys.insert(req.headers.value("idempotency-key"));
            QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer hook-token"));
            QCOMPARE(req.json.value(QStringLiteral("source")).toString(), QStringLiteral("eos-test"));
            QCOMPARE(req.json.value(QStringLiteral("risk")).toString(), QStringLiteral("high"));
        }
        QCOMPARE(keys.size(), want[3]);
        // the outbox keeps what was sent and what came back
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent' AND (payload IS NULL OR "
                                          "response_status IS NULL OR remote_id IS NULL OR jsonb_array_length(history) <> 1 OR attempts <> 1)")), 0);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT remote_id FROM dispatch_outbox WHERE route = 'jira' ORDER BY id LIMIT 1")),
                 QStringLiteral("SOC-1"));
    }

    void slackOneMessageASecondAndRetryAfter()
    {
        const auto db = freshDb(QStringLiteral("dispatch_slack"));
        SlackStandIn slack;  // 429 beyond one message a second
        QVERIFY(slack.listen());
        slack.failNext(1, 429, "2", "rate_limited");  // the first attempt is told to wait 2 s
        const auto r = routes(QStringLiteral(R"([{"name":"slack","hook_url":"%1","digest_threshold":0}])").arg(slack.url(QStringLiteral("/s")).toString()).toUtf8());
        QList<QJsonObject> alerts;
        for (int i = 0; i < 5; ++i) alerts << makeAlert(i, 10, QStringLiteral("5712"), QStringLiteral("001"));
        Dispatch d(db, r);
        insertSummarized(db, alerts);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 5, 60000);
        QCOMPARE(slack.messages.size(), 5);
        QCOMPARE(slack.throttled, 0);  // after the scripted 429, the sender kept to the limit on its own
        // one a second on average (the sender's slots are 1 s apart in database time)
        const double avgGap = double(slack.acceptedAtMs.last() - slack.acceptedAtMs.first()) / 4.0;
        QVERIFY2(avgGap >= 950, qPrintable(QString::number(avgGap)));
        // the Retry-After was honoured: the second request came at least 2 s after the first
        QVERIFY2(slack.requests.at(1).atMs - slack.requests.at(0).atMs >= 1900,
                 qPrintable(QString::number(slack.requests.at(1).atMs - slack.requests.at(0).atMs)));
        // 429 is not an attempt that counts towards dead; it is in the row's history
        QCOMPARE(count(db, QStringLiteral("SELECT max(attempts) FROM dispatch_outbox")), 1);
        // (by its status: the history's text also holds times and the sender's owner name, whose pid can read 429)
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox, jsonb_array_elements(history) h "
                                          "WHERE h->>'status' = '429'")), 1);
    }

    void retriesThenDeadLetters()
    {
        const auto db = freshDb(QStringLiteral("dispatch_retry"));
        auto flaky = JsonEndpointStandIn::webhook();
        auto broken = JsonEndpointStandIn::webhook();
        auto refusing = JsonEndpointStandIn::webhook();
        QVERIFY(flaky->listen() && broken->listen() && refusing->listen());
        flaky->failNext(2, 503);
        broken->failNext(100, 500);
        refusing->failNext(1, 400, {}, R"({"error":"bad field"})");
        const auto r = routes(QStringLiteral(R"([{"name":"webhook","id":"flaky","hook_url":"%1"},
                                                 {"name":"webhook","id":"broken","hook_url":"%2","max_attempts":3},
                                                 {"name":"webhook","id":"refusing","hook_url":"%3"}])")
                                  .arg(flaky->url(QStringLiteral("/hook")).toString(), broken->url(QStringLiteral("/hook")).toString(),
                                       refusing->url(QStringLiteral("/hook")).toString())
                                  .toUtf8());
        Dispatch d(db, r);
        insertSummarized(db, {makeAlert(1, 10, QStringLiteral("5712"), QStringLiteral("001"))});
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT state FROM dispatch_outbox WHERE route = 'flaky'")), QStringLiteral("sent"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT state FROM dispatch_outbox WHERE route = 'broken'")), QStringLiteral("dead"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT state FROM dispatch_outbox WHERE route = 'refusing'")), QStringLiteral("dead"), 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT attempts FROM dispatch_outbox WHERE route = 'flaky'")), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT jsonb_array_length(history) FROM dispatch_outbox WHERE route = 'flaky'")), 3);
        QCOMPARE(flaky->requests.size(), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT attempts FROM dispatch_outbox WHERE route = 'broken'")), 3);
        QCOMPARE(broken->requests.size(), 3);
        QCOMPARE(refusing->requests.size(), 1);  // a 400 is not retried
        QVERIFY(TestDatabase::scalar(db, QStringLiteral("SELECT error FROM dispatch_outbox WHERE route = 'refusing'")).contains(QStringLiteral("bad field")));
        // dead letters are in the alert's history
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'dispatch_dead'")), 2);
        // the backoff grew: the third attempt waited longer than the second (jitter has a floor of base/2)
        const auto &q = flaky->requests;
        QVERIFY(q.at(1).atMs - q.at(0).atMs >= 50);
    }

    void burstsBecomeADigest()
    {
        const auto db = freshDb(QStringLiteral("dispatch_digest"));
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(hook->listen());
        const auto r = routes(QStringLiteral(R"([{"name":"webhook","hook_url":"%1","digest_threshold":5,"digest_minutes":1,"concurrency":1}])")
                                  .arg(hook->url(QStringLiteral("/hook")).toString()).toUtf8());
        QList<QJsonObject> alerts;
        for (int i = 0; i < 30; ++i) alerts << makeAlert(i, 3 + i % 10, QString::number(5700 + i % 3), QStringLiteral("%1").arg(i % 4, 3, 10, QLatin1Char('0')));
        hook->delayMs = 100;  // so the burst is still waiting when the threshold is reached
        Dispatch d(db, r);
        insertSummarized(db, alerts);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE NOT is_digest AND state IN ('sent','digested')")), 30, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE is_digest AND state = 'sent'")), 1, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE NOT is_digest AND state = 'sent'")), 5);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'digested' AND digest_id IS NOT NULL")), 25);
        QCOMPARE(hook->accepted.size(), 6);
        const QJsonObject digest = hook->accepted.last().json;
        QVERIFY(digest.value(QStringLiteral("digest")).toBool());
        QCOMPARE(digest.value(QStringLiteral("count")).toInt(), 25);
        // highest level first
        QCOMPARE(digest.value(QStringLiteral("alerts")).toArray().first().toObject().value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt(), 12);
        // no alert twice, none lost
        QSet<QString> seen;
        for (int i = 0; i < 5; ++i) seen.insert(hook->accepted[i].json.value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString());
        for (const auto &a : digest.value(QStringLiteral("alerts")).toArray()) seen.insert(a.toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(seen.size(), 30);
    }

    void reviewModeWaitsForApproval()
    {
        const auto db = freshDb(QStringLiteral("dispatch_review"));
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(hook->listen());
        const auto r = routes(QStringLiteral(R"([{"name":"webhook","hook_url":"%1","mode":"review"}])").arg(hook->url(QStringLiteral("/hook")).toString()).toUtf8());
        Dispatch d(db, r);
        insertSummarized(db, {makeAlert(1, 12, QStringLiteral("5712"), QStringLiteral("001")), makeAlert(2, 12, QStringLiteral("5712"), QStringLiteral("002"))});
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'review'")), 2, 30000);
        QTest::qWait(1000);  // the sender polls every 200 ms: it had every chance to send
        QCOMPARE(hook->requests.size(), 0);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE dispatch_outbox SET state = 'pending', next_attempt_at = now() WHERE id = "
                                                      "(SELECT min(id) FROM dispatch_outbox); NOTIFY dispatch_outbox")));
        QTRY_COMPARE_WITH_TIMEOUT(hook->accepted.size(), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 1, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'review'")), 1);
    }

    void jiraCommentsInsteadOfDuplicates()
    {
        const auto db = freshDb(QStringLiteral("dispatch_jira"));
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        const auto r = routes(QStringLiteral(R"([{"name":"jira","hook_url":"%1","api_version":3}])").arg(jira.url().toString()).toUtf8());
        Dispatch d(db, r);
        // three of agent 001/rule 5712 (one issue, two comments), one of another agent
        insertSummarized(db, {makeAlert(1, 10, QStringLiteral("5712"), QStringLiteral("001")), makeAlert(2, 10, QStringLiteral("5712"), QStringLiteral("001")),
                              makeAlert(3, 10, QStringLiteral("5712"), QStringLiteral("002")), makeAlert(4, 10, QStringLiteral("5712"), QStringLiteral("001"))});
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 4, 30000);
        QCOMPARE(jira.created, 2);
        QCOMPARE(jira.commented, 2);
        QCOMPARE(count(db, QStringLiteral("SELECT comments FROM dispatch_jira_issues WHERE dedup_key = '001:5712'")), 2);
        // resolved in Jira: the next repeat opens a new issue
        jira.setDone(TestDatabase::scalar(db, QStringLiteral("SELECT issue_key FROM dispatch_jira_issues WHERE dedup_key = '001:5712'")));
        insertSummarized(db, {makeAlert(5, 10, QStringLiteral("5712"), QStringLiteral("001"))}, QStringLiteral("b"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 5, 30000);
        QCOMPARE(jira.created, 3);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_jira_issues WHERE dedup_key = '001:5712' AND closed_at IS NOT NULL")), 1);
    }

    // The console's Escalate (an 'escalate' audit row, as TriageStore writes it with the triage change)
    // becomes a Jira dispatch through the outbox: a ticket marked as escalated, or a comment on the open
    // issue of the same agent and rule; whatever the route's filters and review mode say.
    void escalationIsSentToJira()
    {
        const auto db = freshDb(QStringLiteral("dispatch_escalation"));
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        const auto r = routes(QStringLiteral(R"([{"name":"jira","hook_url":"%1","level":15,"mode":"review"}])").arg(jira.url().toString()).toUtf8());
        Dispatch d(db, r);
        insertSummarized(db, {makeAlert(1, 7, QStringLiteral("5712"), QStringLiteral("001")), makeAlert(2, 7, QStringLiteral("5712"), QStringLiteral("001")),
                              makeAlert(3, 3, QStringLiteral("5501"), QStringLiteral("002"))});
        // routed (below the route's level: no dispatch), and the route published for escalations
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'sent'")), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_routes WHERE escalate AND kind = 'jira'")), 1, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox")), 0);
        const int first = count(db, QStringLiteral("SELECT min(id) FROM alerts"));
        auto escalate = [&](int alertId, const QString &reason) {
            QVERIFY(TestDatabase::exec(db, QStringLiteral(
                "BEGIN; UPDATE alerts SET triage_status = 'escalated', triage_reason = '%2', triaged_at = now() WHERE id = %1; "
                "INSERT INTO audit_log (alert_id, actor, action, reason, details) VALUES (%1, 'erin', 'escalate', '%2', "
                "'{\"to\": \"escalated\"}'); COMMIT").arg(alertId).arg(reason)));
        };
        escalate(first, QStringLiteral("credential stuffing against the VPN"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 1, 30000);
        QCOMPARE(jira.created, 1);
        const auto issue = jira.issues.first();
        QVERIFY2(issue.fields.value(QStringLiteral("summary")).toString().startsWith(QStringLiteral("[Wazuh, escalated] host-001: test rule 5712")),
                 qPrintable(issue.fields.value(QStringLiteral("summary")).toString()));
        QVERIFY(issue.labels.contains(QStringLiteral("escalated")));
        QVERIFY(issue.labels.contains(QStringLiteral("rule-5712")) && issue.labels.contains(QStringLiteral("agent-001")));
        const int outboxId = count(db, QStringLiteral("SELECT id FROM dispatch_outbox"));
        QVERIFY(issue.labels.contains(QStringLiteral("eos-%1").arg(outboxId)));
        // level 7 would be Medium: an analyst's escalation is at least High
        QCOMPARE(issue.fields.value(QStringLiteral("priority")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("High"));
        const QString description = JiraStandIn::text(issue.fields.value(QStringLiteral("description")));
        QVERIFY2(description.startsWith(QStringLiteral("Escalated by erin in Eos Console: credential stuffing against the VPN")), qPrintable(description));
        QVERIFY(description.contains(QStringLiteral("Summary (LLM):")));
        // in the Dispatch Queue like any row: its key, and the escalation first in its history
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT remote_id FROM dispatch_outbox WHERE id = %1").arg(outboxId)), issue.key);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT history->0->>'result' || ' by ' || (history->0->>'by') FROM dispatch_outbox")),
                 QStringLiteral("escalated by erin"));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = %1 AND action = 'escalation_dispatch'").arg(first)), 1);

        // the same agent and rule while its issue is open: a comment saying who escalated and why
        escalate(first + 1, QStringLiteral("second host of the same campaign"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 2, 30000);
        QCOMPARE(jira.created, 1);
        QCOMPARE(jira.commented, 1);
        const QString comment = JiraStandIn::text(jira.issues.value(issue.key).comments.last());
        QVERIFY2(comment.startsWith(QStringLiteral("Escalated by erin in Eos Console: second host of the same campaign")), qPrintable(comment));
        QVERIFY(comment.contains(QStringLiteral("eos-%1").arg(outboxId + 1)));
        // nothing else was sent: the routing stage made no row for these level-7 alerts
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE escalation_id IS NULL")), 0);
    }

    void killedDaemonMidSendNeverDoubles()
    {
        const auto db = freshDb(QStringLiteral("dispatch_kill"));
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(jira.listen() && hook->listen());
        QTemporaryDir dir;
        const QString routesFile = dir.filePath(QStringLiteral("routes.json"));
        const QByteArray routesJson = QStringLiteral(R"([{"name":"jira","hook_url":"%1"},{"name":"webhook","hook_url":"%2","digest_threshold":0}])")
                                          .arg(jira.url().toString(), hook->url(QStringLiteral("/hook")).toString()).toUtf8();
        QFile f(routesFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(routesJson);
        f.close();
        // the services take the requests (Jira creates the issues) but the answers never reach the daemon
        jira.setHang(true);
        hook->setHang(true);
        QList<QJsonObject> alerts;
        for (int i = 0; i < 6; ++i) alerts << makeAlert(i, 10, QString::number(5700 + i), QStringLiteral("00%1").arg(i % 3 + 1));
        insertSummarized(db, alerts);
        QProcess *daemon = startDaemon(db, dir.filePath(QStringLiteral("d1")), routesFile, this);
        QVERIFY(daemon->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(jira.held() >= 4 && hook->held() >= 6, 30000);
        ::kill(pid_t(daemon->processId()), SIGKILL);
        QVERIFY(daemon->waitForFinished(10000));
        const int sending = count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sending'"));
        qInfo("killed the daemon with %d sends under way (Jira created %d issues it never heard of)", sending, jira.created);
        QVERIFY(sending >= 10);
        jira.setHang(false);
        hook->setHang(false);
        const int createdBefore = jira.created;
        // another sender takes over when the leases (5 s) expire
        Dispatch d(db, routes(routesJson), 8, 5);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 12, 60000);
        QCOMPARE(jira.created, 6);  // one issue per alert (six agent:rule keys), none doubled
        QVERIFY(createdBefore >= 4);
        QCOMPARE(jira.commented, 0);
        QVERIFY(jira.searches >= createdBefore);  // each unknown outcome was looked up by its label
        for (const auto &i : jira.issues) QCOMPARE(i.labels.filter(QStringLiteral("eos-")).size(), 1);
        // webhooks: a resend carries the same Idempotency-Key; the outbox records each once
        QSet<QByteArray> keys;
        for (const auto &req : hook->accepted) keys.insert(req.headers.value("idempotency-key"));
        QCOMPARE(keys.size(), 6);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'webhook' AND state = 'sent'")), 6);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE outcome_unknown AND state = 'sent'")), 0);
    }

    void twoDaemonsShareTheOutbox()
    {
        const auto db = freshDb(QStringLiteral("dispatch_two"));
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(jira.listen() && hook->listen());
        hook->delayMs = 20;
        QTemporaryDir dir;
        const QString routesFile = dir.filePath(QStringLiteral("routes.json"));
        QFile f(routesFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral(R"([{"name":"jira","hook_url":"%1","level":12},{"name":"webhook","hook_url":"%2","digest_threshold":0}])")
                    .arg(jira.url().toString(), hook->url(QStringLiteral("/hook")).toString()).toUtf8());
        f.close();
        QProcess *a = startDaemon(db, dir.filePath(QStringLiteral("a")), routesFile, this);
        QProcess *b = startDaemon(db, dir.filePath(QStringLiteral("b")), routesFile, this);
        QString outA, outB;
        QTRY_VERIFY_WITH_TIMEOUT((outA += QString::fromUtf8(a->readAll()), outB += QString::fromUtf8(b->readAll()),
                                  outA.contains(QStringLiteral("outbox sender started")) && outB.contains(QStringLiteral("outbox sender started"))),
                                 30000);
        QList<QJsonObject> alerts;
        for (int i = 0; i < 300; ++i) alerts << makeAlert(i, 5 + i % 8, QString::number(5700 + i % 5), QStringLiteral("%1").arg(i % 10, 3, 10, QLatin1Char('0')));
        insertSummarized(db, alerts);
        const int jiraRows = int(std::count_if(alerts.begin(), alerts.end(), [](const QJsonObject &x) {
            return x.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt() >= 12;
        }));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 300 + jiraRows, 120000);
        QSet<QByteArray> keys;
        for (const auto &req : hook->accepted) keys.insert(req.headers.value("idempotency-key"));
        QCOMPARE(hook->accepted.size(), 300);
        QCOMPARE(keys.size(), 300);
        // Jira: one issue per agent:rule key, the rest comments; none doubled across the daemons
        QCOMPARE(jira.created, count(db, QStringLiteral("SELECT count(DISTINCT dedup_key) FROM dispatch_outbox WHERE route = 'jira'")));
        QCOMPARE(jira.created + jira.commented, jiraRows);
        // both daemons sent
        QCOMPARE(count(db, QStringLiteral("SELECT count(DISTINCT split_part(h->>'by', ':', 2)) FROM dispatch_outbox, jsonb_array_elements(history) h")), 2);
        a->terminate();
        b->terminate();
        QVERIFY(a->waitForFinished(15000));
        QVERIFY(b->waitForFinished(15000));
        outA += QString::fromUtf8(a->readAll());
        QVERIFY2(outA.contains(QStringLiteral("outbox sender stopped")), qPrintable(outA.right(2000)));
    }
};

QTEST_GUILESS_MAIN(TestDispatchSender)
#include "test_dispatch_sender.moc"
