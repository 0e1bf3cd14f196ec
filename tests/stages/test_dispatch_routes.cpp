// DispatchRoutes: the routes file (keys of Wazuh's <integration> block) and Wazuh's filter semantics,
// checked against the rules of src/os_integrator/integrator.c: level (rule.level >= level, 0 = none),
// rule_id (comma/space list, any equal), group (comma list, any exact entry of rule.groups),
// event_location (OSMatch: case-insensitive, | alternatives, ^ $ anchors, ! negation; an alert without
// location never matches), all of them together; plus clear errors for bad files.
#include "stages/dispatch_routes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using eos::DispatchRoute;
using eos::DispatchRoutes;
using eos::OsMatch;

namespace {

QJsonObject alert(int level, const QString &ruleId, const QStringList &groups, const QString &location = QStringLiteral("/var/log/secure"))
{
    QJsonObject a{{QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), level},
                                                       {QStringLiteral("id"), ruleId},
                                                       {QStringLiteral("groups"), QJsonArray::fromStringList(groups)}}},
                  {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), QStringLiteral("001")}}}};
    if (!location.isNull()) a.insert(QStringLiteral("location"), location);
    return a;
}

std::vector<DispatchRoute> parse(const QByteArray &json, QString *error = nullptr)
{
    QString err;
    auto r = DispatchRoutes::parse(json, QDir::tempPath(), &err);
    if (error) *error = err;
    if (!r) return {};
    return *r;
}

}  // namespace

