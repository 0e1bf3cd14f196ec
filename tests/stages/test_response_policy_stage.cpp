// ResponsePolicyStage in a StageRunner against real PostgreSQL and a scripted Wazuh API: the response
// plan's example (SSH brute force: disable the account) acts within its limits, every decision is an audit
// row with its reason (taken, limit reached, protected, hostile field refused, paused, dry run), alerts'
// states are never changed, old alerts are not acted on, and an action whose outcome is unknown (a crash
// after the audit row) is never sent again.
#include "core/worker_thread.h"
#include "stages/response_policy_stage.h"
#include "stages/stage_runner.h"
#include "recording_http_server.h"
#include "test_database.h"
#include "wazuh_token.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using eos::DbConnectionInfo;
using eos::ResponsePolicies;
using eos::ResponsePolicyStage;
using eos::StageRunner;
using eos::test::RecordingHttpServer;
using eos::test::TestDatabase;
using Reply = RecordingHttpServer::Reply;

namespace {


// A Wazuh API that logs in and accepts every action.
void acceptEverything(RecordingHttpServer &server)
{
    server.handler = [](const RecordingHttpServer::Request &req) {
        if (req.path.startsWith("/security/user/authenticate"))
            return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(eos::test::wazuhJwt())}}}, {"error", 0}});
        return Reply::json(200, QJsonObject{{"data", QJsonObject{{"affected_items", QJsonArray{"001"}}, {"total_affected_items", 1},
                                                          {"total_failed_items", 0}, {"failed_items", QJsonArray{}}}},
                                     {"message", "AR command was sent to all agents"}, {"error", 0}});
    };
}

int actions(const RecordingHttpServer &server)
{
    int n = 0;
    for (const auto &r : server.requests) n += r.path.startsWith("/active-response") || r.path.contains("/restart");
    return n;
}

QString sshAlert(const QString &agent, const QString &srcip, const QString &user, int level = 10, const QString &rule = "5712")
{
    const QJsonObject a{{"rule", QJsonObject{{"id", rule}, {"level", level}, {"groups", QJsonArray{"syslog", "sshd", "authentication_failures"}},
                                             {"description", "sshd: brute force trying to get access to the system"}}},
                        {"agent", QJsonObject{{"id", agent}, {"name", "host-" + agent}}},
                        {"data", QJsonObject{{"srcip", srcip}, {"dstuser", user}}},
                        {"location", "/var/log/auth.log"}};
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

// Inserts an enriched alert in the given state; returns its id.
qint64 insertAlert(const DbConnectionInfo &db, const QString &raw, const QString &state = "agent_enriched",
                   const QString &ingested = "now()")
{
    const QJsonObject a = QJsonDocument::fromJson(raw.toUtf8()).object();
    const QString agent = a.value("agent").toObject().value("id").toString();
    const QString sql = QStringLiteral("INSERT INTO agents(id) VALUES ('%1') ON CONFLICT DO NOTHING; "
                                       "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw, state, enriched_at, ingest_timestamp) "
                                       "VALUES (md5(random()::text), '%1', 10, $json$%2$json$::jsonb, '%3', now(), %4)")
                            .arg(agent, raw, state, ingested);
    if (!TestDatabase::exec(db, sql)) qFatal("insert");
    return TestDatabase::scalar(db, "SELECT max(id) FROM alerts").toLongLong();
}

QString decision(const DbConnectionInfo &db, qint64 alertId, const QString &policy, const QString &field = "outcome")
{
    return TestDatabase::scalar(db, QStringLiteral("SELECT details->>'%1' FROM audit_log WHERE action = 'auto_response' "
                                                   "AND alert_id = %2 AND reason = '%3'").arg(field).arg(alertId).arg(policy));
}

StageRunner::Options fast()
{
    StageRunner::Options o;
    o.batchSize = 10;
    o.concurrency = 1;
    o.pollMs = 100;
    o.backlogMs = 100;
    o.leaseSeconds = 30;
    return o;
}

ResponsePolicyStage::Options options(const RecordingHttpServer &server, const QByteArray &policies,
                                     const QString &guard = "000 user:root")
{
    ResponsePolicyStage::Options o;
    o.api.url = QUrl(server.url(QString()));
    o.api.user = "eos";
    o.api.password = "secret";
    o.api.baseBackoffMs = 10;
    o.api.maxAttempts = 2;
    QString err;
    o.policies = ResponsePolicies::fromJson(policies, "policies.json", &err);
    if (!err.isEmpty()) qFatal("%s", qPrintable(err));
    o.catalog = eos::RemediationCatalog::defaults();
    o.guard = eos::ProtectedTargets::parse(guard);
    o.maxAgeMinutes = 60;
    return o;
}

int checked(const DbConnectionInfo &db)
{
    return TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE policy_checked_at IS NOT NULL").toInt();
}

}  // namespace

