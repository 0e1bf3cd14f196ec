// DependencyCheck (eos-console check): each check against the real thing — PostgreSQL (a throwaway
// database, an unreachable port, an older and a newer schema), the listener port (free, taken by a
// stranger, taken by an Eos that answers /healthz), the Wazuh API through Prism serving Wazuh's OpenAPI
// spec (login and processed policies) and a scripted API refusing the login, SMTP through Debian's
// aiosmtpd (no STARTTLS offered: fails and says how to fix; SMTP_TLS=none: warns; nothing is sent),
// routes (invalid file, a Jira site checked with GET /myself, a webhook reached without posting), and the
// text and JSON output and exit rule. Also `eos-console check --json` run as a process.
#include "dependency_check.h"
#include "prism_server.h"
#include "recording_http_server.h"
#include "test_database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using eos::Config;
using eos::DependencyCheck;
using eos::test::PrismServer;
using eos::test::RecordingHttpServer;
using eos::test::TestDatabase;
using Status = DependencyCheck::Status;

namespace {

QString names(const std::vector<DependencyCheck::Finding> &fs)
{
    QStringList l;
    for (const auto &f : fs) l << f.check + u'=' + DependencyCheck::statusText(f.status);
    return l.join(u' ');
}

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

}  // namespace

class TestDependencyCheck : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    eos::DbConnectionInfo m_db;
    QString m_dsn;

    Config base() const
    {
        Config c;
        c.set(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        if (!m_dsn.isEmpty()) c.set(QStringLiteral("PG_DSN"), m_dsn);
        return c;
    }
    DependencyCheck checker(const Config &c) const
    {
        DependencyCheck::Options o;
        o.timeoutMs = 5000;
        return DependencyCheck(c, o);
    }

    // aiosmtpd from Debian (python3-aiosmtpd) on a free port; messages it receives are printed
    struct Smtp {
        QProcess process;
        int port = 0;
        bool start()
        {
            port = freePort();
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(QStringLiteral("/usr/bin/python3"),
                          {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"), QStringLiteral("-l"),
                           QStringLiteral("127.0.0.1:%1").arg(port)});
            if (!process.waitForStarted(10000)) return false;
            return QTest::qWaitFor([this] {
                QTcpSocket s;
                s.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
                return s.waitForConnected(200);
            }, 20000);
        }
        ~Smtp()
        {
            process.kill();
            process.waitForFinished(5000);
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const auto tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port (run through ctest)");
        m_db = TestDatabase::create("dependency_check");
        QVERIFY(TestDatabase::migrate(m_db));
        m_dsn = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(m_db.database);
    }

    void databaseCurrent()
    {
        const auto f = checker(base()).database();
        QCOMPARE(f.status, Status::Ok);
        QVERIFY2(f.found.contains(QStringLiteral("(current)")) && f.found.contains(QStringLiteral("PostgreSQL 15")), qPrintable(f.found));
    }

    void databaseUnreachable()
    {
        Config c = base();
        c.set(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://eos@127.0.0.1:%1/eos?connect_timeout=3").arg(freePort()));
        const auto f = checker(c).database();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY2(f.found.contains(QStringLiteral("cannot connect")), qPrintable(f.found));
        QVERIFY(f.fix.contains(QStringLiteral("PG_DSN")));
    }

    void databaseSchemaOlderAndNewer()
    {
        const auto other = TestDatabase::create("dependency_check_schema");
        QVERIFY(TestDatabase::migrate(other));
        const auto tcp = TestDatabase::serverTcp();
        Config c = base();
        c.set(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(other.database));
        QVERIFY(TestDatabase::exec(other, "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)"));
        auto f = checker(c).database();
        QCOMPARE(f.status, Status::Warn);
        QVERIFY2(f.fix.contains(QStringLiteral("migrates")), qPrintable(f.fix));
        QVERIFY(TestDatabase::exec(other, "INSERT INTO schema_migrations(version, name, applied_by) VALUES (9999, 'future', 'test')"));
        f = checker(c).database();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY2(f.found.contains(QStringLiteral("newer")), qPrintable(f.found));
    }

    void embeddedNotRunningIsNotStarted()
    {
        Config c;
        c.set(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("embedded")));
        const auto f = checker(c).database();
        QVERIFY2(f.status == Status::Ok || f.status == Status::Fail, qPrintable(f.found));  // Fail only without server binaries
        QVERIFY2(f.found.contains(QStringLiteral("not running")) || f.fix.contains(QStringLiteral("install")), qPrintable(f.found));
        QVERIFY2(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("embedded/pgdata"))), "check must not create the cluster");
    }

    void diskAndSpool()
    {
        Config c = base();
        auto f = checker(c).diskSpace();
        QVERIFY2(f.status != Status::Skip && f.found.contains(QStringLiteral("free of")), qPrintable(f.found));
        QCOMPARE(checker(c).spool().status, Status::Ok);
        QDir().mkpath(m_tmp.filePath(QStringLiteral("data/spool")));
        QFile seg(m_tmp.filePath(QStringLiteral("data/spool/seg-1.spool")));
        QVERIFY(seg.open(QIODevice::WriteOnly));
        seg.write(QByteArray(600 * 1024, 'x'));
        seg.close();
        f = checker(c).spool();
        QCOMPARE(f.status, Status::Warn);
        c.set(QStringLiteral("EOS_SPOOL_MAX_MB"), QStringLiteral("0"));  // no limit: waiting, never full
        QCOMPARE(checker(c).spool().status, Status::Warn);
        QFile big(m_tmp.filePath(QStringLiteral("data/spool/seg-2.spool")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(400 * 1024, 'x'));
        big.close();
        c.set(QStringLiteral("EOS_SPOOL_MAX_MB"), QStringLiteral("1"));
        f = checker(c).spool();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY(f.fix.contains(QStringLiteral("503")));
        QFile::remove(seg.fileName());
        QFile::remove(big.fileName());
    }

    void listenerPort()
    {
        Config c = base();
        const int port = freePort();
        c.set(QStringLiteral("LISTEN_PORT"), QString::number(port));
        QCOMPARE(checker(c).listener().status, Status::Warn);  // no token: the listener would not start
        c.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QStringLiteral("tok-123456"));
        auto f = checker(c).listener();
        QCOMPARE(f.status, Status::Ok);
        QVERIFY(f.found.contains(QStringLiteral("free")));

        // a stranger on the port: answers HTTP, but not with Eos's /healthz
        RecordingHttpServer stranger;
        stranger.defaultReply.status = 404;
        stranger.defaultReply.body = "not here";
        QVERIFY(stranger.listen());
        c.set(QStringLiteral("LISTEN_PORT"), QString::number(stranger.port()));
        f = checker(c).listener();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY2(f.fix.contains(QStringLiteral("ss -ltnp")), qPrintable(f.fix));

        // an Eos: /healthz answers with the database state
        RecordingHttpServer eosLike;
        eosLike.defaultReply.status = 200;
        eosLike.defaultReply.body = R"({"database":{"up":true,"schema_current":true},"spool":{"depth":0}})";
        QVERIFY(eosLike.listen());
        c.set(QStringLiteral("LISTEN_PORT"), QString::number(eosLike.port()));
        f = checker(c).listener();
        QCOMPARE(f.status, Status::Ok);
        QVERIFY2(f.found.contains(QStringLiteral("running Eos")), qPrintable(f.found));
        QCOMPARE(eosLike.requests.value(0).path, QByteArray("/healthz"));
    }

    void wazuhPolicies()
    {
        const QJsonObject black = QJsonDocument::fromJson(R"({"rbac_mode":"black","agent:restart":{"agent:id:*":"deny"}})").object();
        QVERIFY(DependencyCheck::wazuhAllows(black, "agent:read"));
        QVERIFY(!DependencyCheck::wazuhAllows(black, "agent:restart"));
        const QJsonObject white = QJsonDocument::fromJson(R"({"rbac_mode":"white","agent:read":{"agent:id:*":"allow"},
                                                             "active-response:command":{"agent:id:001":"allow"}})").object();
        QVERIFY(DependencyCheck::wazuhAllows(white, "agent:read"));
        QVERIFY(!DependencyCheck::wazuhAllows(white, "agent:restart"));
        QVERIFY(DependencyCheck::wazuhAllows(white, "active-response:command"));  // allowed on some agents, denied on none
    }

    void wazuhApiThroughPrism()
    {
        PrismServer prism(QStringLiteral(EOS_PRISM_BIN), QStringLiteral(EOS_TEST_DATA_DIR "/wazuh-api-4.14.yaml"));
        QString error;
        QVERIFY2(prism.start(&error), qPrintable(error));
        Config c = base();
        QCOMPARE(checker(c).wazuhApi().status, Status::Skip);
        c.set(QStringLiteral("WAZUH_API_URL"), prism.url().toString());
        c.set(QStringLiteral("WAZUH_API_USER"), QStringLiteral("wazuh-wui"));
        c.set(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("secret-pass"));
        const auto f = checker(c).wazuhApi();
        // Wazuh's own example answer: black RBAC mode with nothing denied
        QVERIFY2(f.status == Status::Ok, qPrintable(f.found + u' ' + prism.log().right(2000)));
        QVERIFY(f.found.contains(QStringLiteral("wazuh-wui")));
        QVERIFY2(prism.violationsSince(0).isEmpty(), qPrintable(prism.violationsSince(0).join(u'\n')));
    }

    void wazuhLoginRefused()
    {
        RecordingHttpServer api;
        api.defaultReply.status = 401;
        api.defaultReply.body = R"({"title":"Unauthorized","detail":"Invalid credentials"})";
        QVERIFY(api.listen());
        Config c = base();
        c.set(QStringLiteral("WAZUH_API_URL"), api.url(QString()));
        c.set(QStringLiteral("WAZUH_API_USER"), QStringLiteral("eos"));
        c.set(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("wrong-pass"));
        const auto f = checker(c).wazuhApi();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY2(f.fix.contains(QStringLiteral("WAZUH_API_PASSWD")), qPrintable(f.found + " / " + f.fix));
    }

    void smtpWithoutStarttlsFailsAndSendsNothing()
    {
        Smtp smtp;
        QVERIFY2(smtp.start(), qPrintable(QString::fromUtf8(smtp.process.readAll())));
        Config c = base();
        QCOMPARE(checker(c).smtp().status, Status::Skip);
        c.set(QStringLiteral("SMTP_SERVER"), QStringLiteral("127.0.0.1"));
        c.set(QStringLiteral("SMTP_PORT"), QString::number(smtp.port));
        auto f = checker(c).smtp();
        QCOMPARE(f.status, Status::Fail);  // STARTTLS is required by default and aiosmtpd here offers none
        QVERIFY2(f.fix.contains(QStringLiteral("STARTTLS")), qPrintable(f.found + " / " + f.fix));
        c.set(QStringLiteral("SMTP_TLS"), QStringLiteral("none"));
        f = checker(c).smtp();
        QCOMPARE(f.status, Status::Warn);
        QVERIFY2(f.found.contains(QStringLiteral("nothing sent")), qPrintable(f.found));
        // the Debugging handler prints every message it receives: none arrived
        QTest::qWait(200);
        QVERIFY2(!smtp.process.readAll().contains("---------- MESSAGE FOLLOWS"), "check must not send mail");
    }

    void emailTemplate()
    {
        Config c = base();
        auto f = checker(c).emailTemplate();
        QCOMPARE(f.status, Status::Ok);
        QVERIFY2(f.found.startsWith(QStringLiteral("the built-in template parses")), qPrintable(f.found));
        QFile bad(m_tmp.filePath(QStringLiteral("alert.html")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("<html>\n<p>$subject</p>\n<p>$subjct</p>\n");
        bad.close();
        c.set(QStringLiteral("EOS_EMAIL_TEMPLATE"), bad.fileName());
        f = checker(c).emailTemplate();
        QCOMPARE(f.status, Status::Fail);
        QVERIFY2(f.found.startsWith(bad.fileName() + QStringLiteral(":3: unknown variable $subjct")), qPrintable(f.found));
        c.set(QStringLiteral("EOS_EMAIL_TEMPLATE"), QString());
        c.set(QStringLiteral("EOS_TIMEZONE"), QStringLiteral("Atlantis/Capital"));
        QCOMPARE(checker(c).emailTemplate().status, Status::Warn);
    }

    void routes()
    {
        Config c = base();
        QCOMPARE(checker(c).routes().front().status, Status::Skip);
        QFile bad(m_tmp.filePath(QStringLiteral("bad-routes.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("[{\"name\": \"slak\", \"hook_url\": \"http://x\"}]");  // no raw string with "//": moc 6.4 reads it as a comment
        bad.close();
        c.set(QStringLiteral("EOS_ROUTES_FILE"), bad.fileName());
        auto fs = checker(c).routes();
        QCOMPARE(fs.size(), size_t(1));
        QCOMPARE(fs.front().status, Status::Fail);

        RecordingHttpServer jira;
        jira.handler = [](const RecordingHttpServer::Request &r) {
            RecordingHttpServer::Reply reply;
            const bool good = r.headers.value("authorization") == "Basic " + QByteArray("soc@example.com:jira-token").toBase64();
            reply.status = good ? 200 : 401;
            reply.body = good ? R"({"name":"soc","displayName":"SOC Bot"})" : R"({"errorMessages":["no"]})";
            return reply;
        };
        QVERIFY(jira.listen());
        RecordingHttpServer hook;
        QVERIFY(hook.listen());
        QFile good(m_tmp.filePath(QStringLiteral("routes.json")));
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write(QJsonDocument(QJsonArray{
                                     QJsonObject{{"name", "jira"}, {"hook_url", jira.url(QString())}, {"api_key", "jira-token"},
                                                 {"user", "soc@example.com"}, {"project", "SOC"}},
                                     QJsonObject{{"name", "webhook"}, {"hook_url", hook.url(QStringLiteral("/in"))}},
                                     QJsonObject{{"name", "jira"}, {"hook_url", jira.url(QString())}, {"api_key", "wrong"},
                                                 {"user", "soc@example.com"}, {"project", "SOC"}}})
                       .toJson());
        good.close();
        c.set(QStringLiteral("EOS_ROUTES_FILE"), good.fileName());
        fs = checker(c).routes();
        QVERIFY2(fs.size() == 4, qPrintable(names(fs)));
        QCOMPARE(fs[0].status, Status::Ok);
        QCOMPARE(fs[1].status, Status::Ok);
        QVERIFY2(fs[1].found.contains(QStringLiteral("SOC Bot")), qPrintable(fs[1].found));
        QCOMPARE(jira.requests.value(0).path, QByteArray("/rest/api/2/myself"));
        QCOMPARE(fs[2].status, Status::Ok);
        QVERIFY(hook.requests.isEmpty());  // reached, nothing posted
        QCOMPARE(fs[3].status, Status::Fail);
        QVERIFY(fs[3].fix.contains(QStringLiteral("JIRA_API_KEY")));
    }

    void outputAndExitRule()
    {
        std::vector<DependencyCheck::Finding> fs{{"a", Status::Ok, "fine", {}}, {"b", Status::Warn, "hmm", "do x"}};
        QVERIFY(DependencyCheck::passed(fs));
        fs.push_back({"c", Status::Fail, "broken", "do y"});
        QVERIFY(!DependencyCheck::passed(fs));
        const QString text = DependencyCheck::toText(fs);
        QVERIFY2(text.contains(QStringLiteral("FAIL  c")) && text.contains(QStringLiteral("fix: do y")), qPrintable(text));
        const QJsonArray json = DependencyCheck::toJson(fs);
        QCOMPARE(json.size(), 3);
        QCOMPARE(json.at(2).toObject().value("status").toString(), QStringLiteral("fail"));
    }

    // as an administrator runs it: one JSON finding per dependency, exit 1 when one fails
    void commandLine()
    {
        QProcess p;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), m_tmp.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("cfg")));
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("PG_DSN"), m_dsn);
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QStringLiteral("tok-123456"));
        env.insert(QStringLiteral("LISTEN_PORT"), QString::number(freePort()));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("check"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray out = p.readAllStandardOutput();
        const QJsonArray findings = QJsonDocument::fromJson(out).array();
        QVERIFY2(findings.size() >= 8, out.constData());
        QStringList checks;
        for (const QJsonValue &v : findings) checks << v.toObject().value("check").toString();
        for (const char *c : {"postgresql", "disk", "spool", "listener", "wazuh-api", "smtp", "email-template", "llm", "routes", "playbooks"})
            QVERIFY2(checks.contains(QLatin1String(c)), c);
        QStringList failed;
        for (const QJsonValue &v : findings)
            if (v.toObject().value("status").toString() == QLatin1String("fail"))
                failed << QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.join(u'\n')));
        QCOMPARE(p.exitCode(), 0);  // every finding ok, warn or skipped

        env.insert(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://eos@127.0.0.1:%1/eos?connect_timeout=3").arg(freePort()));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("check")});
        QVERIFY(p.waitForFinished(60000));
        const QString text = QString::fromUtf8(p.readAllStandardOutput());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(text.contains(QStringLiteral("FAIL  postgresql")), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestDependencyCheck)
#include "test_dependency_check.moc"
