// WazuhApiClient's listings against scripted servers: failed items reported beside the affected ones, pages
// read until the total, an empty page ending the listing, and long agent id lists sent in chunks.
#include "clients/wazuh_api_client.h"
#include "core/logging.h"
#include "recording_http_server.h"
#include "wazuh_api_test_support.h"
#include "wazuh_token.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtTest>

using eos::WazuhApiClient;
using eos::test::RecordingHttpServer;
using namespace eos::test::wazuh;

class TestWazuhApiClientListings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text); }

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
};

QTEST_GUILESS_MAIN(TestWazuhApiClientListings)
#include "test_wazuh_api_client_listings.moc"
