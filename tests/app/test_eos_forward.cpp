// eos-forward, run as integratord runs it (a child process, argument list in each Wazuh 4.x form), against
// a real HTTP server in the test that records what arrives and answers from a script.
#include "recording_http_server.h"
#include "test_database.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>

using eos::test::RecordingHttpServer;

namespace {

const QString kToken = QStringLiteral("tok-Secret-4242-abcdef");

QString forwardBinary()
{
    const QString env = qEnvironmentVariable("EOS_FORWARD_BIN");
    if (!env.isEmpty()) return env;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../app/eos-forward");
}

struct Run {
    int exitCode = -1;
    QByteArray out, err;
    qint64 ms = 0;
};

}  // namespace

class TestEosForward : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_alertFile;
    QByteArray m_alert;
    QString m_emptyEnv;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString p = m_tmp.filePath(name);
        QFile f(p);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(p));
        f.write(content);
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return p;
    }

    // Runs eos-forward with only the given environment (no system env file, no inherited tokens).
    Run run(const QStringList &args, QHash<QString, QString> env = {}, const QString &program = forwardBinary())
    {
        QProcessEnvironment pe;
        pe.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        pe.insert(QStringLiteral("HOME"), m_tmp.path());
        if (!env.contains(QStringLiteral("EOS_ENV_FILE"))) env.insert(QStringLiteral("EOS_ENV_FILE"), m_emptyEnv);
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            if (!it.value().isNull()) pe.insert(it.key(), it.value());
        QProcess p;
        p.setProcessEnvironment(pe);
        QElapsedTimer t;
        t.start();
        p.start(program, args);
        Run r;
        if (!p.waitForStarted(5000)) {
            qWarning("cannot start %s: %s", qPrintable(program), qPrintable(p.errorString()));
            return r;
        }
        // Let the recording server's events run while the child works.
        if (p.state() != QProcess::NotRunning) {
            QEventLoop loop;
            QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(60000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (p.state() != QProcess::NotRunning) {
            qWarning("eos-forward did not finish in 60 s");
            p.kill();
            p.waitForFinished(5000);
        }
        r.ms = t.elapsed();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    static QJsonObject json(const QByteArray &b) { return QJsonDocument::fromJson(b).object(); }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    // A real `eos-console --daemon` (listener + ingest) on db; true once it accepts connections.
    bool startDaemon(QProcess &daemon, const eos::DbConnectionInfo &db, quint16 port, const QHash<QString, QString> &extra = {})
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), m_tmp.path());
        env.insert(QStringLiteral("EOS_ENV_FILE"), m_emptyEnv);
        env.insert(QStringLiteral("PG_DSN"), db.toUri());
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), kToken);
        env.insert(QStringLiteral("LISTEN_PORT"), QString::number(port));
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("daemon-data-%1").arg(port)));
        env.insert(QStringLiteral("EOS_BATCH_MS"), QStringLiteral("5"));
        for (auto it = extra.cbegin(); it != extra.cend(); ++it) env.insert(it.key(), it.value());
        daemon.setProcessEnvironment(env);
        daemon.setProcessChannelMode(QProcess::MergedChannels);
        daemon.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
        if (!daemon.waitForStarted(5000)) return false;
        // ready once it logs so (the listener is up by then): wait on its output, not on a timer
        QByteArray out;
        QElapsedTimer waited;
        waited.start();
        while (!out.contains("ready;") && daemon.state() == QProcess::Running && waited.elapsed() < 20000) {
            daemon.waitForReadyRead(int(20000 - waited.elapsed()));
            out += daemon.readAll();
        }
        if (out.contains("ready;")) return true;
        qWarning("daemon did not come up: %s", out.constData());
        return false;
    }
    static void stop(QProcess &daemon)
    {
        if (daemon.state() == QProcess::NotRunning) return;
        daemon.terminate();
        if (!daemon.waitForFinished(15000)) daemon.kill();
        daemon.waitForFinished(5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo::exists(forwardBinary()), qPrintable(forwardBinary() + " not built (ninja eos-forward)"));
        QFile samples(QStringLiteral(EOS_TEST_DATA_DIR "/follower_alerts_300.ndjson"));
        QVERIFY(samples.open(QIODevice::ReadOnly));
        m_alert = samples.readLine().trimmed();
        QVERIFY(json(m_alert).contains(QStringLiteral("rule")));
        m_alertFile = writeFile(QStringLiteral("wazuh.alert"), m_alert);
        m_emptyEnv = writeFile(QStringLiteral("empty.env"), "# no settings\n");
    }

    void argumentForms_data()
    {
        QTest::addColumn<QStringList>("tail");  // arguments after alert_file api_key hook_url
        QTest::newRow("4.5-4.6: 4 args, debug off") << QStringList{QString()};
        QTest::newRow("4.5-4.6: redirect glued to the 4th field") << QStringList{QStringLiteral(" > /dev/null 2>&1")};
        QTest::newRow("4.7: 5 args, empty options") << QStringList{QString(), QString()};
        QTest::newRow("6 args: timeout") << QStringList{QString(), QString(), QStringLiteral("5")};
        QTest::newRow("4.8+: 7 args") << QStringList{QString(), QString(), QStringLiteral("5"), QStringLiteral("2")};
        QTest::newRow("4.8+: 7 args + literal")
            << QStringList{QString(), QString(), QStringLiteral("5"), QStringLiteral("2"), QStringLiteral("> /dev/null 2>&1")};
        QTest::newRow("redirect split into words")
            << QStringList{QString(), QString(), QStringLiteral("5"), QStringLiteral("2"), QStringLiteral(">"),
                           QStringLiteral("/dev/null"), QStringLiteral("2>&1")};
        QTest::newRow("3 args") << QStringList{};
    }
    void argumentForms()
    {
        QFETCH(QStringList, tail);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const Run r = run(QStringList{m_alertFile, kToken, server.url()} + tail);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(server.requests.size(), 1);
        const auto &req = server.requests.first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/wazuh_alert"));
        QCOMPARE(req.headers.value("x-auth-token"), kToken.toUtf8());
        QCOMPARE(req.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(req.body, m_alert);  // without options the alert goes out byte for byte
        QVERIFY2(r.err.isEmpty(), r.err.constData());  // quiet unless debug or failure
    }

    void optionsMergeTopLevelLikeSlackPy()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QString opts = writeFile(QStringLiteral("custom-eos-1.options"),
                                       R"({"eos_source":"manager-01","rule":{"level":12},"tags":["a","b"]})");
        const Run r = run({m_alertFile, kToken, server.url(), QString(), opts, QStringLiteral("5"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(server.requests.size(), 1);
        const QJsonObject sent = json(server.requests.first().body), orig = json(m_alert);
        QCOMPARE(sent.value(QStringLiteral("eos_source")).toString(), QStringLiteral("manager-01"));
        QCOMPARE(sent.value(QStringLiteral("tags")).toArray().size(), 2);
        // top-level replacement, not a deep merge (dict.update)
        const QJsonObject replacedRule{{QStringLiteral("level"), 12}};
        QCOMPARE(sent.value(QStringLiteral("rule")).toObject(), replacedRule);
        QCOMPARE(sent.value(QStringLiteral("agent")), orig.value(QStringLiteral("agent")));
        QCOMPARE(sent.value(QStringLiteral("id")), orig.value(QStringLiteral("id")));
        QCOMPARE(sent.size(), orig.size() + 2);
        // key order of the alert is kept, new keys come last (as Python's dict)
        QVERIFY(server.requests.first().body.startsWith("{\"timestamp\""));
        QVERIFY(server.requests.first().body.indexOf("\"eos_source\"") > server.requests.first().body.indexOf("\"full_log\""));
    }

    void emptyOptionsObjectSendsAlertUnchanged()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QString opts = writeFile(QStringLiteral("empty.options"), "{ }\n");
        const Run r = run({m_alertFile, kToken, server.url(), QString(), opts});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(server.requests.value(0).body, m_alert);
    }

    void emptyFieldsFallBackToEnvFile()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QString env = writeFile(QStringLiteral("forward.env"),
                                      "WEBHOOK_AUTH_TOKEN=env-token-123456\nEOS_HOOK_URL=" + server.url().toUtf8() + "\n");
        const Run r = run({m_alertFile, QString(), QString(), QString(), QString(), QString(), QString(),
                           QStringLiteral("> /dev/null 2>&1")},
                          {{QStringLiteral("EOS_ENV_FILE"), env}});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(server.requests.first().headers.value("x-auth-token"), QByteArray("env-token-123456"));
    }

    void urlFromListenPortWhenNoHookUrl()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QString env = writeFile(QStringLiteral("listen.env"), "WEBHOOK_AUTH_TOKEN=env-token-123456\nLISTEN_PORT=" +
                                                                         QByteArray::number(server.port()) + "\n");
        const Run r = run({m_alertFile, QString(), QString()}, {{QStringLiteral("EOS_ENV_FILE"), env}});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(server.requests.value(0).path, QByteArray("/wazuh_alert"));
    }

    // Installed as <wazuh>/integrations/custom-eos with custom-eos.env beside it and <wazuh>/logs present:
    // the env file next to the binary is used and debug output goes to integrations.log, token masked.
    void wazuhLayoutSidecarEnvAndIntegrationsLog()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        QVERIFY(QDir(m_tmp.path()).mkpath(QStringLiteral("ossec/integrations")));
        QVERIFY(QDir(m_tmp.path()).mkpath(QStringLiteral("ossec/logs")));
        const QString bin = m_tmp.filePath(QStringLiteral("ossec/integrations/custom-eos"));
        QFile::remove(bin);
        QVERIFY(QFile::copy(forwardBinary(), bin));
        writeFile(QStringLiteral("ossec/integrations/custom-eos.env"),
                  "WEBHOOK_AUTH_TOKEN=" + kToken.toUtf8() + "\nEOS_HOOK_URL=" + server.url().toUtf8() + "\n");
        const Run r = run({m_alertFile, QString(), QString(), QStringLiteral("debug")},
                          {{QStringLiteral("EOS_ENV_FILE"), QString()}}, bin);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(server.requests.value(0).headers.value("x-auth-token"), kToken.toUtf8());
        QFile log(m_tmp.filePath(QStringLiteral("ossec/logs/integrations.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("POST " + server.url().toUtf8()));
        QVERIFY(text.contains("X-Auth-Token: ***"));
        QVERIFY(text.contains(m_alert.left(60)));  // the body is logged
        QVERIFY(!text.contains(kToken.toUtf8()));
        QVERIFY(!r.err.contains(kToken.toUtf8()));
    }

    void debugNeverPrintsToken()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        // even when the listener echoes it back in an error
        server.defaultReply = {401, {}, "{\"error\":\"bad token " + kToken.toUtf8() + "\"}", false};
        const Run r = run({m_alertFile, kToken, server.url(), QStringLiteral("debug")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.err.contains("X-Auth-Token: ***"));
        QVERIFY(r.err.contains("401"));
        QVERIFY2(!r.err.contains(kToken.toUtf8()), r.err.constData());
        QVERIFY(!r.out.contains(kToken.toUtf8()));
    }

    void retryAfter503ThenAccepted()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {{503, {{"Retry-After", "1"}}, "{\"error\":\"busy\"}", false}, {202, {}, "{}", false}};
        const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("5"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(server.requests.size(), 2);
        const qint64 gap = server.requests[1].atMs - server.requests[0].atMs;
        QVERIFY2(gap >= 900 && gap < 30000, qPrintable(QString::number(gap)));  // waited Retry-After: 1 (no more than the cap)
        QCOMPARE(server.requests[1].body, server.requests[0].body);
    }

    void retriesExhaustedOn5xx()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply = {500, {}, "{\"error\":\"db down\"}", false};
        const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("5"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(server.requests.size(), 3);  // first try + 2 retries
        QVERIFY(r.err.contains("500"));
    }

    void rejectedIsNotRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("400") << 400;
        QTest::newRow("401") << 401;
        QTest::newRow("413") << 413;
    }
    void rejectedIsNotRetried()
    {
        QFETCH(int, status);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply = {status, {}, "{\"error\":\"no\"}", false};
        const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("5"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(server.requests.size(), 1);
    }

    void retries429And408()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {{429, {{"Retry-After", "0"}}, "{}", false}, {408, {}, "{}", false}, {200, {}, "ok", false}};
        const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("5"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(server.requests.size(), 3);
    }

    void timeoutHonoured()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply.hang = true;
        const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("1"), QStringLiteral("0")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(server.requests.size(), 1);
        QVERIFY2(r.ms >= 900 && r.ms < 4000, qPrintable(QString::number(r.ms)));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const Run r = run({m_alertFile, kToken, QStringLiteral("http://127.0.0.1:%1/wazuh_alert").arg(port), QString(),
                           QString(), QStringLiteral("2"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("gave up after 2 attempts"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("none") << QStringList{};
        QTest::newRow("two") << QStringList{QStringLiteral("/tmp/x.alert"), QStringLiteral("k")};
        QTest::newRow("4th not debug") << QStringList{QStringLiteral("/tmp/x"), kToken, QStringLiteral("http://h/"), QStringLiteral("verbose")};
        QTest::newRow("timeout not a number")
            << QStringList{QStringLiteral("/tmp/x"), kToken, QStringLiteral("http://h/"), QString(), QString(), QStringLiteral("ten")};
        QTest::newRow("negative retries")
            << QStringList{QStringLiteral("/tmp/x"), kToken, QStringLiteral("http://h/"), QString(), QString(), QStringLiteral("5"), QStringLiteral("-1")};
        QTest::newRow("too many")
            << QStringList{QStringLiteral("/tmp/x"), kToken, QStringLiteral("http://h/"), QString(), QString(), QStringLiteral("5"),
                           QStringLiteral("1"), QStringLiteral("extra")};
        QTest::newRow("not a URL") << QStringList{QStringLiteral("/tmp/x"), kToken, QStringLiteral("ftp://h/x")};
        QTest::newRow("no token anywhere") << QStringList{QStringLiteral("/tmp/x"), QString(), QStringLiteral("http://127.0.0.1:9/")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")};
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("error"));
    }

    void unreadableFiles()
    {
        Run r = run({m_tmp.filePath(QStringLiteral("missing.alert")), kToken, QStringLiteral("http://127.0.0.1:9/")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("missing.alert"));
        r = run({m_alertFile, kToken, QStringLiteral("http://127.0.0.1:9/"), QString(), m_tmp.filePath(QStringLiteral("gone.options"))});
        QCOMPARE(r.exitCode, 2);
    }

    void badJson_data()
    {
        QTest::addColumn<QByteArray>("alert");
        QTest::addColumn<QByteArray>("options");
        QTest::newRow("truncated alert") << QByteArray("{\"rule\":{\"level\":5") << QByteArray();
        QTest::newRow("alert is an array") << QByteArray("[1,2]") << QByteArray();
        QTest::newRow("plain-text alert_format") << QByteArray("alertdate='x'\nalertlocation='y'\n") << QByteArray();
        QTest::newRow("options not JSON") << QByteArray() << QByteArray("{eos_source: 1}");
        QTest::newRow("options an array") << QByteArray() << QByteArray("[\"a\"]");
    }
    void badJson()
    {
        QFETCH(QByteArray, alert);
        QFETCH(QByteArray, options);
        const QString a = alert.isEmpty() ? m_alertFile : writeFile(QStringLiteral("bad.alert"), alert);
        const QString o = options.isEmpty() ? QString() : writeFile(QStringLiteral("bad.options"), options);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const Run r = run({a, kToken, server.url(), QString(), o});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(server.requests.size(), 0);
    }

    void testModeSendsSample()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const Run r = run({QStringLiteral("--test"), server.url(), kToken});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("202"));
        QVERIFY(r.out.contains("accepted"));  // the reply body is printed
        QCOMPARE(server.requests.size(), 1);
        const QJsonObject sent = json(server.requests.first().body);
        QCOMPARE(sent.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt(), 3);
        QVERIFY(!sent.value(QStringLiteral("id")).toString().isEmpty());
        QCOMPARE(server.requests.first().headers.value("x-auth-token"), kToken.toUtf8());
        // two test alerts are two different alerts
        const Run again = run({QStringLiteral("--test"), server.url(), kToken});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(server.requests.value(1).body != server.requests.first().body);
    }

    void testModeReportsRejection()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply = {401, {}, "{\"error\":\"unauthorized\"}", false};
        const Run r = run({QStringLiteral("--test"), server.url(), kToken});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.out.contains("401"));
    }

    void helpListsExitCodes()
    {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *code : {"0  sent", "1  bad arguments", "2  the alert file", "3  bad JSON", "4  send failed", "5  rejected"})
            QVERIFY2(r.out.contains(code), code);
    }

    // eos-forward → a real `eos-console --daemon` (listener, ingest) → a row in PostgreSQL.
    void endToEndThroughDaemon()
    {
        const auto db = eos::test::TestDatabase::create(QStringLiteral("forward_e2e"));
        const quint16 port = freePort();
        QProcess daemon;
        auto stopDaemon = qScopeGuard([&] {
            stop(daemon);
            eos::test::TestDatabase::drop(db);
        });
        QVERIFY(startDaemon(daemon, db, port));
        const QString url = QStringLiteral("http://127.0.0.1:%1/wazuh_alert").arg(port);
        const QString alertId = json(m_alert).value(QStringLiteral("id")).toString();
        auto countId = [&](const QString &id) {
            return eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE raw->>'id' = '%1'").arg(id)).toInt();
        };

        // 4.8+ form with options: stored once, options merged into the stored alert
        const QString opts = writeFile(QStringLiteral("e2e.options"), R"({"eos_source":"manager-e2e"})");
        Run r = run({m_alertFile, kToken, url, QString(), opts, QStringLiteral("5"), QStringLiteral("2"), QStringLiteral("> /dev/null 2>&1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(countId(alertId), 1, 5000);
        QCOMPARE(eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT raw->>'eos_source' FROM alerts WHERE raw->>'id' = '%1'").arg(alertId)),
                 QStringLiteral("manager-e2e"));
        // the same alert again (integratord re-run): accepted, still one row
        r = run({m_alertFile, kToken, url, QString(), opts});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(countId(alertId), 1);
        // 4.5 form, token from the env file
        const QString tokenEnv = writeFile(QStringLiteral("e2e.env"), "WEBHOOK_AUTH_TOKEN=" + kToken.toUtf8() + "\n");
        r = run({m_alertFile, QString(), url, QString()}, {{QStringLiteral("EOS_ENV_FILE"), tokenEnv}});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // wrong token: rejected by the listener (401), nothing stored. (A single alert is acknowledged from the
        // ingest inbox and moved into alerts right after: counted once it is there.)
        QTRY_COMPARE_WITH_TIMEOUT(eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alert_inbox")).toInt(), 0, 5000);
        const int before = eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")).toInt();
        r = run({QStringLiteral("--test"), url, QStringLiteral("not-the-token")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.out.contains("401"));
        // --test: the sample alert arrives
        r = run({QStringLiteral("--test"), url, kToken});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")).toInt(), before + 1, 5000);
        QCOMPARE(eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100001 AND rule_level = 3")),
                 QStringLiteral("1"));
    }

    // https to a listener with a self-signed certificate: trusted through EOS_TLS_CERT, refused without it.
    void endToEndTls()
    {
        const QString cert = m_tmp.filePath(QStringLiteral("tls-cert.pem")), key = m_tmp.filePath(QStringLiteral("tls-key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-days"),
                       QStringLiteral("1"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        const auto db = eos::test::TestDatabase::create(QStringLiteral("forward_tls"));
        const quint16 port = freePort();
        QProcess daemon;
        auto cleanup = qScopeGuard([&] {
            stop(daemon);
            eos::test::TestDatabase::drop(db);
        });
        QVERIFY(startDaemon(daemon, db, port, {{QStringLiteral("EOS_TLS_CERT"), cert}, {QStringLiteral("EOS_TLS_KEY"), key}}));
        const QString url = QStringLiteral("https://127.0.0.1:%1/wazuh_alert").arg(port);
        // not trusted: fails at once (no retries help), exit 4 with the hint
        Run r = run({m_alertFile, kToken, url, QString(), QString(), QStringLiteral("5"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("EOS_TLS_CERT"));
        QVERIFY2(r.ms < 3000, qPrintable(QString::number(r.ms)));  // no backoff: retrying cannot help
        // the env file names the listener's certificate: sent and stored
        const QString env = writeFile(QStringLiteral("tls.env"), "EOS_TLS_CERT=" + cert.toUtf8() + "\n");
        r = run({m_alertFile, kToken, url, QString(), QString(), QStringLiteral("5"), QStringLiteral("3")},
                {{QStringLiteral("EOS_ENV_FILE"), env}});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(eos::test::TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("1"), 5000);
    }

    // Start-up + send against a local server, the cost integratord pays per alert (reported, loosely bounded).
    void startupAndSendTime()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        qint64 best = 1 << 30, total = 0;
        const int n = 10;
        for (int i = 0; i < n; ++i) {
            const Run r = run({m_alertFile, kToken, server.url(), QString(), QString(), QStringLiteral("5"), QStringLiteral("0")});
            QCOMPARE(r.exitCode, 0);
            best = std::min(best, r.ms);
            total += r.ms;
        }
        QCOMPARE(server.requests.size(), n);
        qInfo("eos-forward start-up + send: best %lld ms, mean %lld ms over %d runs", best, total / n, n);
        // (a figure only: bench-ingest compares it with curl; a loaded machine must not fail the suite)
    }
};

QTEST_GUILESS_MAIN(TestEosForward)
#include "test_eos_forward.moc"
