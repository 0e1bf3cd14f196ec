// Remediator: each action through the Wazuh API with its audit row. Against Prism serving Wazuh's own
// OpenAPI description with request validation (every request must fit the spec), and against a scripted
// server for what Prism cannot play: Wazuh's per-agent error codes (1701 no such agent, 1707 agent not
// active, 1650/1652 command missing or not configured, 1750 active response disabled), partial answers,
// HTTP errors. Also: dry run sends nothing, no audit row means nothing sent, policy limits.
#include "clients/wazuh_api_client.h"
#include "stages/remediation_catalog.h"
#include "stages/remediator.h"
#include "prism_server.h"
#include "recording_http_server.h"
#include "test_connection.h"
#include "test_database.h"
#include "wazuh_token.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <optional>

using eos::ProtectedTargets;
using eos::RemediationCatalog;
using eos::RemediationPlan;
using eos::Remediator;
using eos::WazuhApiClient;
using eos::test::LazyPrism;
using eos::test::RecordingHttpServer;
using eos::test::TestDatabase;
using Reply = RecordingHttpServer::Reply;

namespace {

constexpr int kWaitMs = 30000;


Reply loginOk() { return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(eos::test::wazuhJwt())}}}, {"error", 0}}); }

// Wazuh's answer to an action: affected ids, failed items {code, message, remediation, ids}
Reply actionAnswer(const QStringList &affected, const QJsonArray &failed, const QString &message)
{
    int failedIds = 0;
    for (const auto &f : failed) failedIds += int(f.toObject().value("id").toArray().size());
    const int error = failed.isEmpty() ? 0 : affected.isEmpty() ? 1 : 2;
    return Reply::json(200, QJsonObject{{"data", QJsonObject{{"affected_items", QJsonArray::fromStringList(affected)},
                                                      {"total_affected_items", int(affected.size())},
                                                      {"total_failed_items", failedIds},
                                                      {"failed_items", failed}}},
                                 {"message", message},
                                 {"error", error}});
}

QJsonObject failedItem(int code, const QString &message, const QString &remediation, const QStringList &ids)
{
    QJsonObject e{{"code", code}, {"message", message}};
    if (!remediation.isEmpty()) e.insert("remediation", remediation);
    return QJsonObject{{"error", e}, {"id", QJsonArray::fromStringList(ids)}};
}

struct Audit {
    qint64 alertId = 0;
    QString agentId, actor, action, reason;
    QJsonObject details;
};

std::optional<Audit> auditRow(QSqlDatabase &db, qint64 id)
{
    QSqlQuery q(db);
    q.prepare("SELECT COALESCE(alert_id, 0), COALESCE(agent_id, ''), actor, action, COALESCE(reason, ''), details::text "
              "FROM audit_log WHERE id = ?");
    q.addBindValue(id);
    if (!q.exec() || !q.next()) return std::nullopt;
    return Audit{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                 q.value(4).toString(), QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object()};
}

}  // namespace

class TestRemediator : public QObject {
    Q_OBJECT

    LazyPrism m_prism{QStringLiteral(EOS_PRISM_BIN), QStringLiteral(EOS_TEST_DATA_DIR "/wazuh-api-4.14.yaml")};
    eos::DbConnectionInfo m_info;
    std::unique_ptr<eos::test::TestConnection> m_conn;
    qint64 m_alertId = 0;

    WazuhApiClient::Options prismOptions() const
    {
        WazuhApiClient::Options o;
        o.url = m_prism->url();
        o.user = LazyPrism::wazuhUser();
        o.password = LazyPrism::wazuhPassword();
        o.baseBackoffMs = 10;
        return o;
    }
    static WazuhApiClient::Options scriptedOptions(const RecordingHttpServer &server)
    {
        WazuhApiClient::Options o;
        o.url = QUrl(server.url(QString()));
        o.user = QStringLiteral("eos");
        o.password = QStringLiteral("secret");
        o.baseBackoffMs = 10;
        o.maxAttempts = 2;
        return o;
    }
    QSqlDatabase &db() { return m_conn->db(); }

