// JiraClient against a local Jira stand-in (tests/support/jira_stand_in) that checks what Jira checks:
// v2 bodies (description text) and v3 bodies (Atlassian Document Format), project, summary, issue type,
// priority from the level, labels wazuh / rule-<id> / agent-<id> / eos-<outbox id>, the description's
// alert, LLM summary and playbook; a repeat on a tracked open issue becomes a comment, on a resolved or
// deleted one a new issue; an unknown outcome looks for the eos-<id> label (v2 search, or v3 search/jql
// when v2 answers 410) or the comment marker before sending again; Jira's error bodies become messages.
#include "clients/jira_client.h"
#include "jira_stand_in.h"

#include <QJsonDocument>
#include <QTest>

#include <optional>

using eos::DispatchAlert;
using eos::DispatchRequest;
using eos::DispatchResult;
using eos::JiraClient;
using eos::test::JiraStandIn;

namespace {

QJsonObject alert(int level = 10, const QString &rule = QStringLiteral("100900"))
{
    QJsonObject a = QJsonDocument::fromJson(R"({"timestamp":"2026-11-22T11:07:16.828+0000",
        "rule":{"description":"Agent disconnected for more than 10 minutes","groups":["eos","agent_offline"]},
        "agent":{"id":"007","name":"web-07","ip":"10.0.0.7"},"id":"1795345636.0","location":"eos",
        "full_log":"agent 007 (web-07) disconnected since 2026-11-22T10:57:00Z"})").object();
    QJsonObject r = a.value(QStringLiteral("rule")).toObject();
    r.insert(QStringLiteral("level"), level);
    r.insert(QStringLiteral("id"), rule);
    a.insert(QStringLiteral("rule"), r);
    return a;
}

JiraClient::Options options(const QUrl &url, int version)
{
    JiraClient::Options o;
    o.baseUrl = url;
    o.user = QStringLiteral("soc@example.com");
    o.token = QStringLiteral("jira-token");
    o.project = QStringLiteral("SOC");
    o.apiVersion = version;
    o.timeoutMs = 5000;
    return o;
}

DispatchRequest request(qint64 outboxId, const QJsonObject &a = alert())
{
    DispatchRequest r;
    r.outboxId = outboxId;
    r.routeId = QStringLiteral("jira");
    r.alerts.push_back(DispatchAlert{outboxId, a, QStringLiteral("The agent stopped reporting."), QStringLiteral("medium"),
                                     {QStringLiteral("Check /var/ossec/logs/ossec.log"), QStringLiteral("Restart the agent")}});
    return r;
}

DispatchResult run(JiraClient &c, const DispatchRequest &r)
{
    std::optional<DispatchResult> out;
    c.send(r, [&](DispatchResult res) { out = res; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000)) qFatal("no answer");
    return *out;
}

}  // namespace

class TestJiraClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void v2IssueBody()
    {
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        JiraClient c(options(jira.url(), 2));
        const auto res = run(c, request(11));
        QCOMPARE(res.kind, DispatchResult::Kind::Sent);
        QCOMPARE(res.remoteId, QStringLiteral("SOC-1"));
        QCOMPARE(res.action, QStringLiteral("created"));
        QCOMPARE(jira.requests.last().path, QStringLiteral("/rest/api/2/issue"));
        const auto &issue = jira.issues.value(QStringLiteral("SOC-1"));
        QCOMPARE(issue.labels, (QStringList{QStringLiteral("wazuh"), QStringLiteral("rule-100900"), QStringLiteral("agent-007"), QStringLiteral("eos-11")}));
        QCOMPARE(issue.fields.value(QStringLiteral("summary")).toString(), QStringLiteral("[Wazuh] web-07: Agent disconnected for more than 10 minutes (level 10)"));
        QCOMPARE(issue.fields.value(QStringLiteral("priority")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("High"));
        QCOMPARE(issue.fields.value(QStringLiteral("issuetype")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Task"));
        const QString d = issue.fields.value(QStringLiteral("description")).toString();
        QVERIFY(d.contains(QStringLiteral("Agent: (007) web-07 10.0.0.7")));
        QVERIFY(d.contains(QStringLiteral("Summary (LLM):\nThe agent stopped reporting.")));
        QVERIFY(d.contains(QStringLiteral("Playbook:\n1. Check /var/ossec/logs/ossec.log\n2. Restart the agent")));
        QVERIFY(d.contains(QStringLiteral("\"full_log\"")));  // the alert JSON
        QCOMPARE(JiraClient::priorityFor(12), QStringLiteral("Highest"));
        QCOMPARE(JiraClient::priorityFor(7), QStringLiteral("Medium"));
        QCOMPARE(JiraClient::priorityFor(4), QStringLiteral("Low"));
        QCOMPARE(JiraClient::priorityFor(2), QStringLiteral("Lowest"));
    }

    void v3IssueBodyIsAdf()
    {
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        JiraClient c(options(jira.url(), 3));
        auto r = request(12);
        r.options = QJsonObject{{QStringLiteral("components"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("SOC")}}}}};
        const auto res = run(c, r);
        QVERIFY2(res.kind == DispatchResult::Kind::Sent, qPrintable(res.error));
        QCOMPARE(jira.requests.last().path, QStringLiteral("/rest/api/3/issue"));
        const auto &issue = jira.issues.value(res.remoteId);
        const QJsonObject doc = issue.fields.value(QStringLiteral("description")).toObject();
        QCOMPARE(doc.value(QStringLiteral("type")).toString(), QStringLiteral("doc"));
        const QString text = JiraStandIn::text(doc);
        QVERIFY(text.contains(QStringLiteral("Playbook:\n1. Check /var/ossec/logs/ossec.log")));
        QVERIFY(text.contains(QStringLiteral("\"agent\"")));
        QVERIFY(issue.fields.contains(QStringLiteral("components")));  // options merged into fields
        QCOMPARE(jira.apiVersionsSeen, QStringList{QStringLiteral("3")});
    }

    void repeatOnOpenIssueComments_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("v2") << 2;
        QTest::newRow("v3") << 3;
    }
    void repeatOnOpenIssueComments()
    {
        QFETCH(int, version);
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        JiraClient c(options(jira.url(), version));
        const auto first = run(c, request(20));
        QCOMPARE(first.action, QStringLiteral("created"));
        auto again = request(21);
        again.existingIssueKey = first.remoteId;
        const auto second = run(c, again);
        QVERIFY2(second.kind == DispatchResult::Kind::Sent, qPrintable(second.error));
        QCOMPARE(second.action, QStringLiteral("commented"));
        QCOMPARE(second.remoteId, first.remoteId);
        QCOMPARE(jira.created, 1);
        QCOMPARE(jira.commented, 1);
        QVERIFY(JiraStandIn::text(jira.issues.value(first.remoteId).comments.first()).contains(QStringLiteral("eos-21")));
        // resolved: a new issue, and the old one is reported closed
        jira.setDone(first.remoteId);
        auto third = request(22);
        third.existingIssueKey = first.remoteId;
        const auto res3 = run(c, third);
        QCOMPARE(res3.action, QStringLiteral("created"));
        QCOMPARE(res3.closedIssueKey, first.remoteId);
        QVERIFY(res3.remoteId != first.remoteId);
        // deleted: the same
        jira.remove(res3.remoteId);
        auto fourth = request(23);
        fourth.existingIssueKey = res3.remoteId;
        const auto res4 = run(c, fourth);
        QCOMPARE(res4.action, QStringLiteral("created"));
        QCOMPARE(res4.closedIssueKey, res3.remoteId);
        QCOMPARE(jira.created, 3);
    }

    void unknownOutcomeLooksForTheLabel()
    {
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        jira.v2SearchGone = true;  // as on Jira Cloud: the client moves on to /rest/api/3/search/jql
        QVERIFY(jira.listen());
        JiraClient c(options(jira.url(), 2));
        const auto first = run(c, request(30));
        QCOMPARE(jira.created, 1);
        auto retry = request(30);
        retry.outcomeUnknown = true;
        const auto res = run(c, retry);
        QCOMPARE(res.kind, DispatchResult::Kind::Sent);
        QCOMPARE(res.action, QStringLiteral("found"));
        QCOMPARE(res.remoteId, first.remoteId);
        QCOMPARE(jira.created, 1);  // not created twice
        QVERIFY(jira.requests.at(jira.requests.size() - 1).path == QStringLiteral("/rest/api/3/search/jql"));
        // an unknown outcome whose issue never came into being: created now
        auto other = request(31, alert(10, QStringLiteral("5712")));
        other.outcomeUnknown = true;
        const auto res2 = run(c, other);
        QCOMPARE(res2.action, QStringLiteral("created"));
        QCOMPARE(jira.created, 2);
        // a comment whose outcome is unknown: its marker is looked for among the comments
        auto comment = request(32);
        comment.existingIssueKey = first.remoteId;
        QCOMPARE(run(c, comment).action, QStringLiteral("commented"));
        comment.outcomeUnknown = true;
        const auto res3 = run(c, comment);
        QCOMPARE(res3.action, QStringLiteral("found"));
        QCOMPARE(jira.commented, 1);
    }

    void errorsAreReadable()
    {
        JiraStandIn jira(QStringLiteral("soc@example.com"), QStringLiteral("jira-token"));
        QVERIFY(jira.listen());
        auto o = options(jira.url(), 2);
        o.token = QStringLiteral("wrong");
        JiraClient bad(o);
        auto res = run(bad, request(40));
        QCOMPARE(res.kind, DispatchResult::Kind::Dead);
        QVERIFY2(res.error.contains(QStringLiteral("401")) && res.error.contains(QStringLiteral("not authenticated")), qPrintable(res.error));
        o = options(jira.url(), 2);
        o.project = QStringLiteral("NOPE");
        JiraClient wrongProject(o);
        res = run(wrongProject, request(41));
        QCOMPARE(res.kind, DispatchResult::Kind::Dead);
        QVERIFY2(res.error.contains(QStringLiteral("project: valid project is required")), qPrintable(res.error));
        JiraClient c(options(jira.url(), 2));
        jira.failNext(1, 429, "30");
        res = run(c, request(42));
        QCOMPARE(res.kind, DispatchResult::Kind::Throttled);
        QCOMPARE(res.retryAfterMs, 30000);
        jira.failNext(1, 503);
        QCOMPARE(run(c, request(43)).kind, DispatchResult::Kind::Retry);
        // no site configured: dead at once, with the reason
        JiraClient none(JiraClient::Options{});
        res = run(none, request(44));
        QCOMPARE(res.kind, DispatchResult::Kind::Dead);
        QVERIFY(res.error.contains(QStringLiteral("JIRA_URL")));
    }
};

QTEST_GUILESS_MAIN(TestJiraClient)
#include "test_jira_client.moc"