class TestResponsePolicyStage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void examplePolicyActsWithinItsLimits()
    {
        const auto db = TestDatabase::create("policy_example");
        QVERIFY(TestDatabase::migrate(db));
        RecordingHttpServer server;
        QVERIFY(server.listen());
        acceptEverything(server);
        // five brute-force alerts on agent 001 (limit 3 per agent), one on 002, one below the level
        QList<qint64> on001;
        for (int i = 0; i < 5; ++i) on001 << insertAlert(db, sshAlert("001", "203.0.113.7", "alice"), i % 2 ? "summarized" : "agent_enriched");
        const qint64 on002 = insertAlert(db, sshAlert("002", "203.0.113.8", "bob"));
        const qint64 low = insertAlert(db, sshAlert("002", "203.0.113.8", "bob", 5));
        const qint64 notNew = insertAlert(db, sshAlert("003", "203.0.113.9", "carol"), "new");  // not enriched yet
        TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET enriched_at = NULL WHERE id = %1").arg(notNew));

        StageRunner runner(db, std::make_unique<ResponsePolicyStage>(options(server, ResponsePolicies::exampleJson())), fast());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(checked(db), 7, 30000);

        // disable-account: 3 sent on 001 (then the limit), 1 on 002; block-ip is a dry run: nothing sent
        const QString disable = "ssh-brute-force-disable-account", block = "ssh-brute-force-block-ip";
        for (int i = 0; i < 3; ++i) QCOMPARE(decision(db, on001[i], disable), QStringLiteral("ok"));
        for (int i = 3; i < 5; ++i) {
            QCOMPARE(decision(db, on001[i], disable), QStringLiteral("skipped"));
            QVERIFY(decision(db, on001[i], disable, "message").contains("limit reached"));
        }
        QCOMPARE(decision(db, on002, disable), QStringLiteral("ok"));
        QCOMPARE(decision(db, on001[0], block), QStringLiteral("dry_run"));
        QCOMPARE(decision(db, low, disable), QString());  // level 5: no match, no decision
        QCOMPARE(actions(server), 4);
        for (const auto &r : server.requests) {
            if (!r.path.startsWith("/active-response")) continue;
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value("command").toString(), QStringLiteral("disable-account600"));
            QVERIFY(body.value("alert").toObject().value("data").toObject().contains("dstuser"));
        }
        // the pipeline's states untouched
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE state = 'summarized'").toInt(), 2);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE state = 'agent_enriched'").toInt(), 5);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM alerts WHERE state = 'new' AND policy_checked_at IS NULL").toInt(), 1);
        QCOMPARE(TestDatabase::scalar(db, "SELECT actor FROM audit_log WHERE action = 'auto_response' LIMIT 1"), QStringLiteral("eos:policy"));
        runner.stop();
    }

    void hostileProtectedPausedAndOld()
    {
        const auto db = TestDatabase::create("policy_refusals");
        QVERIFY(TestDatabase::migrate(db));
        RecordingHttpServer server;
        QVERIFY(server.listen());
        acceptEverything(server);
        const QByteArray policies = R"({"policies": [
            {"name": "lock", "rule_id": "5712", "action": "disable-account", "limits": {"per_agent": {"max": 100}, "per_policy": {"max": 100}}},
            {"name": "block", "group": "sshd", "level": 10, "action": "block-ip", "limits": {"per_agent": {"max": 100}, "per_policy": {"max": 100}}},
            {"name": "paused-one", "rule_id": "5712", "action": "restart"}]})";
        TestDatabase::exec(db, "INSERT INTO response_policy_state (policy, paused, changed_by) VALUES ('paused-one', true, 'alice')");
        const qint64 hostile = insertAlert(db, sshAlert("001", "1.2.3.4; rm -rf /", "bob; rm -rf /"));
        const qint64 manager = insertAlert(db, sshAlert("000", "203.0.113.7", "alice"));
        const qint64 root = insertAlert(db, sshAlert("001", "10.1.1.1", "root"));
        const qint64 old = insertAlert(db, sshAlert("001", "203.0.113.7", "alice"), "agent_enriched", "now() - interval '3 hours'");
        StageRunner runner(db, std::make_unique<ResponsePolicyStage>(options(server, policies, "000 user:root 10.0.0.0/8")), fast());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(checked(db), 3, 30000);

        QCOMPARE(decision(db, hostile, "lock"), QStringLiteral("refused"));
        QVERIFY(decision(db, hostile, "lock", "message").contains("not an account name"));
        QCOMPARE(decision(db, hostile, "block"), QStringLiteral("refused"));
        QVERIFY(decision(db, hostile, "block", "message").contains("not an IP address"));
        QCOMPARE(decision(db, manager, "lock"), QStringLiteral("refused"));
        QVERIFY(decision(db, manager, "lock", "message").contains("EOS_PROTECTED"));
        QCOMPARE(decision(db, root, "lock"), QStringLiteral("refused"));
        QCOMPARE(decision(db, root, "block"), QStringLiteral("refused"));  // 10.1.1.1 protected
        QCOMPARE(decision(db, hostile, "paused-one"), QStringLiteral("skipped"));
        QCOMPARE(decision(db, hostile, "paused-one", "message"), QStringLiteral("the policy is paused"));
        // nothing was sent at all, and nothing of the hostile text reached the server
        QCOMPARE(actions(server), 0);
        for (const auto &r : server.requests) QVERIFY(!r.body.contains("rm -rf"));
        // an alert older than EOS_POLICY_MAX_AGE_MINUTES is never acted on
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT policy_checked_at IS NULL FROM alerts WHERE id = %1").arg(old)),
                 QStringLiteral("true"));
        QCOMPARE(decision(db, old, "lock"), QString());
        runner.stop();
    }

    void unknownOutcomeIsNeverSentAgain()
    {
        // a daemon died after writing "sending" and before the answer: the alert is checked again (its
        // lease expired) but the policy does not send a second time
        const auto db = TestDatabase::create("policy_crash");
        QVERIFY(TestDatabase::migrate(db));
        RecordingHttpServer server;
        QVERIFY(server.listen());
        acceptEverything(server);
        const qint64 id = insertAlert(db, sshAlert("001", "203.0.113.7", "alice"));
        QVERIFY(TestDatabase::exec(db, QStringLiteral("INSERT INTO audit_log (alert_id, agent_id, actor, action, reason, details) "
                                                      "VALUES (%1, '001', 'eos:policy', 'auto_response', 'lock', "
                                                      "'{\"outcome\": \"sending\", \"taken\": true}')").arg(id)));
        const QByteArray policies = R"({"policies": [{"name": "lock", "rule_id": "5712", "action": "disable-account"}]})";
        StageRunner runner(db, std::make_unique<ResponsePolicyStage>(options(server, policies)), fast());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(checked(db), 1, 30000);
        QCOMPARE(actions(server), 0);
        QCOMPARE(TestDatabase::scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'auto_response'").toInt(), 1);
        runner.stop();
    }

    void badConfigurationIsAnError()
    {
        eos::Config cfg;
        QTemporaryDir dir;
        QFile f(dir.filePath("p.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"policies": [{"name": "x", "level": 12, "action": "nuke-it"}]})");
        f.close();
        cfg.set("EOS_RESPONSE_POLICIES", f.fileName());
        QString err;
        ResponsePolicyStage::optionsFrom(cfg, &err);
        QVERIFY2(err.contains("nuke-it") && err.contains("EOS_AR_COMMANDS"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestResponsePolicyStage)
#include "test_response_policy_stage.moc"
