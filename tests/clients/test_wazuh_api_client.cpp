// WazuhApiClient against Prism serving Wazuh's own OpenAPI description (every request validated: a
// malformed one is answered 4xx), and against scripted servers for what Prism cannot play: expiring and
// expired tokens, refused logins, 429 with Retry-After, 5xx, servers that never answer, failed items,
// paging, chunking of long id lists and TLS.
#include "clients/wazuh_api_client.h"
#include "core/config.h"
#include "core/logging.h"
#include "prism_server.h"
#include "recording_http_server.h"
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
using eos::test::PrismServer;
using eos::test::RecordingHttpServer;
using Result = WazuhApiClient::Result;
using Reply = RecordingHttpServer::Reply;

namespace {

constexpr int kWaitMs = 30000;  // generous: a failing test fails on the assertion, not on a tight bound

Reply loginOk(const QByteArray &token)
{
    return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(token)}}}, {"error", 0}});
}

QJsonObject itemsBody(const QJsonArray &items, int total = -1, const QJsonArray &failed = {}, int error = 0)
{
    int failedIds = 0;
    for (const auto &f : failed) failedIds += int(f.toObject().value("id").toArray().size());
    return QJsonObject{{"data", QJsonObject{{"affected_items", items},
                                            {"total_affected_items", total < 0 ? int(items.size()) : total},
                                            {"total_failed_items", failedIds},
                                            {"failed_items", failed}}},
                       {"message", "All selected agents information was returned"},
                       {"error", error}};
}

Reply agentsOk(const QStringList &ids = {"001"})
{
    QJsonArray items;
    for (const auto &id : ids) items.append(QJsonObject{{"id", id}, {"status", "active"}});
    return Reply::json(200, itemsBody(items));
}

Reply wazuhError(int status, const QString &title, const QString &detail, const QString &remediation = {},
                 int code = 0)
{
    QJsonObject o{{"title", title}, {"detail", detail}};
    if (!remediation.isEmpty()) o.insert("remediation", remediation);
    if (code) o.insert("error", code);
    return Reply::json(status, o);
}

QString agentId(int n) { return QStringLiteral("%1").arg(n, 3, 10, QLatin1Char('0')); }

QUrlQuery queryOf(const RecordingHttpServer::Request &r) { return QUrlQuery(QUrl(QString::fromLatin1(r.path)).query()); }
QString pathOf(const RecordingHttpServer::Request &r) { return QUrl(QString::fromLatin1(r.path)).path(); }

// One call's outcome, filled by its callback.
struct Outcome {
    std::optional<Result> result;
    int calls = 0;
    WazuhApiClient::Callback cb()
    {
        return [this](const Result &r) {
            result = r;
            ++calls;
        };
    }
    bool done() const { return result.has_value(); }
    const Result &r() const { return *result; }
};

QString describe(const Result &r)
{
    return QStringLiteral("ok=%1 http=%2 attempts=%3 error=%4 body=%5")
        .arg(r.ok)
        .arg(r.httpStatus)
        .arg(r.attempts)
        .arg(r.error.message(), QString::fromUtf8(QJsonDocument(r.body).toJson(QJsonDocument::Compact).left(500)));
}

}  // namespace

class TestWazuhApiClient : public QObject {
    Q_OBJECT

    std::unique_ptr<PrismServer> m_prism;
    QString m_prismError;
    QTemporaryDir m_tmp;

    // Prism, started on first use; a missing Prism fails the Prism tests (never skipped).
    bool prism(QString *error)
    {
        if (!m_prism && m_prismError.isEmpty()) {
            m_prism = std::make_unique<PrismServer>(QStringLiteral(EOS_PRISM_BIN),
                                                    QStringLiteral(EOS_TEST_DATA_DIR "/wazuh-api-4.14.yaml"));
            if (!m_prism->start(&m_prismError)) m_prism.reset();
        }
        *error = m_prismError;
        return m_prism != nullptr;
    }

    WazuhApiClient::Options prismOptions() const
    {
        WazuhApiClient::Options o;
        o.url = m_prism->url();
        o.user = QStringLiteral("wazuh-wui");
        o.password = QStringLiteral("MyS3cr37P450r.*-");
        o.baseBackoffMs = 10;
        return o;
    }

