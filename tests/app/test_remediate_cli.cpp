// `eos-console remediate` as a user runs it: against a scripted Wazuh API and a real database (PG_DSN),
// what it prints before sending, --yes and --dry-run, refusing without a terminal, the exit codes
// (0 done, 1 API failure with Wazuh's message, 2 usage, 3 refused: protected or hostile value, 4 not
// confirmed, 5 audit log unreachable) and the audit row it writes (analyst from EOS_ANALYST).
#include "recording_http_server.h"
#include "test_database.h"
#include "wazuh_token.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using eos::test::RecordingHttpServer;
using eos::test::TestDatabase;
using Reply = RecordingHttpServer::Reply;

namespace {


struct Run {
    int exitCode = -1;
    QString out, err;
};

}  // namespace

class TestRemediateCli : public QObject {
    Q_OBJECT
    RecordingHttpServer m_server;
    eos::DbConnectionInfo m_db;
    QTemporaryDir m_home;
    QString m_dsn;
    int m_failCode = 0;  // 0: the API accepts; else answers with this failed-item code

    Run run(const QStringList &args, const QByteArray &stdinText = {}, const QString &dsn = {})
    {
        QProcess p;
        QProcessEnvironment env;
        const auto sys = QProcessEnvironment::systemEnvironment();
        for (const QString &k : {QStringLiteral("PATH"), QStringLiteral("LANG")})
            if (sys.contains(k)) env.insert(k, sys.value(k));
        env.insert("HOME", m_home.path());
        env.insert("XDG_CONFIG_HOME", m_home.path() + "/.config");
        env.insert("PG_DSN", dsn.isEmpty() ? m_dsn : dsn);
        env.insert("WAZUH_API_URL", m_server.url(QString()));
        env.insert("WAZUH_API_USER", "eos");
        env.insert("WAZUH_API_PASSWD", "secret");
        env.insert("EOS_ANALYST", "oncall-bob");
        env.insert("EOS_PROTECTED", "000 user:root 10.0.0.0/8");
        env.insert("EOS_DATA_DIR", m_home.path() + "/data");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(EOS_CONSOLE_BIN), QStringList{"remediate"} + args);
        if (!p.waitForStarted(10000)) qFatal("cannot start eos-console");
        if (!stdinText.isEmpty()) p.write(stdinText);
        p.closeWriteChannel();
        // the scripted server lives on this thread: keep the event loop running while the command works
        if (!QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 60000)) {
            p.kill();
            p.waitForFinished(5000);
            return {-2, QString::fromUtf8(p.readAllStandardOutput()), QStringLiteral("timed out: ") + QString::fromUtf8(p.readAllStandardError())};
        }
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    int actions() const
    {
        int n = 0;
        for (const auto &r : m_server.requests) n += !r.path.startsWith("/security");
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port (run through ctest)");
        m_db = TestDatabase::create("remediate_cli");
        QVERIFY(TestDatabase::migrate(m_db));
        m_dsn = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(m_db.database);
        QVERIFY(TestDatabase::exec(m_db, "INSERT INTO agents(id) VALUES ('001'); "
                                         "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw) VALUES ('h1', '001', 10, "
                                         "'{\"agent\": {\"id\": \"001\", \"name\": \"web-01\"}, \"rule\": {\"id\": \"5712\", \"level\": 10}, "
                                         "\"data\": {\"srcip\": \"198.51.100.23\", \"dstuser\": \"eve; rm -rf /\"}}')"));
        QVERIFY(m_server.listen());
        m_server.handler = [this](const RecordingHttpServer::Request &req) {
            if (req.path.startsWith("/security"))
                return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(eos::test::wazuhJwt())}}}, {"error", 0}});
            if (m_failCode)
                return Reply::json(200, QJsonObject{{"data", QJsonObject{{"affected_items", QJsonArray{}}, {"total_affected_items", 0},
                                                                  {"total_failed_items", 1},
                                                                  {"failed_items", QJsonArray{QJsonObject{
                                                                       {"error", QJsonObject{{"code", m_failCode},
                                                                                             {"message", "Cannot send request, agent is not active"},
                                                                                             {"remediation", "Please, check non-active agents connection"}}},
                                                                       {"id", QJsonArray{"001"}}}}}}},
                                             {"message", "AR command was not sent to any agent"}, {"error", 1}});
            return Reply::json(200, QJsonObject{{"data", QJsonObject{{"affected_items", QJsonArray{"001"}}, {"total_affected_items", 1},
                                                              {"total_failed_items", 0}, {"failed_items", QJsonArray{}}}},
                                         {"message", "Restart command was sent to all agents"}, {"error", 0}});
        };
    }

    void restartWithYes()
    {
        const int before = actions();
        const Run r = run({"--agent", "001", "--action", "restart", "--yes"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("PUT /agents/001/restart"), qPrintable(r.out));
        QVERIFY2(r.out.contains("Done"), qPrintable(r.out));
        QCOMPARE(actions(), before + 1);
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT actor || ' ' || action || ' ' || agent_id || ' ' || (details->>'outcome') || ' ' || "
                                            "(details->>'source') FROM audit_log ORDER BY id DESC LIMIT 1"),
                 QStringLiteral("oncall-bob remediation 001 ok cli"));
    }

    void activeResponsePrintsTheRequestAndAsks()
    {
        const int before = actions();
        // no terminal and no --yes: refused, nothing sent
        Run r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=203.0.113.7"});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.out.contains("PUT /active-response?agents_list=001") && r.out.contains("\"srcip\": \"203.0.113.7\"") &&
                     r.out.contains("firewall-drop600"),
                 qPrintable(r.out));
        QVERIFY(r.err.contains("--yes"));
        QCOMPARE(actions(), before);
        // dry run: recorded, not sent
        r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=203.0.113.7", "--dry-run"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("Dry run"));
        QCOMPARE(actions(), before);
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT details->>'outcome' FROM audit_log ORDER BY id DESC LIMIT 1"), QStringLiteral("dry_run"));
        // sent with --yes, tied to the alert
        const QString alertId = TestDatabase::scalar(m_db, "SELECT id FROM alerts");
        r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=203.0.113.7", "--alert", alertId, "--yes"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(actions(), before + 1);
        const QJsonObject body = QJsonDocument::fromJson(m_server.requests.last().body).object();
        QCOMPARE(body.value("command").toString(), QStringLiteral("firewall-drop600"));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT alert_id FROM audit_log ORDER BY id DESC LIMIT 1"), alertId);
        // values from the alert: its srcip is fine, its hostile dstuser is refused
        r = run({"--action", "block-ip", "--alert", alertId, "--yes"});
        QVERIFY2(r.exitCode == 0 && r.out.contains("198.51.100.23"), qPrintable(r.out + r.err));
        r = run({"--action", "disable-account", "--alert", alertId, "--yes"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("not an account name"), qPrintable(r.err));
        QCOMPARE(actions(), before + 2);
    }

    void refusals()
    {
        const int before = actions();
        Run r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=1.2.3.4; rm -rf /", "--yes"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("not an IP address"), qPrintable(r.err));
        r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=10.2.3.4", "--yes"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("EOS_PROTECTED"));
        r = run({"--agent", "000", "--action", "restart", "--yes"});
        QCOMPARE(r.exitCode, 3);
        r = run({"--agent", "001", "--action", "ar", "--command", "disable-account600", "--arg", "dstuser=root", "--yes"});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(actions(), before);
        // every refusal is recorded too
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT count(*) FROM audit_log WHERE details->>'outcome' = 'refused'").toInt(), 5);
    }

    void usageErrors()
    {
        QCOMPARE(run({"--agent", "001"}).exitCode, 2);                                       // no action
        QCOMPARE(run({"--agent", "001", "--action", "ar"}).exitCode, 2);                     // no command
        QCOMPARE(run({"--agent", "001", "--action", "ar", "--command", "x0", "--arg", "noequals"}).exitCode, 2);
        QCOMPARE(run({"--agent", "001", "--action", "restart", "--arg", "a=b"}).exitCode, 2);
        QCOMPARE(run({"--bogus"}).exitCode, 2);
        QCOMPARE(run({"--action", "restart", "--yes"}).exitCode, 2);                         // no agent
        QCOMPARE(run({"--agent", "002", "--action", "restart", "--alert", TestDatabase::scalar(m_db, "SELECT id FROM alerts"), "--yes"}).exitCode, 2);
        const Run help = run({"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--dry-run") && help.out.contains("Exit codes"));
    }

    void apiFailureExitsNonZeroWithItsMessage()
    {
        m_failCode = 1707;
        const Run r = run({"--agent", "001", "--action", "ar", "--command", "firewall-drop600", "--arg", "srcip=203.0.113.7", "--yes"});
        m_failCode = 0;
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("1707") && r.err.contains("agent is not active") && r.err.contains("check non-active agents"), qPrintable(r.err));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT details->>'code' FROM audit_log ORDER BY id DESC LIMIT 1"), QStringLiteral("1707"));
    }

    void noDatabaseNothingSent()
    {
        const int before = actions();
        const Run r = run({"--agent", "001", "--action", "restart", "--yes"}, {}, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains("nothing was sent"), qPrintable(r.err));
        QCOMPARE(actions(), before);
    }
};

QTEST_GUILESS_MAIN(TestRemediateCli)
#include "test_remediate_cli.moc"