    RemediationPlan blockPlan(const QString &srcip = QStringLiteral("203.0.113.7"))
    {
        RemediationPlan plan;
        QString why;
        const QJsonObject alert{{"agent", QJsonObject{{"id", "001"}, {"name", "web-01"}}},
                                {"data", QJsonObject{{"srcip", srcip}, {"dstuser", "alice"}}},
                                {"rule", QJsonObject{{"id", "5712"}, {"level", 10}}}};
        if (!RemediationCatalog::defaults().planForAlert("block-ip", alert, m_alertId, ProtectedTargets::parse("000"), &plan, &why))
            qFatal("plan: %s", qPrintable(why));
        return plan;
    }
    RemediationPlan restartPlan(const QString &agent = QStringLiteral("001"))
    {
        RemediationPlan plan;
        QString why;
        if (!RemediationCatalog::restartPlan(agent, "web-01", m_alertId, {}, &plan, &why)) qFatal("plan: %s", qPrintable(why));
        return plan;
    }
    static Remediator::Context analyst(bool dryRun = false)
    {
        Remediator::Context c;
        c.actor = QStringLiteral("alice");
        c.source = QStringLiteral("console");
        c.dryRun = dryRun;
        return c;
    }
    // Runs one plan and waits for its outcome.
    Remediator::Outcome run(WazuhApiClient *client, const RemediationPlan &plan, const Remediator::Context &ctx,
                            const Remediator::Limits *limits = nullptr)
    {
        Remediator r(client, [this]() -> QSqlDatabase & { return db(); });
        std::optional<Remediator::Outcome> out;
        int calls = 0;
        r.execute(plan, ctx, [&](const Remediator::Outcome &o) { out = o; ++calls; }, limits);
        if (!QTest::qWaitFor([&] { return out.has_value(); }, kWaitMs)) qFatal("no outcome");
        QTest::qWait(0);
        if (calls != 1) qFatal("done called %d times", calls);
        return *out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("remediator"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_info, &err), qPrintable(err));
        QVERIFY(TestDatabase::exec(m_info, "INSERT INTO agents(id, name) VALUES ('001', 'web-01');"
                                           "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw) VALUES ('h1', '001', 10, '{}')"));
        m_alertId = TestDatabase::scalar(m_info, "SELECT id FROM alerts").toLongLong();
        m_conn = std::make_unique<eos::test::TestConnection>(m_info);
    }

    // ---- against Prism: the requests fit Wazuh's published API -------------------------------------

    void prismRestartWithAuditRow()
    {
        QString err;
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
        const qsizetype mark = m_prism->logSize();
        WazuhApiClient client(prismOptions());
        const auto out = run(&client, restartPlan(), analyst());
        QVERIFY2(out.status == "ok", qPrintable(out.summary()));
        QCOMPARE(out.httpStatus, 200);
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->log().mid(mark).contains(QLatin1String("put /agents/001/restart")), kWaitMs);
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));
        const auto row = auditRow(db(), out.auditId);
        QVERIFY(row);
        QCOMPARE(row->action, QStringLiteral("remediation"));
        QCOMPARE(row->actor, QStringLiteral("alice"));
        QCOMPARE(row->alertId, m_alertId);
        QCOMPARE(row->agentId, QStringLiteral("001"));
        QCOMPARE(row->details.value("outcome").toString(), QStringLiteral("ok"));
        QCOMPARE(row->details.value("source").toString(), QStringLiteral("console"));
        QCOMPARE(row->details.value("request").toObject().value("endpoint").toString(), QStringLiteral("PUT /agents/001/restart"));
        QCOMPARE(row->details.value("http_status").toInt(), 200);
    }

    void prismActiveResponseFitsTheSpec()
    {
        QString err;
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
        const qsizetype mark = m_prism->logSize();
        WazuhApiClient client(prismOptions());
        const auto out = run(&client, blockPlan(), analyst());
        QVERIFY2(out.status == "ok", qPrintable(out.summary()));
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->log().mid(mark).contains(QLatin1String("put /active-response")), kWaitMs);
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));
        const auto row = auditRow(db(), out.auditId);
        QVERIFY(row);
        const QJsonObject body = row->details.value("request").toObject().value("body").toObject();
        QCOMPARE(body.value("command").toString(), QStringLiteral("firewall-drop600"));
        QCOMPARE(body.value("alert").toObject().value("data").toObject().value("srcip").toString(), QStringLiteral("203.0.113.7"));
    }

    // ---- against a scripted server: what Wazuh answers when it cannot act ----------------------------

    void exactRequestOnTheWire()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(), actionAnswer({"001"}, {}, "AR command was sent to all agents")};
        WazuhApiClient client(scriptedOptions(server));
        const auto out = run(&client, blockPlan(), analyst());
        QVERIFY2(out.status == "ok", qPrintable(out.summary()));
        QCOMPARE(out.affected, QStringList{"001"});
        QCOMPARE(server.requests.size(), 2);
        const auto &req = server.requests.at(1);
        QCOMPARE(req.method, QByteArray("PUT"));
        const QUrl url(QString::fromLatin1(req.path));
        QCOMPARE(url.path(), QStringLiteral("/active-response"));
        QCOMPARE(QUrlQuery(url).queryItemValue("agents_list"), QStringLiteral("001"));
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body, (QJsonObject{{"command", "firewall-drop600"}, {"arguments", QJsonArray{}},
                                    {"alert", QJsonObject{{"data", QJsonObject{{"srcip", "203.0.113.7"}}}}}}));
        QVERIFY(req.headers.value("authorization").startsWith("Bearer "));
    }

    void wazuhErrorCodesAreReportedPlainly_data()
    {
        QTest::addColumn<bool>("restart");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("remediation");
        QTest::newRow("1701 no such agent") << true << 1701 << "Agent does not exist"
                                            << "Please, use `GET /agents?select=id,name` to find all available agents";
        QTest::newRow("1707 agent not active") << true << 1707 << "Cannot send request, agent is not active"
                                               << "Please, check non-active agents connection and try again";
        QTest::newRow("1650 command missing") << false << 1650 << "Active response - Command not specified" << "";
        QTest::newRow("1652 command not configured") << false << 1652
                                                     << "Active response - The command used is not defined in the configuration"
                                                     << "Please, check the ossec.conf active-response section";
        QTest::newRow("1750 AR disabled") << false << 1750 << "Could not send command, active-response is disabled in the agent"
                                          << "You can activate it in agents' `ossec.conf`";
    }

    void wazuhErrorCodesAreReportedPlainly()
    {
        QFETCH(bool, restart);
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, remediation);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(), actionAnswer({}, QJsonArray{failedItem(code, message, remediation, {"001"})},
                                                 restart ? "Restart command was not sent to any agent"
                                                         : "AR command was not sent to any agent")};
        WazuhApiClient client(scriptedOptions(server));
        const auto out = run(&client, restart ? restartPlan() : blockPlan(), analyst());
        QCOMPARE(out.status, QStringLiteral("failed"));
        QCOMPARE(out.code, code);
        QVERIFY2(out.message.contains(message) && out.message.contains("001"), qPrintable(out.message));
        QCOMPARE(out.remediation, remediation);
        QCOMPARE(out.failedItems.size(), 1);
        QVERIFY(out.summary().contains(QString::number(code)));
        QCOMPARE(server.requests.size(), 2);  // an answer, not retried
        const auto row = auditRow(db(), out.auditId);
        QVERIFY(row);
        QCOMPARE(row->details.value("outcome").toString(), QStringLiteral("failed"));
        QCOMPARE(row->details.value("code").toInt(), code);
        QCOMPARE(row->details.value("failed_items").toArray().first().toObject().value("code").toInt(), code);
        QCOMPARE(row->details.value("remediation").toString(), remediation);
    }

    void partialFailure()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(), actionAnswer({"001"}, QJsonArray{failedItem(1707, "Agent is not active", {}, {"002"})},
                                                 "AR command was not sent to some agents")};
        WazuhApiClient client(scriptedOptions(server));
        const auto out = run(&client, blockPlan(), analyst());
        QCOMPARE(out.status, QStringLiteral("partial"));
        QVERIFY(out.succeeded());
        QCOMPARE(out.affected, QStringList{"001"});
        QCOMPARE(out.code, 1707);
        QCOMPARE(auditRow(db(), out.auditId)->details.value("outcome").toString(), QStringLiteral("partial"));
    }

    void httpErrorsAndAnUnreachableApi()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(), Reply::json(400, QJsonObject{{"title", "Bad Request"}, {"detail", "Invalid command"}, {"error", 1650}})};
        WazuhApiClient client(scriptedOptions(server));
        auto out = run(&client, blockPlan(), analyst());
        QCOMPARE(out.status, QStringLiteral("failed"));
        QCOMPARE(out.httpStatus, 400);
        QVERIFY2(out.message.contains("Invalid command"), qPrintable(out.message));
        QCOMPARE(auditRow(db(), out.auditId)->details.value("http_status").toInt(), 400);

        // nobody listening: the attempt is still an audit row, with the network error
        WazuhApiClient::Options o;
        o.url = QUrl("http://127.0.0.1:1");
        o.user = "x";
        o.password = "y";
        o.maxAttempts = 1;
        WazuhApiClient dead(o);
        out = run(&dead, restartPlan(), analyst());
        QCOMPARE(out.status, QStringLiteral("failed"));
        QVERIFY(!out.message.isEmpty());
        QCOMPARE(auditRow(db(), out.auditId)->details.value("outcome").toString(), QStringLiteral("failed"));

        // no API configured at all
        out = run(nullptr, restartPlan(), analyst());
        QCOMPARE(out.status, QStringLiteral("failed"));
        QVERIFY(out.message.contains("WAZUH_API_URL"));
    }

    void dryRunSendsNothing()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        WazuhApiClient client(scriptedOptions(server));
        const auto out = run(&client, blockPlan(), analyst(true));
        QCOMPARE(out.status, QStringLiteral("dry_run"));
        QVERIFY(server.requests.isEmpty());
        const auto row = auditRow(db(), out.auditId);
        QCOMPARE(row->details.value("outcome").toString(), QStringLiteral("dry_run"));
        QVERIFY(row->details.value("dry_run").toBool());
    }

    void noAuditRowNoRequest()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply = loginOk();
        WazuhApiClient client(scriptedOptions(server));
        QSqlDatabase closed;  // no connection: the audit row cannot be written
        Remediator r(&client, [&closed]() -> QSqlDatabase & { return closed; });
        std::optional<Remediator::Outcome> out;
        r.execute(restartPlan(), analyst(), [&](const Remediator::Outcome &o) { out = o; });
        QVERIFY(out.has_value());
        QCOMPARE(out->status, QStringLiteral("error"));
        QVERIFY(out->message.startsWith("nothing was sent"));
        QTest::qWait(50);
        QVERIFY(server.requests.isEmpty());
    }

    void policyLimitsAreCountedInTheAuditLog()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk()};
        server.handler = [](const RecordingHttpServer::Request &) { return actionAnswer({"001"}, {}, "sent"); };
        WazuhApiClient client(scriptedOptions(server));
        Remediator::Context ctx;
        ctx.actor = "eos:policy";
        ctx.source = "policy";
        ctx.policy = "limit-test";
        Remediator::Limits limits;
        limits.perAgentMax = 2;
        limits.perPolicyMax = 10;
        QCOMPARE(run(&client, blockPlan(), ctx, &limits).status, QStringLiteral("ok"));
        QCOMPARE(run(&client, blockPlan(), ctx, &limits).status, QStringLiteral("ok"));
        const auto third = run(&client, blockPlan(), ctx, &limits);
        QCOMPARE(third.status, QStringLiteral("skipped"));
        QVERIFY2(third.message.contains("limit reached") && third.message.contains("agent 001"), qPrintable(third.message));
        QCOMPARE(server.requests.size(), 3);  // login + 2
        const auto row = auditRow(db(), third.auditId);
        QCOMPARE(row->action, QStringLiteral("auto_response"));
        QCOMPARE(row->reason, QStringLiteral("limit-test"));
        QCOMPARE(row->details.value("outcome").toString(), QStringLiteral("skipped"));
        QVERIFY(!row->details.value("taken").toBool());
        // the per-policy limit counts every agent
        limits.perAgentMax = 0;
        limits.perPolicyMax = 2;
        QCOMPARE(run(&client, restartPlan("002"), ctx, &limits).status, QStringLiteral("skipped"));
    }
};

QTEST_GUILESS_MAIN(TestRemediator)
#include "test_remediator.moc"