    static WazuhApiClient::Options scriptedOptions(const RecordingHttpServer &server)
    {
        WazuhApiClient::Options o;
        o.url = QUrl(server.url(QString()));
        o.user = QStringLiteral("eos-user");
        o.password = QStringLiteral("pa:ss wörd");
        o.baseBackoffMs = 10;  // retries without Retry-After come fast: a waited second is Retry-After's
        o.maxBackoffMs = 50;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text);
    }

    void cleanupTestCase() { m_prism.reset(); }

    // ---- against Prism (Wazuh's OpenAPI description, requests validated) ----------------------------

    void prismLoginAndGetAgents()
    {
        QString err;
        QVERIFY2(prism(&err), qPrintable(err));
        const qsizetype mark = m_prism->logSize();
        WazuhApiClient client(prismOptions());
        Outcome o;
        client.getAgents({"001", "002"}, {"id", "name", "status"}, o.cb(), 500);
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().httpStatus, 200);
        QVERIFY(!o.r().items.isEmpty());
        for (const auto &item : o.r().items) QVERIFY(!item.toObject().value("id").toString().isEmpty());
        QCOMPARE(o.r().totalAffected, int(o.r().items.size()));
        QCOMPARE(o.r().attempts, 1);
        QCOMPARE(client.loginsSent(), 1);
        QCOMPARE(client.requestsSent(), 2);
        // Prism saw (and validated) the login and the listing; it logs paths without their query, whose
        // exact form the scripted tests below check
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->log().mid(mark).contains(QLatin1String("get /agents")), kWaitMs);
        const QString log = m_prism->log().mid(mark);
        QVERIFY2(log.contains(QLatin1String("post /security/user/authenticate")), qPrintable(log));
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));

        // Prism's token ("<generated_token>") is no JWT: it is kept for the default 900 s
        Outcome again;
        client.getAgents({}, {"id", "status"}, again.cb());
        QTRY_VERIFY_WITH_TIMEOUT(again.done(), kWaitMs);
        QVERIFY2(again.r().ok, qPrintable(describe(again.r())));
        QCOMPARE(client.loginsSent(), 1);
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));
    }

    // Prism's validation really bites: requests that do not fit the spec are answered 4xx, and the
    // client reports them as final (not retried) errors.
    void prismRejectsInvalidRequests()
    {
        QString err;
        QVERIFY2(prism(&err), qPrintable(err));
        WazuhApiClient client(prismOptions());
        for (const QString &limit : {QStringLiteral("0"), QStringLiteral("abc")}) {
            const qsizetype mark = m_prism->logSize();
            Outcome o;
            client.request("GET", "/agents", QUrlQuery{{"limit", limit}}, {}, o.cb());
            QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
            QVERIFY2(!o.r().ok, qPrintable(describe(o.r())));
            QVERIFY2(o.r().httpStatus >= 400 && o.r().httpStatus < 500, qPrintable(describe(o.r())));
            QVERIFY(!o.r().error.transient);
            QCOMPARE(o.r().attempts, 1);
            QVERIFY2(o.r().error.message().startsWith(QStringLiteral("Wazuh API %1").arg(o.r().httpStatus)),
                     qPrintable(o.r().error.message()));
            QTRY_VERIFY_WITH_TIMEOUT(!m_prism->violationsSince(mark).isEmpty(), kWaitMs);
            QVERIFY2(m_prism->violationsSince(mark).join('\n').contains(QLatin1String("limit")),
                     qPrintable(m_prism->violationsSince(mark).join('\n')));
        }
        // a body without the required `command`
        const qsizetype mark = m_prism->logSize();
        Outcome bad;
        client.request("PUT", "/active-response", QUrlQuery{{"agents_list", "001"}},
                       QJsonObject{{"arguments", QJsonArray{"-"}}}, bad.cb());
        QTRY_VERIFY_WITH_TIMEOUT(bad.done(), kWaitMs);
        QVERIFY2(!bad.r().ok && bad.r().httpStatus >= 400 && bad.r().httpStatus < 500, qPrintable(describe(bad.r())));
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->violationsSince(mark).join('\n').contains(QLatin1String("command")), kWaitMs);
        QCOMPARE(client.loginsSent(), 1);
    }

    void prismRestartAgent()
    {
        QString err;
        QVERIFY2(prism(&err), qPrintable(err));
        const qsizetype mark = m_prism->logSize();
        WazuhApiClient client(prismOptions());
        Outcome o;
        client.restartAgent("001", o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().httpStatus, 200);
        QVERIFY(!o.r().items.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->log().mid(mark).contains(QLatin1String("put /agents/001/restart")), kWaitMs);
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));
    }

    void prismActiveResponse()
    {
        QString err;
        QVERIFY2(prism(&err), qPrintable(err));
        const qsizetype mark = m_prism->logSize();
        WazuhApiClient client(prismOptions());
        Outcome o;
        client.runActiveResponse({"001", "002"}, "firewall-drop600", {"-"},
                                 QJsonObject{{"data", QJsonObject{{"srcip", "203.0.113.7"}}}}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().httpStatus, 200);
        QCOMPARE(o.r().totalAffected, int(o.r().items.size()));
        QTRY_VERIFY_WITH_TIMEOUT(m_prism->log().mid(mark).contains(QLatin1String("put /active-response")), kWaitMs);
        QVERIFY2(m_prism->violationsSince(mark).isEmpty(), qPrintable(m_prism->violationsSince(mark).join('\n')));

        // no agent: refused without a request (Wazuh would run it on every agent)
        const int sent = client.requestsSent();
        Outcome none;
        client.runActiveResponse({}, "firewall-drop600", {}, {}, none.cb());
        QVERIFY(none.done());
        QVERIFY(!none.r().ok);
        QCOMPARE(client.requestsSent(), sent);
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

    void failedItemsParsed()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        const QJsonArray failed{QJsonObject{
            {"error", QJsonObject{{"code", 1701}, {"message", "Agent does not exist"},
                                  {"remediation", "Please, use `GET /agents?select=id,name` to find all available agents"}}},
            {"id", QJsonArray{"009", "010"}}}};
        Reply partial = Reply::json(200, itemsBody(QJsonArray{QJsonObject{{"id", "001"}}}, 1, failed, 2));
        QJsonObject none = itemsBody({}, 0, failed, 1);
        none.insert("message", "Restart command was not sent to any agent");
        QJsonObject unknown = itemsBody({}, 0, failed, 1);
        unknown.insert("message", "No agent information was returned");
        server.script = {loginOk(eos::test::wazuhJwt(900)), partial, Reply::json(200, unknown), Reply::json(200, none)};
        WazuhApiClient client(scriptedOptions(server));

        // partial: ok, with the failures listed
        Outcome o;
        client.getAgents({"001", "009", "010"}, {"id"}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().items.size(), 1);
        QCOMPARE(o.r().failed.size(), size_t(1));
        QCOMPARE(o.r().failed[0].code, 1701);
        QCOMPARE(o.r().failed[0].message, QStringLiteral("Agent does not exist"));
        QVERIFY(o.r().failed[0].remediation.contains(QLatin1String("GET /agents")));
        QCOMPARE(o.r().failed[0].ids, QStringList({"009", "010"}));

        // a read of agents none of which exists is still an answer: ok, nothing found, 1701 for each
        Outcome u;
        client.getAgents({"009", "010"}, {"id"}, u.cb());
        QTRY_VERIFY_WITH_TIMEOUT(u.done(), kWaitMs);
        QVERIFY2(u.r().ok, qPrintable(describe(u.r())));
        QVERIFY(u.r().items.isEmpty());
        QCOMPARE(u.r().failed.size(), size_t(1));
        QCOMPARE(u.r().failed[0].code, 1701);
        QCOMPARE(u.r().failed[0].ids, QStringList({"009", "010"}));
        QCOMPARE(u.r().body.value("error").toInt(), 1);

        // an action in which nothing succeeded: a failed call made from the failed items
        Outcome r;
        client.restartAgent("009", r.cb());
        QTRY_VERIFY_WITH_TIMEOUT(r.done(), kWaitMs);
        QVERIFY(!r.r().ok);
        QCOMPARE(r.r().httpStatus, 200);
        QCOMPARE(r.r().error.code, 1701);
        QVERIFY(!r.r().error.transient);
        QCOMPARE(r.r().failed.size(), size_t(1));
        const QString m = r.r().error.message();
        QVERIFY2(m.contains(QLatin1String("Restart command was not sent to any agent")) &&
                     m.contains(QLatin1String("Agent does not exist")) && m.contains(QLatin1String("009")) &&
                     m.contains(QLatin1String("remediation")),
                 qPrintable(m));
    }

    void pagesUntilTotalRead()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.handler = [](const RecordingHttpServer::Request &req) {
            const QUrlQuery q = queryOf(req);
            const int offset = q.queryItemValue("offset").toInt(), limit = q.queryItemValue("limit").toInt();
            QJsonArray items;
            for (int i = offset; i < std::min(offset + limit, 1200); ++i) items.append(QJsonObject{{"id", agentId(i)}});
            return Reply::json(200, itemsBody(items, 1200));
        };
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.getAgents({}, {"id", "status"}, o.cb(), 500);
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().items.size(), 1200);
        QCOMPARE(o.r().totalAffected, 1200);
        QCOMPARE(o.r().attempts, 3);
        for (int i = 0; i < 1200; ++i) QCOMPARE(o.r().items.at(i).toObject().value("id").toString(), agentId(i));
        QCOMPARE(o.r().body.value("data").toObject().value("affected_items").toArray().size(), 1200);
        QCOMPARE(server.requests.size(), 4);
        const QStringList offsets{"0", "500", "1000"};
        for (int i = 0; i < 3; ++i) {
            const QUrlQuery q = queryOf(server.requests.at(i + 1));
            QCOMPARE(q.queryItemValue("offset"), offsets[i]);
            QCOMPARE(q.queryItemValue("limit"), QStringLiteral("500"));
            QCOMPARE(q.queryItemValue("select"), QStringLiteral("id,status"));
            QVERIFY(!q.hasQueryItem("agents_list"));
        }
    }

    // A server that promises more than it delivers: the first empty page ends the read.
    void pagingStopsOnEmptyPage()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.handler = [](const RecordingHttpServer::Request &req) {
            const int offset = queryOf(req).queryItemValue("offset").toInt();
            QJsonArray items;
            for (int i = offset; i < 300; ++i) items.append(QJsonObject{{"id", agentId(i)}});
            return Reply::json(200, itemsBody(items, 1200));
        };
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.getAgents({}, {}, o.cb(), 500);
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().items.size(), 300);
        QCOMPARE(o.r().attempts, 2);
        QCOMPARE(server.requests.size(), 3);
        QCOMPARE(queryOf(server.requests.at(2)).queryItemValue("offset"), QStringLiteral("300"));
    }

    void longIdListsAreChunked()
    {
        RecordingHttpServer server;
        QVERIFY(server.listen());
        server.script = {loginOk(eos::test::wazuhJwt(900))};
        server.handler = [](const RecordingHttpServer::Request &req) {
            const QUrlQuery q = queryOf(req);
            const QStringList ids = q.queryItemValue("agents_list").split(',');
            const int offset = q.queryItemValue("offset").toInt(), limit = q.queryItemValue("limit").toInt();
            QJsonArray items;
            for (int i = offset; i < std::min<int>(offset + limit, int(ids.size())); ++i)
                items.append(QJsonObject{{"id", ids[i]}});
            return Reply::json(200, itemsBody(items, int(ids.size())));
        };
        QStringList ids;
        for (int i = 1; i <= 1200; ++i) ids.append(agentId(i));
        WazuhApiClient client(scriptedOptions(server));
        Outcome o;
        client.getAgents(ids, {"id", "status"}, o.cb());
        QTRY_VERIFY_WITH_TIMEOUT(o.done(), kWaitMs);
        QVERIFY2(o.r().ok, qPrintable(describe(o.r())));
        QCOMPARE(o.r().items.size(), 1200);
        QCOMPARE(o.r().totalAffected, 1200);
        QStringList got, asked;
        for (const auto &item : o.r().items) got.append(item.toObject().value("id").toString());
        QCOMPARE(got, ids);
        QCOMPARE(server.requests.size(), 4);  // login + 500 + 500 + 200 ids
        for (int i = 1; i < server.requests.size(); ++i) {
            const QUrlQuery q = queryOf(server.requests.at(i));
            const QStringList chunk = q.queryItemValue("agents_list").split(',');
            QVERIFY2(chunk.size() <= 500, qPrintable(QString::number(chunk.size())));
            QVERIFY(server.requests.at(i).path.size() < 4096);
            QCOMPARE(q.queryItemValue("select"), QStringLiteral("id,status"));
            QCOMPARE(q.queryItemValue("offset"), QStringLiteral("0"));
            asked += chunk;
        }
        QCOMPARE(asked, ids);
        QCOMPARE(o.r().attempts, 3);
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
