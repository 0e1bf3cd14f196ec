// RemediationCatalog: the default EOS_AR_COMMANDS, plans built from alerts, and above all that hostile
// alert content never becomes part of a request: shell metacharacters in data.srcip or data.dstuser are
// refused (not cleaned), the `alert` sent carries only validated values, protected targets are refused,
// and bad EOS_AR_COMMANDS files are reported with their path.
#include "stages/remediation_catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using eos::ProtectedTargets;
using eos::RemediationCatalog;
using eos::RemediationPlan;

namespace {

QJsonObject sshAlert(const QJsonValue &srcip, const QJsonValue &dstuser, const QString &agent = QStringLiteral("001"))
{
    QJsonObject data;
    if (!srcip.isUndefined()) data.insert("srcip", srcip);
    if (!dstuser.isUndefined()) data.insert("dstuser", dstuser);
    return QJsonObject{{"rule", QJsonObject{{"id", "5712"}, {"level", 10}, {"groups", QJsonArray{"sshd", "authentication_failures"}}}},
                       {"agent", QJsonObject{{"id", agent}, {"name", "web-01"}}},
                       {"data", data},
                       {"full_log", "sshd[123]: Failed password for invalid user"}};
}

}  // namespace

class TestRemediationCatalog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsParse()
    {
        QString err;
        const auto c = RemediationCatalog::fromJson(RemediationCatalog::defaultJson(), "default", &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(c.commands().size(), 5);
        QCOMPARE(c.find("block-ip")->command, QStringLiteral("firewall-drop600"));
        QCOMPARE(c.find("firewall-drop600")->id, QStringLiteral("block-ip"));  // by Wazuh name too
        QCOMPARE(c.find("disable-account")->fields.first().type, QStringLiteral("user"));
        QVERIFY(!c.find("nope"));
    }

    void blockIpPlanCarriesOnlyValidatedValues()
    {
        const auto c = RemediationCatalog::defaults();
        RemediationPlan plan;
        QString why;
        QJsonObject alert = sshAlert("203.0.113.7", "alice");
        QVERIFY2(c.planForAlert("block-ip", alert, 42, ProtectedTargets::parse("000"), &plan, &why), qPrintable(why));
        QCOMPARE(plan.kind, RemediationPlan::Kind::ActiveResponse);
        QCOMPARE(plan.agentId, QStringLiteral("001"));
        QCOMPARE(plan.alertId, qint64(42));
        QCOMPARE(plan.command, QStringLiteral("firewall-drop600"));
        QCOMPARE(plan.endpoint(), QStringLiteral("PUT /active-response?agents_list=001"));
        // the alert sent is built from the validated field alone: nothing else of the alert goes along
        QCOMPARE(plan.alertContext, (QJsonObject{{"data", QJsonObject{{"srcip", "203.0.113.7"}}}}));
        QCOMPARE(plan.body().value("command").toString(), QStringLiteral("firewall-drop600"));
        QVERIFY(!plan.bodyText().contains("Failed password"));
        QVERIFY(plan.toJson().value("endpoint").toString().contains("/active-response"));

        // IPv6 in its canonical form; an IPv4-mapped address as IPv4
        alert = sshAlert("2001:DB8:0:0::7", QJsonValue::Undefined);
        QVERIFY2(c.planForAlert("block-ip", alert, 0, {}, &plan, &why), qPrintable(why));
        QCOMPARE(plan.fields.value("srcip"), QStringLiteral("2001:db8::7"));
        alert = sshAlert("::ffff:198.51.100.9", QJsonValue::Undefined);
        QVERIFY2(c.planForAlert("block-ip", alert, 0, {}, &plan, &why), qPrintable(why));
        QCOMPARE(plan.fields.value("srcip"), QStringLiteral("198.51.100.9"));
    }

    void hostileAlertFieldsAreRefused_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QJsonValue>("srcip");
        QTest::addColumn<QJsonValue>("dstuser");
        QTest::newRow("srcip with a command") << "block-ip" << QJsonValue("1.2.3.4; rm -rf /") << QJsonValue("alice");
        QTest::newRow("srcip with a subshell") << "block-ip" << QJsonValue("$(reboot)") << QJsonValue("alice");
        QTest::newRow("srcip with a newline") << "block-ip" << QJsonValue("1.2.3.4\n5.6.7.8") << QJsonValue("alice");
        QTest::newRow("srcip with a space") << "block-ip" << QJsonValue("1.2.3.4 ") << QJsonValue("alice");
        QTest::newRow("srcip with backticks") << "block-ip" << QJsonValue("`id`") << QJsonValue("alice");
        QTest::newRow("srcip as hostname") << "block-ip" << QJsonValue("evil.example.com") << QJsonValue("alice");
        QTest::newRow("srcip as array") << "block-ip" << QJsonValue(QJsonArray{"1.2.3.4"}) << QJsonValue("alice");
        QTest::newRow("srcip as object") << "block-ip" << QJsonValue(QJsonObject{{"a", 1}}) << QJsonValue("alice");
        QTest::newRow("srcip loopback") << "block-ip" << QJsonValue("127.0.0.1") << QJsonValue("alice");
        QTest::newRow("srcip unspecified") << "block-ip" << QJsonValue("0.0.0.0") << QJsonValue("alice");
        QTest::newRow("srcip missing") << "block-ip" << QJsonValue(QJsonValue::Undefined) << QJsonValue("alice");
        QTest::newRow("user with a semicolon") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("bob; rm -rf /");
        QTest::newRow("user with a pipe") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("bob|nc")
                                          ;
        QTest::newRow("user with quotes") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("bo'b\"");
        QTest::newRow("user with a dollar") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("$USER");
        QTest::newRow("user starting with a dash") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("-rf");
        QTest::newRow("user with a slash") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("../../etc");
        QTest::newRow("user too long") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue(QString(40, u'a'));
        QTest::newRow("user empty") << "disable-account" << QJsonValue("1.2.3.4") << QJsonValue("");
    }

    void hostileAlertFieldsAreRefused()
    {
        QFETCH(QString, action);
        QFETCH(QJsonValue, srcip);
        QFETCH(QJsonValue, dstuser);
        const auto c = RemediationCatalog::defaults();
        RemediationPlan plan;
        QString why;
        QVERIFY(!c.planForAlert(action, sshAlert(srcip, dstuser), 1, {}, &plan, &why));
        QVERIFY2(!why.isEmpty(), "a refusal says why");
        QVERIFY2(!why.contains(u'\n'), qPrintable(why));  // control characters are not echoed
        QVERIFY(plan.command.isEmpty());  // nothing planned
    }

    void hostileAgentIdIsRefused()
    {
        const auto c = RemediationCatalog::defaults();
        RemediationPlan plan;
        QString why;
        QVERIFY(!c.planForAlert("restart", sshAlert("1.2.3.4", "bob", "001/../../manager"), 1, {}, &plan, &why));
        QVERIFY(why.contains("not a Wazuh agent id"));
        QVERIFY(!c.planForAlert("block-ip", sshAlert("1.2.3.4", "bob", "001,002"), 1, {}, &plan, &why));
        QVERIFY(!RemediationCatalog::restartPlan("1", {}, 0, {}, &plan, &why));
        QVERIFY(RemediationCatalog::restartPlan("001", {}, 0, {}, &plan, &why));
        QCOMPARE(plan.endpoint(), QStringLiteral("PUT /agents/001/restart"));
        QVERIFY(plan.body().isEmpty());
    }

    void protectedTargetsAreNeverOffered()
    {
        const auto c = RemediationCatalog::defaults();
        const auto guard = ProtectedTargets::parse("000, name:dc01 user:root 10.0.0.0/8 2001:db8:1::/48 198.51.100.20");
        RemediationPlan plan;
        QString why;
        QVERIFY(!c.planForAlert("restart", sshAlert("1.2.3.4", "bob", "000"), 1, guard, &plan, &why));
        QVERIFY2(why.contains("000") && why.contains("EOS_PROTECTED"), qPrintable(why));
        QJsonObject dc = sshAlert("1.2.3.4", "bob", "007");
        dc["agent"] = QJsonObject{{"id", "007"}, {"name", "DC01"}};
        QVERIFY(!c.planForAlert("restart", dc, 1, guard, &plan, &why));
        QVERIFY(!c.planForAlert("block-ip", sshAlert("10.20.30.40", "bob"), 1, guard, &plan, &why));
        QVERIFY2(why.contains("10.0.0.0/8"), qPrintable(why));
        QVERIFY(!c.planForAlert("block-ip", sshAlert("::ffff:10.1.1.1", "bob"), 1, guard, &plan, &why));
        QVERIFY(!c.planForAlert("block-ip", sshAlert("2001:db8:1:5::1", "bob"), 1, guard, &plan, &why));
        QVERIFY(!c.planForAlert("block-ip", sshAlert("198.51.100.20", "bob"), 1, guard, &plan, &why));
        QVERIFY(c.planForAlert("block-ip", sshAlert("198.51.100.21", "bob"), 1, guard, &plan, &why));
        QVERIFY(!c.planForAlert("disable-account", sshAlert("1.2.3.4", "root"), 1, guard, &plan, &why));
        QVERIFY2(why.contains("root"), qPrintable(why));
        QVERIFY(c.planForAlert("disable-account", sshAlert("1.2.3.4", "alice"), 1, guard, &plan, &why));

        // offers: every action with availability and the reason
        const auto offers = c.offersFor(sshAlert("10.1.2.3", "alice"), 9, guard);
        QCOMPARE(offers.size(), 6);
        QCOMPARE(offers.first().id, QStringLiteral("restart"));
        QVERIFY(offers.first().available);
        for (const auto &o : offers) {
            if (o.id == "block-ip") QVERIFY(!o.available && o.why.contains("10.0.0.0/8"));
            if (o.id == "disable-account") QVERIFY(o.available && o.plan.fields.value("dstuser") == "alice");
        }

        QStringList warnings;
        ProtectedTargets::parse("000 bogus;entry 300.1.1.1", &warnings);
        QCOMPARE(warnings.size(), 2);
    }

    void planFromCommandLineValues()
    {
        const auto c = RemediationCatalog::defaults();
        RemediationPlan plan;
        QString why;
        QVERIFY2(c.planFromValues("firewall-drop600", "001", {{"srcip", "203.0.113.7"}}, 0, {}, &plan, &why), qPrintable(why));
        QCOMPARE(plan.actionId, QStringLiteral("block-ip"));
        QCOMPARE(plan.alertContext.value("data").toObject().value("srcip").toString(), QStringLiteral("203.0.113.7"));
        QVERIFY(!c.planFromValues("firewall-drop600", "001", {{"srcip", "1.2.3.4; rm -rf /"}}, 0, {}, &plan, &why));
        QVERIFY(!c.planFromValues("firewall-drop600", "001", {{"dstuser", "bob"}}, 0, {}, &plan, &why));
        QVERIFY2(why.contains("takes no argument"), qPrintable(why));
        // a command outside the catalog: types from the names
        QVERIFY2(c.planFromValues("custom-block0", "002", {{"srcip", "192.0.2.5"}, {"dstuser", "eve"}}, 0, {}, &plan, &why),
                 qPrintable(why));
        QCOMPARE(plan.command, QStringLiteral("custom-block0"));
        QVERIFY(!c.planFromValues("custom-block0", "002", {{"dstuser", "eve&&x"}}, 0, {}, &plan, &why));
        QVERIFY(!c.planFromValues("rm -rf /", "002", {}, 0, {}, &plan, &why));
        QVERIFY(!c.planFromValues("../../bin/sh", "002", {}, 0, {}, &plan, &why));
    }

    void argumentTemplates()
    {
        QString err;
        const auto c = RemediationCatalog::fromJson(R"({"commands": [{"id": "drop", "command": "firewall-drop0",
            "fields": {"srcip": {"from": ["data.src_ip", "data.srcip"], "type": "ip"}}, "arguments": ["-", "{srcip}"]}]})",
                                                    "t.json", &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        RemediationPlan plan;
        QString why;
        QVERIFY(c.planForAlert("drop", sshAlert("192.0.2.1", "x"), 0, {}, &plan, &why));
        QCOMPARE(plan.arguments, QStringList({"-", "192.0.2.1"}));
    }

    void badCatalogFilesAreReported_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\n\"commands\": [\n,]}") << "t.json:3: not valid JSON";
        QTest::newRow("empty") << QByteArray("{}") << "no commands";
        QTest::newRow("bad command name") << QByteArray(R"({"commands":[{"id":"x","command":"rm -rf /"}]})") << "ar.conf command name";
        QTest::newRow("duplicate id") << QByteArray(R"({"commands":[{"id":"x","command":"a0"},{"id":"x","command":"b0"}]})") << "twice";
        QTest::newRow("bad type") << QByteArray(R"({"commands":[{"id":"x","command":"a0","fields":{"f":{"from":"data.f","type":"shell"}}}]})") << "type";
        QTest::newRow("unknown template") << QByteArray(R"({"commands":[{"id":"x","command":"a0","arguments":["{nope}"]}]})") << "names no field";
        QTest::newRow("unsafe literal") << QByteArray(R"({"commands":[{"id":"x","command":"a0","arguments":["; reboot"]}]})") << "plain word";
        QTest::newRow("restart reserved") << QByteArray(R"({"commands":[{"id":"restart","command":"a0"}]})") << "restart";
    }

    void badCatalogFilesAreReported()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString err;
        const auto c = RemediationCatalog::fromJson(json, "t.json", &err);
        QVERIFY2(err.contains(expected) && err.startsWith("t.json"), qPrintable(err));
        QVERIFY(c.commands().isEmpty());
    }

    void fromConfigReadsTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("ar.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"commands":[{"id":"only","label":"Only one","command":"only0"}]})");
        f.close();
        eos::Config cfg;
        QString err;
        QCOMPARE(RemediationCatalog::fromConfig(cfg, &err).commands().size(), 5);  // unset: defaults
        cfg.set("EOS_AR_COMMANDS", path);
        const auto c = RemediationCatalog::fromConfig(cfg, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(c.commands().size(), 1);
        cfg.set("EOS_AR_COMMANDS", dir.filePath("missing.json"));
        RemediationCatalog::fromConfig(cfg, &err);
        QVERIFY(err.contains("missing.json"));
    }
};

QTEST_GUILESS_MAIN(TestRemediationCatalog)
#include "test_remediation_catalog.moc"
