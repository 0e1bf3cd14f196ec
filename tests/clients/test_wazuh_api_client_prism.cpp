// WazuhApiClient against Prism serving Wazuh's own OpenAPI description (tests/data/wazuh-api-4.14.yaml):
// every request is validated, a malformed one is answered 4xx. The scripted cases (tokens, retries, paging,
// TLS) are in test_wazuh_api_client.
#include "clients/wazuh_api_client.h"
#include "core/logging.h"
#include "prism_server.h"
#include "wazuh_api_test_support.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtTest>

#include <memory>

using eos::WazuhApiClient;
using eos::test::LazyPrism;
using namespace eos::test::wazuh;

class TestWazuhApiClientPrism : public QObject {
    Q_OBJECT

    LazyPrism m_prism{QStringLiteral(EOS_PRISM_BIN), QStringLiteral(EOS_TEST_DATA_DIR "/wazuh-api-4.14.yaml")};

    WazuhApiClient::Options prismOptions() const
    {
        WazuhApiClient::Options o;
        o.url = m_prism->url();
        o.user = LazyPrism::wazuhUser();
        o.password = LazyPrism::wazuhPassword();
        o.baseBackoffMs = 10;
        return o;
    }

private Q_SLOTS:
    void initTestCase() { eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text); }
    void cleanupTestCase() { m_prism.reset(); }

    void prismLoginAndGetAgents()
    {
        QString err;
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
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
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
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
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
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
        QVERIFY2(m_prism.ensure(&err), qPrintable(err));
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
};

QTEST_GUILESS_MAIN(TestWazuhApiClientPrism)
#include "test_wazuh_api_client_prism.moc"