class TestDispatchRoutes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void osMatch_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("substring") << "secure" << "/var/log/secure" << true;
        QTest::newRow("case-insensitive") << "SECURE" << "/var/log/Secure" << true;
        QTest::newRow("no match") << "auth.log" << "/var/log/secure" << false;
        QTest::newRow("start anchor") << "^/var/log" << "/var/log/secure" << true;
        QTest::newRow("start anchor misses") << "^log" << "/var/log/secure" << false;
        QTest::newRow("end anchor") << "secure$" << "/var/log/secure" << true;
        QTest::newRow("end anchor misses") << "var$" << "/var/log/secure" << false;
        QTest::newRow("both anchors exact") << "^/var/log/secure$" << "/var/log/secure" << true;
        QTest::newRow("both anchors not exact") << "^/var/log$" << "/var/log/secure" << false;
        QTest::newRow("alternatives second") << "auth.log|secure" << "/var/log/secure" << true;
        QTest::newRow("alternatives none") << "auth.log|syslog" << "/var/log/secure" << false;
        QTest::newRow("alternatives anchored") << "^EventChannel|^/var/log/httpd" << "/var/log/httpd/access_log" << true;
        QTest::newRow("dot is literal") << "a.log" << "/var/log/aXlog" << false;
        QTest::newRow("negation") << "!secure" << "/var/log/secure" << false;
        QTest::newRow("negation passes others") << "!secure" << "EventChannel" << true;
    }
    void osMatch()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QCOMPARE(OsMatch(pattern).matches(text), matches);
    }

    void levelIsAtLeast()
    {
        const auto r = parse(R"([{"name":"slack","hook_url":"https:\/\/hooks.slack.com/services/T/B/X","level":10}])");
        QCOMPARE(r.size(), size_t(1));
        QVERIFY(!r[0].matches(alert(9, QStringLiteral("1"), {})));
        QVERIFY(r[0].matches(alert(10, QStringLiteral("1"), {})));
        QVERIFY(r[0].matches(alert(15, QStringLiteral("1"), {})));
        // Wazuh writes <level>10</level> as text: accepted
        const auto asText = parse(R"([{"name":"slack","hook_url":"https:\/\/h/x","level":"10"}])");
        QVERIFY(asText[0].matches(alert(10, QStringLiteral("1"), {})));
        // level 0 is no filter
        const auto zero = parse(R"([{"name":"slack","hook_url":"https:\/\/h/x","level":0}])");
        QVERIFY(zero[0].matches(alert(0, QStringLiteral("1"), {})));
    }

    void ruleIdAny()
    {
        const auto r = parse(R"([{"name":"jira","rule_id":"5710, 5712 100900"}])");
        QCOMPARE(r[0].ruleIds, (QList<qint64>{5710, 5712, 100900}));
        QVERIFY(r[0].matches(alert(3, QStringLiteral("5712"), {})));
        QVERIFY(r[0].matches(alert(3, QStringLiteral("100900"), {})));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("5711"), {})));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("57120"), {})));  // numbers, not substrings
        const auto number = parse(R"([{"name":"jira","rule_id":5710}])");
        QVERIFY(number[0].matches(alert(3, QStringLiteral("5710"), {})));
        QString err;
        parse(R"([{"name":"jira","rule_id":"57x0"}])", &err);
        QVERIFY2(err.contains(QStringLiteral("rule_id")) && err.contains(QStringLiteral("57x0")), qPrintable(err));
    }

    void groupAnyExact()
    {
        const auto r = parse(R"([{"name":"webhook","hook_url":"http:\/\/127.0.0.1/h","group":"authentication_failed,sshd"}])");
        QVERIFY(r[0].matches(alert(3, QStringLiteral("1"), {QStringLiteral("syslog"), QStringLiteral("sshd")})));
        QVERIFY(r[0].matches(alert(3, QStringLiteral("1"), {QStringLiteral("authentication_failed")})));
        // exact entries: no substring, no case folding
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("1"), {QStringLiteral("sshd_extra")})));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("1"), {QStringLiteral("SSHD")})));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("1"), {})));
    }

    void eventLocationNeedsLocation()
    {
        const auto r = parse(R"([{"name":"slack","hook_url":"https:\/\/h/x","event_location":"^/var/log/secure$|auth"}])");
        QVERIFY(r[0].matches(alert(3, QStringLiteral("1"), {}, QStringLiteral("/var/log/secure"))));
        QVERIFY(r[0].matches(alert(3, QStringLiteral("1"), {}, QStringLiteral("/var/log/AUTH.log"))));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("1"), {}, QStringLiteral("/var/log/secure.1"))));
        QVERIFY(!r[0].matches(alert(3, QStringLiteral("1"), {}, QString())));  // no location: skipped
    }

    void allFiltersTogether()
    {
        const auto r = parse(R"([{"name":"slack","hook_url":"https:\/\/h/x","level":7,"rule_id":"5712","group":"sshd",
                                  "event_location":"secure"}])");
        QVERIFY(r[0].matches(alert(10, QStringLiteral("5712"), {QStringLiteral("sshd")})));
        QVERIFY(!r[0].matches(alert(6, QStringLiteral("5712"), {QStringLiteral("sshd")})));
        QVERIFY(!r[0].matches(alert(10, QStringLiteral("5710"), {QStringLiteral("sshd")})));
        QVERIFY(!r[0].matches(alert(10, QStringLiteral("5712"), {QStringLiteral("web")})));
        QVERIFY(!r[0].matches(alert(10, QStringLiteral("5712"), {QStringLiteral("sshd")}, QStringLiteral("EventChannel"))));
    }

    void realAlertsFromTheSampleFile()
    {
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto routes = parse(R"([{"name":"slack","hook_url":"https:\/\/h/x","level":5},
                                      {"name":"jira","group":"authentication_success"},
                                      {"name":"webhook","hook_url":"http:\/\/127.0.0.1/h","event_location":"^/var/log/httpd"}])");
        QCOMPARE(routes.size(), size_t(3));
        int n = 0;
        while (!f.atEnd()) {
            const QJsonObject a = QJsonDocument::fromJson(f.readLine()).object();
            if (a.isEmpty()) continue;
            ++n;
            const auto m = DispatchRoutes::matching(routes, a);
            const int level = a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt();
            const bool authOk = a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("groups")).toArray()
                                    .contains(QStringLiteral("authentication_success"));
            const bool httpd = a.value(QStringLiteral("location")).toString().startsWith(QStringLiteral("/var/log/httpd"));
            QCOMPARE(std::count(m.begin(), m.end(), &routes[0]), level >= 5 ? 1 : 0);
            QCOMPARE(std::count(m.begin(), m.end(), &routes[1]), authOk ? 1 : 0);
            QCOMPARE(std::count(m.begin(), m.end(), &routes[2]), httpd ? 1 : 0);
        }
        QCOMPARE(n, 50);
    }

    void idsModesAndDefaults()
    {
        // options as ossec.conf writes them: the object as text
        const QByteArray json = QByteArray("[{\"name\":\"jira\",\"options\":\"{\\\"components\\\":[{\\\"name\\\":\\\"SOC\\\"}]}\"}]");
        QVERIFY(parse(json).at(0).options.contains(QStringLiteral("components")));
        const auto r = parse(R"([{"name":"slack","hook_url":"https:\/\/h/1"},{"name":"custom-slack","hook_url":"https:\/\/h/2","mode":"review"},
                                 {"name":"jira","id":"jira-soc","options":{"components":1}},
                                 {"name":"webhook","hook_url":"http:\/\/h/3","alert_format":"json","max_log":165,"timeout":10,"retries":3}])");
        QCOMPARE(r.size(), size_t(4));
        QCOMPARE(r[0].id, QStringLiteral("slack"));
        QCOMPARE(r[1].id, QStringLiteral("slack-2"));
        QCOMPARE(r[1].kind, QStringLiteral("slack"));
        QVERIFY(!r[0].review);
        QVERIFY(r[1].review);
        QCOMPARE(r[0].ratePerSecond, 1.0);  // Slack: about one message a second
        QCOMPARE(r[0].concurrency, 1);
        QCOMPARE(r[2].id, QStringLiteral("jira-soc"));
        QCOMPARE(r[2].ratePerSecond, 0.0);
    }

    void apiKeyFile()
    {
        QTemporaryDir dir;
        QFile k(dir.filePath(QStringLiteral("st2.key")));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write("s3cret\n");
        k.close();
        QString err;
        auto r = DispatchRoutes::parse(R"([{"name":"stackstorm","hook_url":"https:\/\/st2/api/v1/webhooks/wazuh_alert","api_key_file":"st2.key"}])",
                                       dir.path(), &err);
        QVERIFY2(r, qPrintable(err));
        QCOMPARE(r->at(0).apiKey, QStringLiteral("s3cret"));
        r = DispatchRoutes::parse(R"([{"name":"stackstorm","api_key_file":"missing.key"}])", dir.path(), &err);
        QVERIFY(!r);
        QVERIFY2(err.contains(QStringLiteral("missing.key")), qPrintable(err));
    }

    // a route without api_key/api_key_file takes EOS_ROUTE_TOKEN_<ID>; an explicit key wins
    void tokensFromConfig()
    {
        QString err;
        auto r = parse(R"([{"name":"jira","id":"jira-soc","hook_url":"https:\/\/jira.example"},
                           {"name":"stackstorm","api_key":"inline","hook_url":"https:\/\/st2.example\/api\/v1\/webhooks\/wazuh"},
                           {"name":"slack","hook_url":"https:\/\/hooks.slack.example\/services\/T0\/B0\/x"}])", &err);
        QVERIFY2(r.size() == 3, qPrintable(err));
        eos::Config c;
        c.set(eos::Config::routeTokenKey(QStringLiteral("jira-soc")), QStringLiteral("from-keyring"));
        c.set(QStringLiteral("EOS_ROUTE_TOKEN_STACKSTORM"), QStringLiteral("ignored"));
        DispatchRoutes::applyTokens(r, c);
        QCOMPARE(r[0].apiKey, QStringLiteral("from-keyring"));
        QCOMPARE(r[1].apiKey, QStringLiteral("inline"));
        QVERIFY(r[2].apiKey.isEmpty());
    }

    void playbooks()
    {
        const auto r = parse(R"([{"name":"jira","playbooks":{"rule:100900":["Check ossec.log","Restart the agent"],
                                                             "group:sshd":["Check the source IP"]}}])");
        QCOMPARE(r[0].playbookFor(alert(10, QStringLiteral("100900"), {QStringLiteral("sshd")})),
                 (QStringList{QStringLiteral("Check ossec.log"), QStringLiteral("Restart the agent")}));
        QCOMPARE(r[0].playbookFor(alert(10, QStringLiteral("5710"), {QStringLiteral("sshd")})), QStringList{QStringLiteral("Check the source IP")});
        QVERIFY(r[0].playbookFor(alert(10, QStringLiteral("5710"), {QStringLiteral("web")})).isEmpty());
    }

    void errorsNameRouteAndKey_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("[{\"name\": \"slack\",\n}") << "line 2";
        QTest::newRow("not an array") << QByteArray(R"({"name":"slack"})") << "JSON array";
        QTest::newRow("unknown name") << QByteArray(R"([{"name":"pagerduty","hook_url":"https:\/\/x"}])") << "\"name\" must be one of";
        QTest::newRow("no hook") << QByteArray(R"([{"name":"slack"}])") << "route 1 (slack): \"hook_url\" is required";
        QTest::newRow("bad url") << QByteArray(R"([{"name":"webhook","hook_url":"ftp:\/\/x/y"}])") << "not an http(s) URL";
        QTest::newRow("bad level") << QByteArray(R"([{"name":"jira","level":"high"}])") << "\"level\"";
        QTest::newRow("typo key") << QByteArray(R"([{"name":"jira","levle":3}])") << "unknown key \"levle\"";
        QTest::newRow("bad mode") << QByteArray(R"([{"name":"jira","mode":"manual"}])") << "auto or review";
        QTest::newRow("bad options") << QByteArray(R"([{"name":"jira","options":[1]}])") << "\"options\" must be a JSON object";
        QTest::newRow("duplicate id") << QByteArray(R"([{"name":"jira","id":"j"},{"name":"jira","id":"j"}])") << "route 2 (jira): \"id\" j is used twice";
    }
    void errorsNameRouteAndKey()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString err;
        QVERIFY(!DispatchRoutes::parse(json, QDir::tempPath(), &err));
        QVERIFY2(err.contains(expected), qPrintable(err));
    }

    void loadNamesTheFile()
    {
        QString err;
        QVERIFY(!DispatchRoutes::load(QStringLiteral("/nonexistent/routes.json"), &err));
        QVERIFY2(err.contains(QStringLiteral("/nonexistent/routes.json")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestDispatchRoutes)
#include "test_dispatch_routes.moc"
