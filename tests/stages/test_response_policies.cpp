// ResponsePolicies: parsing EOS_RESPONSE_POLICIES (the shipped example, errors with their place) and
// matching with the semantics of Wazuh's <integration> filters (rule_id any of, group exact any of, level
// at least, event_location OSMatch; all must pass).
#include "stages/response_policies.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using eos::ResponsePolicies;

namespace {

QJsonObject alert(const QJsonValue &ruleId, int level, const QStringList &groups, const QJsonValue &location = "/var/log/auth.log")
{
    QJsonObject a{{"rule", QJsonObject{{"id", ruleId}, {"level", level}, {"groups", QJsonArray::fromStringList(groups)}}},
                  {"agent", QJsonObject{{"id", "001"}}}};
    if (!location.isUndefined()) a.insert("location", location);
    return a;
}

ResponsePolicies::Policy policy(const QByteArray &json)
{
    QString err;
    const auto p = ResponsePolicies::fromJson("{\"policies\": [" + json + "]}", "p.json", &err);
    if (!err.isEmpty()) qFatal("%s", qPrintable(err));
    return p.policies().first();
}

}  // namespace

class TestResponsePolicies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exampleParses()
    {
        QString err;
        const auto p = ResponsePolicies::fromJson(ResponsePolicies::exampleJson(), "example", &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(p.policies().size(), 2);
        const auto *disable = p.find("ssh-brute-force-disable-account");
        QVERIFY(disable);
        QCOMPARE(disable->action, QStringLiteral("disable-account"));
        QCOMPARE(disable->ruleIds, QStringList({"5712", "5720", "5763"}));
        QCOMPARE(disable->limits.perAgentMax, 3);
        QCOMPARE(disable->limits.perPolicyMax, 20);
        QVERIFY(!disable->dryRun);
        QVERIFY(p.find("ssh-brute-force-block-ip")->dryRun);
        // the example in installer/ is the same text
        QFile f(QStringLiteral(EOS_SOURCE_DIR "/installer/response-policies.example.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().trimmed(), ResponsePolicies::exampleJson().trimmed());
    }

    void ruleIdLevelGroup()
    {
        const auto p = policy(R"({"name": "a", "rule_id": "5712, 5720 5763", "group": "sshd,authentication_failures",
                                  "level": 10, "action": "block-ip"})");
        QVERIFY(p.matches(alert("5712", 10, {"syslog", "sshd"})));
        QVERIFY(p.matches(alert(5720, 12, {"authentication_failures"})));  // numeric id, other group
        QVERIFY(!p.matches(alert("5712", 9, {"sshd"})));                   // level below
        QVERIFY(!p.matches(alert("5710", 10, {"sshd"})));                  // other rule
        QVERIFY(!p.matches(alert("5712", 10, {"ssh"})));                   // groups are exact strings
        QVERIFY(!p.matches(alert("5712", 10, {"SSHD"})));
        QVERIFY(!p.matches(alert("5712", 10, {})));
    }

    void eventLocationIsOsMatch()
    {
        QVERIFY(ResponsePolicies::osMatch("auth.log", "/var/log/AUTH.log"));
        QVERIFY(ResponsePolicies::osMatch("^/var/log", "/var/log/secure"));
        QVERIFY(!ResponsePolicies::osMatch("^log", "/var/log/secure"));
        QVERIFY(ResponsePolicies::osMatch("secure$", "/var/log/secure"));
        QVERIFY(!ResponsePolicies::osMatch("secure$", "/var/log/secure.1"));
        QVERIFY(ResponsePolicies::osMatch("^journald$", "JOURNALD"));
        QVERIFY(ResponsePolicies::osMatch("nginx|auth.log", "/var/log/auth.log"));
        QVERIFY(!ResponsePolicies::osMatch("nginx|apache", "/var/log/auth.log"));
        const auto p = policy(R"({"name": "b", "event_location": "auth.log|secure$", "action": "restart"})");
        QVERIFY(p.matches(alert("1", 3, {})));
        QVERIFY(p.matches(alert("1", 3, {}, "/var/log/secure")));
        QVERIFY(!p.matches(alert("1", 3, {}, "/var/log/syslog")));
        QVERIFY(!p.matches(alert("1", 3, {}, QJsonValue::Undefined)));  // no location: skipped, as integratord does
    }

    void errorsSayWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("what");
        QTest::newRow("bad json") << QByteArray("{\"policies\": [\n{\"name\": }]}") << "p.json:2:";
        QTest::newRow("no name") << QByteArray(R"({"policies":[{"rule_id":"1","action":"restart"}]})") << "policy 1: \"name\"";
        QTest::newRow("no action") << QByteArray(R"({"policies":[{"name":"x","rule_id":"1"}]})") << "no \"action\"";
        QTest::newRow("bad rule id") << QByteArray(R"({"policies":[{"name":"x","rule_id":"57x","action":"restart"}]})") << "57x";
        QTest::newRow("matches all") << QByteArray(R"({"policies":[{"name":"x","action":"restart"}]})") << "matches every alert";
        QTest::newRow("twice") << QByteArray(R"({"policies":[{"name":"x","level":3,"action":"restart"},{"name":"x","level":3,"action":"restart"}]})") << "twice";
        QTest::newRow("level") << QByteArray(R"({"policies":[{"name":"x","level":20,"action":"restart"}]})") << "level";
    }

    void errorsSayWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, what);
        QString err;
        const auto p = ResponsePolicies::fromJson(json, "p.json", &err);
        QVERIFY2(err.startsWith("p.json") && err.contains(what), qPrintable(err));
        QVERIFY(p.isEmpty());
    }

    void limitsDefaultToBounded()
    {
        const auto p = policy(R"({"name": "c", "level": 12, "action": "restart"})");
        QCOMPARE(p.limits.perAgentMax, 3);
        QCOMPARE(p.limits.perPolicyMax, 20);
        const auto q = policy(R"({"name": "d", "level": 12, "action": "restart",
                                  "limits": {"per_agent": {"max": 1, "window_minutes": 5}, "per_policy": {"max": 0}}})");
        QCOMPARE(q.limits.perAgentMax, 1);
        QCOMPARE(q.limits.perAgentWindowMinutes, 5);
        QCOMPARE(q.limits.perPolicyMax, 0);  // explicitly unlimited
    }

    void fromConfig()
    {
        eos::Config cfg;
        QString err;
        QVERIFY(ResponsePolicies::fromConfig(cfg, &err).isEmpty());
        QVERIFY(err.isEmpty());
        cfg.set("EOS_RESPONSE_POLICIES", "/nonexistent/policies.json");
        ResponsePolicies::fromConfig(cfg, &err);
        QVERIFY(err.contains("/nonexistent/policies.json"));
    }
};

QTEST_GUILESS_MAIN(TestResponsePolicies)
#include "test_response_policies.moc"
