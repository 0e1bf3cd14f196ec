// SlackClient against a local Slack incoming-webhook stand-in (tests/support/slack_stand_in): the message
// Wazuh's slack.py sends (colour by level, title, text, fields Agent/Location/Rule ID, ts), the LLM's
// summary and risk, options merged, hostile alert content escaped for mrkdwn (no mentions, no links),
// digests, and how answers are classified (200 ok, 429 with Retry-After, 400 permanent, 5xx and a
// refused connection transient).
#include "clients/slack_client.h"
#include "slack_stand_in.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <optional>

using eos::DispatchAlert;
using eos::DispatchRequest;
using eos::DispatchResult;
using eos::SlackClient;
using eos::test::SlackStandIn;

namespace {

QJsonObject sshAlert(int level = 10)
{
    QJsonObject a = QJsonDocument::fromJson(R"({"timestamp":"2026-11-22T11:07:16.828+0000",
        "rule":{"description":"sshd: brute force trying to get access to the system.","id":"5712","groups":["syslog","sshd","authentication_failures"]},
        "agent":{"id":"001","name":"RHEL7","ip":"187.54.247.68"},"id":"1795345636.0","location":"/var/log/secure",
        "full_log":"Nov 22 11:07:16 wazuh-manager sshd[12727]: Failed password for root from 16.4.20.20 port 4547 ssh2"})").object();
    QJsonObject rule = a.value(QStringLiteral("rule")).toObject();
    rule.insert(QStringLiteral("level"), level);
    a.insert(QStringLiteral("rule"), rule);
    return a;
}

DispatchRequest request(const QUrl &url, std::vector<DispatchAlert> alerts)
{
    DispatchRequest r;
    r.outboxId = 42;
    r.routeId = QStringLiteral("slack");
    r.url = url;
    r.alerts = std::move(alerts);
    return r;
}

std::optional<DispatchResult> sendAndWait(SlackClient &c, const DispatchRequest &r)
{
    std::optional<DispatchResult> out;
    c.send(r, [&](DispatchResult res) { out = res; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000)) return std::nullopt;
    return out;
}

QMap<QString, QString> fields(const QJsonObject &attachment)
{
    QMap<QString, QString> m;
    for (const auto &f : attachment.value(QStringLiteral("fields")).toArray())
        m.insert(f.toObject().value(QStringLiteral("title")).toString(), f.toObject().value(QStringLiteral("value")).toString());
    return m;
}

}  // namespace

class TestSlackClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wazuhShapedMessage()
    {
        SlackStandIn slack;
        QVERIFY(slack.listen());
        SlackClient client;
        DispatchAlert a{1, sshAlert(), QStringLiteral("Someone is guessing root's password."), QStringLiteral("high"), {}};
        auto r = request(slack.url(QStringLiteral("/services/T/B/X")), {a});
        r.options = QJsonObject{{QStringLiteral("pretext"), QStringLiteral("Eos Alert")}, {QStringLiteral("footer"), QStringLiteral("SOC")}};
        const auto res = sendAndWait(client, r);
        QVERIFY(res);
        QCOMPARE(res->kind, DispatchResult::Kind::Sent);
        QCOMPARE(res->httpStatus, 200);
        QCOMPARE(slack.messages.size(), 1);
        const QJsonObject att = slack.messages[0].value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(att.value(QStringLiteral("color")).toString(), QStringLiteral("danger"));
        QCOMPARE(att.value(QStringLiteral("pretext")).toString(), QStringLiteral("Eos Alert"));  // options merged over Wazuh's
        QCOMPARE(att.value(QStringLiteral("footer")).toString(), QStringLiteral("SOC"));
        QCOMPARE(att.value(QStringLiteral("title")).toString(), QStringLiteral("sshd: brute force trying to get access to the system."));
        QVERIFY(att.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Nov 22 11:07:16 wazuh-manager sshd")));
        QCOMPARE(att.value(QStringLiteral("ts")).toString(), QStringLiteral("1795345636.0"));
        const auto f = fields(att);
        QCOMPARE(f.value(QStringLiteral("Agent")), QStringLiteral("(001) - RHEL7"));
        QCOMPARE(f.value(QStringLiteral("Location")), QStringLiteral("/var/log/secure"));
        QCOMPARE(f.value(QStringLiteral("Rule ID")), QStringLiteral("5712 _(Level 10)_"));
        QCOMPARE(f.value(QStringLiteral("Risk")), QStringLiteral("high"));
        QCOMPARE(f.value(QStringLiteral("Summary")), QStringLiteral("Someone is guessing root's password."));
        QCOMPARE(slack.messages[0].value(QStringLiteral("unfurl_links")).toBool(true), false);
        // the request as sent is handed back for the Dispatch Queue
        QCOMPARE(QJsonDocument::fromJson(res->payload).object(), slack.messages[0]);
    }

    void colourByLevel()
    {
        QCOMPARE(SlackClient::colour(3), QStringLiteral("good"));
        QCOMPARE(SlackClient::colour(4), QStringLiteral("good"));
        QCOMPARE(SlackClient::colour(5), QStringLiteral("warning"));
        QCOMPARE(SlackClient::colour(7), QStringLiteral("warning"));
        QCOMPARE(SlackClient::colour(8), QStringLiteral("danger"));
    }

    void hostileContentIsEscaped()
    {
        SlackStandIn slack;
        QVERIFY(slack.listen());
        SlackClient client;
        QJsonObject a = sshAlert();
        QJsonObject rule = a.value(QStringLiteral("rule")).toObject();
        rule.insert(QStringLiteral("description"), QStringLiteral("<!channel> wake up <@U024BE7LH>"));
        a.insert(QStringLiteral("rule"), rule);
        a.insert(QStringLiteral("full_log"), QStringLiteral("GET /<http://evil.example/login|Click to reset your password> & <!here>"));
        QJsonObject agent = a.value(QStringLiteral("agent")).toObject();
        agent.insert(QStringLiteral("name"), QStringLiteral("<https://evil.example|host>"));
        a.insert(QStringLiteral("agent"), agent);
        const auto res = sendAndWait(client, request(slack.url(), {DispatchAlert{1, a, QStringLiteral("<!everyone> run this"), {}, {}}}));
        QVERIFY(res);
        QCOMPARE(res->kind, DispatchResult::Kind::Sent);
        const QByteArray body = slack.requests.last().body;
        // not one raw angle bracket from the alert reaches Slack: no mention, no link, no user reference
        for (const char *bad : {"<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<http://evil", "<https://evil"})
            QVERIFY2(!body.contains(bad), bad);
        const QJsonObject att = slack.messages[0].value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(att.value(QStringLiteral("title")).toString(), QStringLiteral("&lt;!channel&gt; wake up &lt;@U024BE7LH&gt;"));
        QCOMPARE(att.value(QStringLiteral("text")).toString(),
                 QStringLiteral("GET /&lt;http://evil.example/login|Click to reset your password&gt; &amp; &lt;!here&gt;"));
        QCOMPARE(fields(att).value(QStringLiteral("Agent")), QStringLiteral("(001) - &lt;https://evil.example|host&gt;"));
    }

    void digestListsHighestFirstWithCounts()
    {
        SlackStandIn slack;
        QVERIFY(slack.listen());
        SlackClient client;
        std::vector<DispatchAlert> alerts;
        for (int i = 0; i < 20; ++i) alerts.push_back(DispatchAlert{i + 1, sshAlert(3 + i % 10), {}, {}, {}});
        auto r = request(slack.url(), alerts);
        r.digest = true;
        const auto res = sendAndWait(client, r);
        QVERIFY(res);
        QCOMPARE(res->kind, DispatchResult::Kind::Sent);
        const QJsonObject att = slack.messages[0].value(QStringLiteral("attachments")).toArray().at(0).toObject();
        QCOMPARE(att.value(QStringLiteral("title")).toString(), QStringLiteral("20 alerts (highest level 12)"));
        QCOMPARE(att.value(QStringLiteral("color")).toString(), QStringLiteral("danger"));
        QVERIFY(att.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Level 12 ")));
        QVERIFY(att.value(QStringLiteral("text")).toString().contains(QStringLiteral("… and 5 more")));
        QCOMPARE(fields(att).value(QStringLiteral("Per rule")), QStringLiteral("20 × 5712 sshd: brute force trying to get access to the system."));
        QCOMPARE(fields(att).value(QStringLiteral("Per agent")), QStringLiteral("20 × (001) - RHEL7"));
    }

    void answersAreClassified()
    {
        SlackStandIn slack;
        QVERIFY(slack.listen());
        SlackClient client;
        const DispatchAlert a{1, sshAlert(), {}, {}, {}};
        slack.failNext(1, 429, "7", "rate_limited");
        auto res = sendAndWait(client, request(slack.url(), {a}));
        QCOMPARE(res->kind, DispatchResult::Kind::Throttled);
        QCOMPARE(res->retryAfterMs, 7000);
        slack.failNext(1, 500, {}, "rollup_error");
        res = sendAndWait(client, request(slack.url(), {a}));
        QCOMPARE(res->kind, DispatchResult::Kind::Retry);
        QVERIFY2(res->error.contains(QStringLiteral("rollup_error")), qPrintable(res->error));
        slack.failNext(1, 404, {}, "channel_not_found");
        res = sendAndWait(client, request(slack.url(), {a}));
        QCOMPARE(res->kind, DispatchResult::Kind::Dead);
        QVERIFY2(res->error.contains(QStringLiteral("channel_not_found")), qPrintable(res->error));
        // nobody listening: transient, no HTTP status
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        res = sendAndWait(client, request(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port)), {a}));
        QCOMPARE(res->kind, DispatchResult::Kind::Retry);
        QCOMPARE(res->httpStatus, 0);
    }
};

QTEST_GUILESS_MAIN(TestSlackClient)
#include "test_slack_client.moc"
