// WazuhApiClient against scripted servers, for what Prism (test_wazuh_api_client_prism) cannot play: expiring
// and expired tokens, refused logins, 429 with Retry-After, 5xx, servers that never answer, failed items,
// paging, chunking of long id lists and TLS.
#include "clients/wazuh_api_client.h"
#include "core/config.h"
#include "core/logging.h"
#include "recording_http_server.h"
#include "wazuh_api_test_support.h"
#include "wazuh_token.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QSet>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

#include <cstdlib>
#include <memory>
#include <optional>

using eos::WazuhApiClient;
using eos::test::RecordingHttpServer;
using Result = WazuhApiClient::Result;
using Reply = RecordingHttpServer::Reply;
using namespace eos::test::wazuh;


class TestWazuhApiClient : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text);
    }

    // ---- against scripted servers -------------------------------------------------------------------

    void loginBasicAuthThenBearer()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QByteArray token = eos::test::wazuhJwt(900);
        server.script = {loginOk(token), agentsOk(), agentsOk(), agentsOk(), agentsOk()};
        WazuhApiClient client(scriptedOptions(server));
        // three calls at once share one login
        Outcome a, b, c;
        client.request("GET", "/agents", {}, {}, a.cb());
        client.request("GET", "/agents", {}, {}, b.cb());
        client.request("GET", "/agents", {}, {}, c.cb());
        QTRY_VERIFY_WITH_TIMEOUT(a.done() && b.done() && c.done(), kWaitMs);
        for (const Outcome *o : {&a, &b, &c}) {
            QVERIFY2(o->r().ok, qPrintable(describe(o->r())));
            QCOMPARE(o->r().attempts, 1);
            QCOMPARE(o->r().items.size(), 1);
        }
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(server.requests.size(), 4);
        const auto &login = server.requests.at(0);
        QCOMPARE(login.method, QByteArray("POST"));
        QCOMPARE(pathOf(login), QStringLiteral("/security/user/authenticate"));
        QCOMPARE(login.headers.value("authorization"), "Basic " + QByteArray("eos-user:pa:ss wörd").toBase64());
        for (int i = 1; i < 4; ++i) {
            QCOMPARE(server.requests.at(i).method, QByteArray("GET"));
            QCOMPARE(pathOf(server.requests.at(i)), QStringLiteral("/agents"));
            QCOMPARE(server.requests.at(i).headers.value("authorization"), "Bearer " + token);
        }
        // a token valid for 900 s is reused
        Outcome d;
        client.request("GET", "/agents", {}, {}, d.cb());
        QTRY_VERIFY_WITH_TIMEOUT(d.done(), kWaitMs);
        QVERIFY(d.r().ok);
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(server.requests.size(), 5);
        QCOMPARE(server.requests.last().headers.value("authorization"), "Bearer " + token);
    }

    void tokenRenewedBeforeExpiry_data()
    {
        QTest::addColumn<bool>("withIat");
        QTest::newRow("exp and iat") << true;
        QTest::newRow("exp only") << false;
    }
    void tokenRenewedBeforeExpiry()
    {
        QFETCH(bool, withIat);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QByteArray first = eos::test::wazuhJwt(5, withIat, "first"), second = eos::test::wazuhJwt(900, withIat, "second");
        server.script = {loginOk(first), agentsOk(), loginOk(second), agentsOk(), agentsOk()};
        WazuhApiClient client(scriptedOptions(server));
        Outcome a;
        client.request("GET", "/agents", {}, {}, a.cb());
        QTRY_VERIFY_WITH_TIMEOUT(a.done(), kWaitMs);
        QVERIFY2(a.r().ok, qPrintable(describe(a.r())));
        // the token expires in ~5 s: the next call logs in again first instead of risking a 401
        Outcome b;
        client.request("GET", "/agents", {}, {}, b.cb());
        QTRY_VERIFY_WITH_TIMEOUT(b.done(), kWaitMs);
        QVERIFY2(b.r().ok, qPrintable(describe(b.r())));
        QCOMPARE(b.r().attempts, 1);
        QCOMPARE(client.loginsSent(), 2);
        QCOMPARE(server.requests.size(), 4);
        QCOMPARE(pathOf(server.requests.at(2)), QStringLiteral("/security/user/authenticate"));
        QCOMPARE(server.requests.at(1).headers.value("authorization"), "Bearer " + first);
        QCOMPARE(server.requests.at(3).headers.value("authorization"), "Bearer " + second);
        // the 900 s token is kept
        Outcome c;
        client.request("GET", "/agents", {}, {}, c.cb());
        QTRY_VERIFY_WITH_TIMEOUT(c.done(), kWaitMs);
        QCOMPARE(client.loginsSent(), 2);
    }

    // A token without a readable exp lives defaultTokenSeconds.
    void opaqueTokenUsesDefaultLifetime()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk("opaque-1"), agentsOk(), loginOk("opaque-2"), agentsOk()};
        auto options = scriptedOptions(server);
        options.defaultTokenSeconds = 3;  // shorter than the renewal margin: renewed before every call
        WazuhApiClient client(options);
        Outcome a, b;
        client.request("GET", "/agents", {}, {}, a.cb());
        QTRY_VERIFY_WITH_TIMEOUT(a.done(), kWaitMs);
        client.request("GET", "/agents", {}, {}, b.cb());
        QTRY_VERIFY_WITH_TIMEOUT(b.done(), kWaitMs);
        QVERIFY2(a.r().ok && b.r().ok, qPrintable(describe(b.r())));
        QCOMPARE(client.loginsSent(), 2);
        QCOMPARE(server.requests.at(3).headers.value("authorization"), QByteArray("Bearer opaque-2"));
    }

    void expiredTokenReloginOnce()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QByteArray first = eos::test::wazuhJwt(900, true, "first"), second = eos::test::wazuhJwt(900, true, "second");
        server.script = {loginOk(first), wazuhError(401, "Unauthorized", "Token expired"), loginOk(second),
                         agentsOk({"001", "002"})};
        server.defaultReply = wazuhError(500, "Internal Server Error", "not in the script");
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.getAgents({"001", "002"}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().items.size(), 2);
        QCOMPARE(o.r().attempts, 2);
        QCOMPARE(client.loginsSent(), 2);
        QCOMPARE(client.requestsSent(), 4);
        QCOMPARE(server.requests.size(), 4);
        QCOMPARE(server.requests.at(1).headers.value("authorization"), "Bearer " + first);
        QCOMPARE(pathOf(server.requests.at(2)), QStringLiteral("/security/user/authenticate"));
        QCOMPARE(server.requests.at(3).headers.value("authorization"), "Bearer " + second);
        QCOMPARE(server.requests.at(3).path, server.requests.at(1).path);
    }

    void second401FailsWithoutLoop()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900, true, "first")), wazuhError(401, "Unauthorized", "Token expired"),
                         loginOk(eos::test::wazuhJwt(900, true, "second")), wazuhError(401, "Unauthorized", "Invalid token")};
        server.defaultReply = wazuhError(401, "Unauthorized", "Invalid token");  // a loop would never end
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY(!o.r().ok);
        QCOMPARE(o.r().httpStatus, 401);
        QVERIFY(!o.r().error.transient);
        QCOMPARE(o.r().error.message(), QStringLiteral("Wazuh API 401 Unauthorized: Invalid token"));
        QCOMPARE(o.r().attempts, 2);
        QCOMPARE(client.loginsSent(), 2);
        QCOMPARE(server.requests.size(), 4);
        QCOMPARE(o.calls, 1);
    }

    void badCredentials()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.defaultReply = wazuhError(401, "Unauthorized", "Invalid credentials");
        WazuhApiClient client(scriptedOptions(server));
        Outcome a, b;
        client.request("GET", "/agents", {}, {}, a.cb());
        client.restartAgent("001", b.cb());
        QTRY_VERIFY_WITH_TIMEOUT(a.done() && b.done(), kWaitMs);
        for (const Outcome *o : {&a, &b}) {
            QVERIFY(!o->r().ok);
            QCOMPARE(o->r().httpStatus, 401);
            QCOMPARE(o->r().attempts, 0);
            QVERIFY(!o->r().error.transient);
            const QString m = o->r().error.message();
            QVERIFY2(m.contains(QLatin1String("Invalid credentials")) && m.contains(QLatin1String("eos-user")) &&
                         m.contains(QLatin1String("WAZUH_API_PASSWD")),
                     qPrintable(m));
        }
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(server.requests.size(), 1);
        // right after a refused login, calls fail at once: no second login (Wazuh blocks after 50)
        Outcome c;
        client.request("GET", "/agents", {}, {}, c.cb());
        QVERIFY(c.done());
        QVERIFY(c.r().error.message().contains(QLatin1String("Invalid credentials")));
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(server.requests.size(), 1);
    }

    void tooManyRequestsHonoursRetryAfter()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        Reply limited = wazuhError(429, "Wazuh Error", "Maximum number of requests per minute reached",
                                   "This limit can be changed in api.yaml file.");
        limited.headers = {{"Retry-After", "1"}};
        server.script = {loginOk(eos::test::wazuhJwt(900)), limited, agentsOk()};
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().attempts, 2);
        QCOMPARE(server.requests.size(), 3);
        const qint64 waited = server.requests.at(2).atMs - server.requests.at(1).atMs;
        QVERIFY2(waited >= 990, qPrintable(QString::number(waited)));  // backoff alone would be <= 10 ms
    }

    void serviceUnavailableRetried()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900)), wazuhError(503, "Service Unavailable", "busy"), agentsOk()};
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().attempts, 2);
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(server.requests.size(), 3);
    }

    void persistentServerErrorGivesUp()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.defaultReply = wazuhError(500, "Wazuh Internal Error", "database is locked", {}, 1000);
        auto options = scriptedOptions(server);
        options.maxAttempts = 3;
        WazuhApiClient client(options);
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY(!o.r().ok);
        QCOMPARE(o.r().httpStatus, 500);
        QCOMPARE(o.r().attempts, 3);
        QCOMPARE(o.r().error.code, 1000);
        QVERIFY(o.r().error.transient);
        QCOMPARE(o.r().error.message(),
                 QStringLiteral("Wazuh API 500 Internal Server Error: Wazuh Internal Error: database is locked"));
        QCOMPARE(server.requests.size(), 4);
        QCOMPARE(client.loginsSent(), 1);
    }

    void hangingServerTimesOut()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.defaultReply.hang = true;
        auto options = scriptedOptions(server);
        options.timeoutMs = 300;
        options.maxAttempts = 2;
        WazuhApiClient client(options);
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY(!o.r().ok);
        QCOMPARE(o.r().httpStatus, 0);
        QVERIFY(o.r().error.transient);
        QCOMPARE(o.r().attempts, 2);
        QVERIFY2(o.r().error.message().contains(QLatin1String("within 300 ms")), qPrintable(o.r().error.message()));
        QCOMPARE(server.requests.size(), 3);
    }

    void connectionRefusedIsTransient()
    {
        quint16 port = 0;
        {
            RecordingHttpServer gone;
            QVERIFY(gone.listen());
            port = gone.port();
        }
        WazuhApiClient::Options options;
        options.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        options.user = "u";
        options.password = "p";
        options.maxAttempts = 2;
        options.baseBackoffMs = 10;
        WazuhApiClient client(options);
        Outcome o;
        client.request("GET", "/agents", {}, {}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY(!o.r().ok);
        QCOMPARE(o.r().httpStatus, 0);
        QVERIFY(o.r().error.transient);
        QVERIFY2(o.r().error.message().contains(QLatin1String("login failed")), qPrintable(o.r().error.message()));
        QCOMPARE(client.loginsSent(), 2);  // the login itself is retried
    }

    void errorBodyBecomesMessage()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900)),
                         wazuhError(400, "Wazuh Error", "Invalid field found {'bogus'}",
                                    "Allowed fields: id, name, status", 1724),
                         wazuhError(403, "Permission Denied", "Permission denied: Resource type: *:*",
                                    "Please, make sure you have permissions to execute the current request.", 4000)};
        server.defaultReply = agentsOk();  // a retry would succeed: proves 4xx are not retried
        WazuhApiClient client(scriptedOptions(server));
        Outcome bad, denied;
        client.getAgents({}, {"bogus"}, bad.cb());
        QTRY_VERIFY_WITH_TIMEOUT(bad.done(), kWaitMs);
        QVERIFY(!bad.r().ok);
        QCOMPARE(bad.r().httpStatus, 400);
        QCOMPARE(bad.r().error.code, 1724);
        QCOMPARE(bad.r().error.title, QStringLiteral("Wazuh Error"));
        QCOMPARE(bad.r().error.remediation, QStringLiteral("Allowed fields: id, name, status"));
        QVERIFY(!bad.r().error.transient);
        QCOMPARE(bad.r().error.message(),
                 QStringLiteral("Wazuh API 400 Bad Request: Wazuh Error: Invalid field found {'bogus'} "
                                "(remediation: Allowed fields: id, name, status)"));
        QCOMPARE(bad.r().attempts, 1);
        client.restartAgent("001", denied.cb());
        QTRY_VERIFY_WITH_TIMEOUT(denied.done(), kWaitMs);
        QVERIFY(!denied.r().ok);
        QCOMPARE(denied.r().httpStatus, 403);
        QCOMPARE(denied.r().error.code, 4000);
        QVERIFY2(denied.r().error.message().startsWith(
                     QLatin1String("Wazuh API 403 Forbidden: Permission Denied: Permission denied: Resource type")),
                 qPrintable(denied.r().error.message()));
        QCOMPARE(server.requests.size(), 3);
        QCOMPARE(server.requests.at(2).method, QByteArray("PUT"));
        QCOMPARE(pathOf(server.requests.at(2)), QStringLiteral("/agents/001/restart"));
    }

    void optionsFromConfig()
    {
        eos::Config config;
        QVERIFY(!WazuhApiClient(WazuhApiClient::optionsFrom(config)).isConfigured());
        config.set("WAZUH_API_URL", "wazuh-manager:55000");
        config.set("WAZUH_API_USER", "wazuh-wui");
        config.set("WAZUH_API_PASSWD", "secret");
        config.set("WAZUH_API_CA", "/etc/eos/wazuh-ca.pem");
        auto o = WazuhApiClient::optionsFrom(config);
        QCOMPARE(o.url, QUrl("https://wazuh-manager:55000"));
        QCOMPARE(o.user, QStringLiteral("wazuh-wui"));
        QCOMPARE(o.password, QStringLiteral("secret"));
        QCOMPARE(o.caFile, QStringLiteral("/etc/eos/wazuh-ca.pem"));
        QVERIFY(!o.insecure);
        config.set("WAZUH_API_INSECURE", "1");
        QVERIFY(WazuhApiClient::optionsFrom(config).insecure);
        config.set("WAZUH_API_INSECURE", "0");
        QVERIFY(!WazuhApiClient::optionsFrom(config).insecure);
        for (const char *key : {"WAZUH_API_CA", "WAZUH_API_INSECURE", "WAZUH_AGENT_SYNC_SECONDS",
                                "EOS_AGENT_OFFLINE_MINUTES", "EOS_AGENT_OFFLINE_LEVEL", "EOS_STAGE_LEASE_SECONDS",
                                "EOS_STAGE_MAX_ATTEMPTS", "EOS_STAGE_BATCH", "EOS_STAGE_CONCURRENCY"})
            QVERIFY2(eos::Config::findKey(QLatin1String(key)), key);
        QCOMPARE(eos::Config().value("WAZUH_AGENT_SYNC_SECONDS"), QStringLiteral("60"));
        QVERIFY(!eos::Config::isSecretKey("WAZUH_API_CA"));
    }

    void notConfiguredFailsAtOnce()
    {
        WazuhApiClient client(WazuhApiClient::Options{});
        Outcome o;
        client.getAgents({}, {}, o.cb());
        QVERIFY(o.done());
        QVERIFY(!o.r().ok);
        QVERIFY2(o.r().error.message().contains(QLatin1String("WAZUH_API_URL")), qPrintable(o.r().error.message()));
        QCOMPARE(client.requestsSent(), 0);
    }

    // Neither the password nor the token reach the log, even at debug level; insecure mode warns loudly.
    void logsNoSecrets()
    {
        const QString logFile = m_tmp.filePath(QStringLiteral("wazuh-api.log"));
        eos::Logging::init(QStringLiteral("debug"), eos::Logging::Format::Text);
        eos::Logging::setMirrorFile(logFile);
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QByteArray token = eos::test::wazuhJwt(900, true, "Zq8tokenMarker");
        server.script = {loginOk(token), wazuhError(401, "Unauthorized", "Token expired"), loginOk(token),
                         wazuhError(503, "Service Unavailable", "busy"), agentsOk()};
        auto options = scriptedOptions(server);
        options.password = QStringLiteral("Pw-Marker-7731");
        options.insecure = true;
        {
            WazuhApiClient client(options);
            Outcome o;
            client.request("GET", "/agents", {}, {}, o.cb());
            QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
            QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        }
        eos::Logging::setMirrorFile(m_tmp.filePath(QStringLiteral("elsewhere.log")));
        eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text);
        QFile f(logFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray log = f.readAll();
        QVERIFY2(log.contains("WAZUH_API_INSECURE=1: TLS certificates of the Wazuh API are NOT verified"), log.constData());
        QVERIFY2(log.contains("logging in"), log.constData());  // debug lines were written
        QVERIFY(!log.contains("Pw-Marker-7731"));
        QVERIFY(!log.contains(QByteArray("Pw-Marker-7731").toBase64()));
        QVERIFY(!log.contains(token));
        QVERIFY(!log.contains(token.split('.').at(1)));
    }

    // TLS: verified by default, a private CA through caFile, or no verification when insecure.
    void tlsVerification()
    {
        if (!QSslSocket::supportsSsl()) QFAIL("no TLS backend in Qt");
        const QString cert = m_tmp.filePath(QStringLiteral("api-cert.pem")), key = m_tmp.filePath(QStringLiteral("api-key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext",
                       "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", cert});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        QFile cf(cert), kf(key);
        QVERIFY(cf.open(QIODevice::ReadOnly) && kf.open(QIODevice::ReadOnly));
        const QSslCertificate certificate(&cf, QSsl::Pem);
        const QSslKey privateKey(&kf, QSsl::Rsa, QSsl::Pem);
        QVERIFY(!certificate.isNull() && !privateKey.isNull());

        struct Case {
            const char *name;
            QString caFile;
            bool insecure;
            bool ok;
        };
        for (const Case &c : {Case{"verified, unknown CA", {}, false, false}, Case{"private CA", cert, false, true},
                              Case{"insecure", {}, true, true}}) {
            RecordingHttpServer server;
            server.useTls(certificate, privateKey);
            QVERIFY(server.listen());
            server.script = {loginOk(eos::test::wazuhJwt(900)), agentsOk()};
            auto options = scriptedOptions(server);
            QVERIFY(options.url.scheme() == QLatin1String("https"));
            options.caFile = c.caFile;
            options.insecure = c.insecure;
            WazuhApiClient client(options);
            Outcome o;
            client.request("GET", "/agents", {}, {}, o.cb());
            QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
            QVERIFY2(o.r().ok == c.ok, qPrintable(QString::fromLatin1(c.name) + ": " + describe(o.r())));
            if (!c.ok) {
                QVERIFY(!o.r().error.transient);
                QCOMPARE(client.loginsSent(), 1);  // a certificate problem is not retried
                QVERIFY2(o.r().error.message().contains(QLatin1String("WAZUH_API_CA")), qPrintable(o.r().error.message()));
            } else {
                QCOMPARE(server.requests.size(), 2);
            }
        }
    }

    // Destroying the client with calls under way drops them without running their callbacks.
    void destroyedWithCallsUnderWay()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.defaultReply.hang = true;
        Outcome o;
        {
            WazuhApiClient client(scriptedOptions(server));
            client.request("GET", "/agents", {}, {}, o.cb());
            QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 2, kWaitMs);
        }
        QCoreApplication::processEvents();
        QVERIFY(!o.done());
    }
};

QTEST_GUILESS_MAIN(TestWazuhApiClient)
#include "test_wazuh_api_client.moc"
