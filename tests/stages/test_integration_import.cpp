// IntegrationImport (`eos-console import-integrations`): an ossec.conf with several <ossec_config> roots,
// comments and the integrations of the older setup (slack, custom-jira, custom-eos, virustotal) becomes
// routes that keep Wazuh's element names and values; Eos's own forwarder and services Eos does not send to
// are skipped with a note; broken XML names the line; the eos-console subcommand writes the file.
#include "stages/dispatch_routes.h"
#include "stages/integration_import.h"

#include <QDir>
#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using eos::IntegrationImport;

namespace {
const QByteArray kOssecConf = R"(<!-- Wazuh - Manager - Default configuration -->
<ossec_config>
  <global>
    <jsonout_output>yes</jsonout_output>
  </global>
  <integration>
    <name>slack</name>
    <hook_url>https://hooks.slack.com/services/T000/B000/XXXX</hook_url> <!-- Replace with your Slack hook URL -->
    <level>3</level>
    <alert_format>json</alert_format>
    <event_location></event_location>
    <options>{"pretext": "Wazuh Alert"}</options>
  </integration>
</ossec_config>
<ossec_config>
  <integration>
    <name>custom-jira</name>
    <hook_url>https://acme.atlassian.net/rest/api/2/issue</hook_url>
    <api_key>API_KEY</api_key>
    <alert_format>json</alert_format>
    <level>10</level>
    <rule_id>120100, 100900</rule_id>
    <group>authentication_failed,sshd</group>
  </integration>
  <integration>
    <name>custom-eos</name>
    <hook_url>http://127.0.0.1:9000/wazuh_alert</hook_url>
    <level>3</level>
  </integration>
  <integration>
    <name>virustotal</name>
    <api_key>VT</api_key>
    <group>syscheck</group>
  </integration>
  <integration>
    <name>shuffle</name>
    <hook_url>http://shuffle.local/api/v1/hooks/webhook_1</hook_url>
    <event_location>^/var/log/secure$|auth.log</event_location>
  </integration>
</ossec_config>
)";
}  // namespace

class TestIntegrationImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ossecConfToRoutes()
    {
        const auto r = IntegrationImport::fromOssecConf(kOssecConf);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.routes.size(), 3);
        const QJsonObject slack = r.routes[0].toObject();
        QCOMPARE(slack.value(QStringLiteral("name")).toString(), QStringLiteral("slack"));
        QCOMPARE(slack.value(QStringLiteral("hook_url")).toString(), QStringLiteral("https://hooks.slack.com/services/T000/B000/XXXX"));
        QCOMPARE(slack.value(QStringLiteral("level")).toInt(), 3);
        QCOMPARE(slack.value(QStringLiteral("options")).toObject().value(QStringLiteral("pretext")).toString(), QStringLiteral("Wazuh Alert"));
        QVERIFY(!slack.contains(QStringLiteral("event_location")));  // empty in ossec.conf: no filter
        const QJsonObject jira = r.routes[1].toObject();
        QCOMPARE(jira.value(QStringLiteral("name")).toString(), QStringLiteral("jira"));
        QCOMPARE(jira.value(QStringLiteral("hook_url")).toString(), QStringLiteral("https://acme.atlassian.net"));
        QCOMPARE(jira.value(QStringLiteral("api_key")).toString(), QStringLiteral("API_KEY"));
        QCOMPARE(jira.value(QStringLiteral("rule_id")).toString(), QStringLiteral("120100, 100900"));
        QCOMPARE(jira.value(QStringLiteral("group")).toString(), QStringLiteral("authentication_failed,sshd"));
        const QJsonObject hook = r.routes[2].toObject();
        QCOMPARE(hook.value(QStringLiteral("name")).toString(), QStringLiteral("webhook"));
        QCOMPARE(hook.value(QStringLiteral("event_location")).toString(), QStringLiteral("^/var/log/secure$|auth.log"));
        QVERIFY(r.notes.filter(QStringLiteral("custom-eos")).size() == 1);
        QVERIFY(r.notes.filter(QStringLiteral("virustotal")).size() == 1);
        QVERIFY(r.notes.filter(QStringLiteral("base URL")).size() == 1);
        QVERIFY2(r.notes.filter(QStringLiteral("need editing")).isEmpty(), qPrintable(r.notes.join(u'\n')));
        // Eos reads them with the same filters Wazuh applied
        QString err;
        const auto routes = eos::DispatchRoutes::parse(QJsonDocument(r.routes).toJson(), QDir::tempPath(), &err);
        QVERIFY2(routes, qPrintable(err));
        QCOMPARE(routes->at(1).ruleIds, (QList<qint64>{120100, 100900}));
        QCOMPARE(routes->at(1).level, 10);
    }

    void brokenXmlNamesTheLine()
    {
        const auto r = IntegrationImport::fromOssecConf("<ossec_config>\n<integration>\n<name>slack</name>\n</ossec_config>\n");
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("line 4")), qPrintable(r.error));
    }

    void subcommandWritesTheFile()
    {
        QTemporaryDir dir;
        QFile conf(dir.filePath(QStringLiteral("ossec.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(kOssecConf);
        conf.close();
        QProcess p;
        p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("import-integrations"), conf.fileName(), dir.filePath(QStringLiteral("routes.json"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("3 route(s) written")), qPrintable(err));
        QString perr;
        QVERIFY2(eos::DispatchRoutes::load(dir.filePath(QStringLiteral("routes.json")), &perr), qPrintable(perr));
        // a missing file: exit code 2 and the file named
        p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("import-integrations"), dir.filePath(QStringLiteral("nope.conf"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("nope.conf")));
    }
};

QTEST_GUILESS_MAIN(TestIntegrationImport)
#include "test_integration_import.moc"
