// WazuhApiReply: Wazuh's error bodies and failed items as Error values, an action whose every item failed
// as a failed call, the token's lifetime from its JWT claims, and requests that got no HTTP answer
// (refused, silent, not TLS) as errors that say where without credentials or query and whether trying
// again may help. Real sockets on loopback for the network cases.
#include "clients/wazuh_api_reply.h"
#include "wazuh_token.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using eos::WazuhApiReply;

namespace {

// Runs one GET to url and returns its finished reply (owned by nam)
QNetworkReply *getAndWait(QNetworkAccessManager &nam, const QUrl &url, int timeoutMs = 0)
{
    QNetworkRequest req(url);
    if (timeoutMs) req.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nam.get(req);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) done.wait(30000);
    return reply;
}

}  // namespace

class TestWazuhApiReply : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void errorFromWazuhsBody()
    {
        const QJsonObject body{{"title", "Bad Request"}, {"detail", "Invalid field found {'foo'}"},
                               {"remediation", "Check the field"}, {"error", 1000}};
        const auto e = WazuhApiReply::error(400, body, QStringLiteral("excerpt"), false);
        QCOMPARE(e.httpStatus, 400);
        QCOMPARE(e.code, 1000);
        QCOMPARE(e.title, QStringLiteral("Bad Request"));
        QCOMPARE(e.detail, QStringLiteral("Invalid field found {'foo'}"));
        QCOMPARE(e.remediation, QStringLiteral("Check the field"));
        QVERIFY(!e.transient);
        QCOMPARE(e.message(), QStringLiteral("Wazuh API 400 Bad Request: Invalid field found {'foo'} (remediation: Check the field)"));
        // `code` wins over `error` when both are there (RBAC answers carry code)
        QCOMPARE(WazuhApiReply::error(403, {{"code", 4000}, {"error", 1}}, {}, false).code, 4000);
    }

    void aBodyThatSaysNothingKeepsTheExcerpt()
    {
        const auto e = WazuhApiReply::error(502, {}, WazuhApiReply::excerpt("<html>bad gateway</html>"), true);
        QCOMPARE(e.detail, QStringLiteral("<html>bad gateway</html>"));
        QVERIFY(e.transient);
        QCOMPARE(e.message(), QStringLiteral("Wazuh API 502 Bad Gateway: <html>bad gateway</html>"));
    }

    void excerptIsOneShortLine()
    {
        QCOMPARE(WazuhApiReply::excerpt("a\n  b\r\n\tc"), QStringLiteral("a b c"));
        const QString long_ = WazuhApiReply::excerpt(QByteArray(5000, 'x'));
        QCOMPARE(long_.size(), 301);
        QVERIFY(long_.endsWith(QStringLiteral("…")));
        QVERIFY(WazuhApiReply::excerpt({}).isEmpty());
    }

    void jsonOfSomethingElseIsEmpty()
    {
        QCOMPARE(WazuhApiReply::json(R"({"data":{"x":1}})").value("data").toObject().value("x").toInt(), 1);
        QVERIFY(WazuhApiReply::json("[1,2]").isEmpty());
        QVERIFY(WazuhApiReply::json("not json").isEmpty());
        QVERIFY(WazuhApiReply::json({}).isEmpty());
    }

    void reasonPhrases()
    {
        QCOMPARE(WazuhApiReply::reasonPhrase(429), QStringLiteral("Too Many Requests"));
        QCOMPARE(WazuhApiReply::reasonPhrase(401), QStringLiteral("Unauthorized"));
        QVERIFY(WazuhApiReply::reasonPhrase(299).isEmpty());
    }

    void displayUrlHidesCredentialsAndQuery()
    {
        const QString shown = WazuhApiReply::displayUrl(QUrl("https://wazuh:s3cret@manager:55000/agents?pretty=true&token=abc"));
        QCOMPARE(shown, QStringLiteral("https://manager:55000/agents"));
    }

    void failedItemsWithOneOrManyIds()
    {
        const auto doc = QJsonDocument::fromJson(R"([
            {"error": {"code": 1701, "message": "Agent does not exist", "remediation": "List the agents"}, "id": ["007", "008"]},
            {"error": {"code": 1707, "message": "Agent is not active"}, "id": 12},
            {"error": {"code": 1000, "message": "no id"}}
        ])");
        const auto items = WazuhApiReply::failedItems(doc.array());
        QCOMPARE(items.size(), size_t(3));
        QCOMPARE(items[0].code, 1701);
        QCOMPARE(items[0].ids, QStringList({"007", "008"}));
        QCOMPARE(items[0].remediation, QStringLiteral("List the agents"));
        QCOMPARE(items[1].ids, QStringList({"12"}));  // a number is read as its digits
        QVERIFY(items[2].ids.isEmpty());
    }

    void readItemsOfAnAnswer()
    {
        WazuhApiReply::Result r;
        r.ok = true;
        r.body = QJsonDocument::fromJson(R"({"data": {"affected_items": [{"id": "001"}, {"id": "002"}],
            "total_affected_items": 7, "failed_items": [{"error": {"code": 1701, "message": "x"}, "id": ["009"]}]}})").object();
        WazuhApiReply::readItems(r);
        QCOMPARE(r.items.size(), 2);
        QCOMPARE(r.totalAffected, 7);
        QCOMPARE(r.failed.size(), size_t(1));
        // without a total, the items counted
        WazuhApiReply::Result bare;
        bare.body = QJsonDocument::fromJson(R"({"data": {"affected_items": [{"id": "001"}]}})").object();
        WazuhApiReply::readItems(bare);
        QCOMPARE(bare.totalAffected, 1);
    }

    void anActionWhereEveryItemFailedIsAFailure()
    {
        WazuhApiReply::Result r;
        r.ok = true;
        r.httpStatus = 200;
        r.body = QJsonDocument::fromJson(R"({"message": "Restart command was not sent to any agent", "error": 1,
            "data": {"affected_items": [], "total_affected_items": 0, "failed_items": [
            {"error": {"code": 1701, "message": "Agent does not exist", "remediation": "Use GET /agents"},
             "id": ["101", "102", "103", "104", "105", "106", "107"]},
            {"error": {"code": 1707, "message": "Agent is not active"}, "id": ["200"]},
            {"error": {"code": 1707, "message": "Agent is not active"}, "id": ["201"]},
            {"error": {"code": 1707, "message": "Agent is not active"}, "id": ["202"]}]}})").object();
        WazuhApiReply::readItems(r);
        WazuhApiReply::applyItemOutcome(r);
        QVERIFY(!r.ok);
        QCOMPARE(r.error.code, 1701);
        QCOMPARE(r.error.title, QStringLiteral("Restart command was not sent to any agent"));
        QVERIFY(!r.error.transient);
        QCOMPARE(r.error.remediation, QStringLiteral("Use GET /agents"));
        QVERIFY2(r.error.detail.contains(QStringLiteral("Agent does not exist (code 1701) for 101, 102, 103, 104, 105 and 2 more")),
                 qPrintable(r.error.detail));
        QVERIFY2(r.error.detail.endsWith(QStringLiteral("1 more failures")), qPrintable(r.error.detail));
    }

    void aPartialAnswerStaysOk()
    {
        WazuhApiReply::Result r;
        r.ok = true;
        r.body = QJsonDocument::fromJson(R"({"error": 2, "data": {"affected_items": ["001"], "total_affected_items": 1,
            "failed_items": [{"error": {"code": 1707, "message": "Agent is not active"}, "id": ["002"]}]}})").object();
        WazuhApiReply::readItems(r);
        WazuhApiReply::applyItemOutcome(r);
        QVERIFY(r.ok);
        QCOMPARE(r.failed.size(), size_t(1));
        // nor is a call that already failed at HTTP touched
        WazuhApiReply::Result failed;
        failed.error.title = QStringLiteral("kept");
        WazuhApiReply::applyItemOutcome(failed);
        QCOMPARE(failed.error.title, QStringLiteral("kept"));
    }

    void tokenLifetimeFromItsClaims()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        // exp - iat: the manager's clock may be off, the lifetime is what it grants
        QCOMPARE(WazuhApiReply::tokenLifetimeSeconds(eos::test::jwtOf({{"iat", 1000}, {"exp", 1900}}), 42), 900);
        const qint64 withoutIat = WazuhApiReply::tokenLifetimeSeconds(eos::test::jwtOf({{"exp", now + 600}}), 42);
        QVERIFY2(withoutIat >= 598 && withoutIat <= 600, qPrintable(QString::number(withoutIat)));
        QCOMPARE(WazuhApiReply::tokenLifetimeSeconds("<generated_token>", 42), 42);
        QCOMPARE(WazuhApiReply::tokenLifetimeSeconds(eos::test::jwtOf({{"sub", "wazuh"}}), 42), 42);
        QCOMPARE(WazuhApiReply::tokenLifetimeSeconds(eos::test::jwtOf({{"exp", "soon"}}), 42), 42);
        QCOMPARE(WazuhApiReply::tokenLifetimeSeconds("a.!!!.c", 42), 42);
    }

    void aRefusedConnectionIsTransientAndSaysWhere()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QNetworkAccessManager nam;
        QNetworkReply *reply = getAndWait(nam, QUrl(QStringLiteral("http://wazuh:s3cret@127.0.0.1:%1/agents?token=abc").arg(port)));
        QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
        QCOMPARE(WazuhApiReply::httpStatus(reply), 0);
        const auto e = WazuhApiReply::networkError(reply, 10000, QStringLiteral("login failed: "));
        QCOMPARE(e.httpStatus, 0);
        QVERIFY(e.transient);
        QVERIFY2(e.detail.startsWith(QStringLiteral("login failed: http://127.0.0.1:%1/agents: ").arg(port)), qPrintable(e.detail));
        QVERIFY(!e.detail.contains(QStringLiteral("s3cret")) && !e.detail.contains(QStringLiteral("abc")));
        QVERIFY(e.remediation.isEmpty());
    }

    void aSilentServerTimesOut()
    {
        QTcpServer silent;  // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QNetworkAccessManager nam;
        QNetworkReply *reply = getAndWait(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort())), 300);
        const auto e = WazuhApiReply::networkError(reply, 300);
        QVERIFY(e.transient);
        QVERIFY2(e.detail.contains(QStringLiteral("no answer from http://127.0.0.1:%1/ within 300 ms").arg(silent.serverPort())),
                 qPrintable(e.detail));
    }

    void aServerThatDoesNotSpeakTlsNeedsNoRetryButAdvice()
    {
        if (!QSslSocket::supportsSsl()) QSKIP("no TLS backend");
        QTcpServer plain;  // answers the TLS hello with plain HTTP
        QVERIFY(plain.listen(QHostAddress::LocalHost));
        connect(&plain, &QTcpServer::newConnection, this, [&plain] {
            QTcpSocket *s = plain.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            });
        });
        QNetworkAccessManager nam;
        QNetworkReply *reply = getAndWait(nam, QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(plain.serverPort())));
        QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
        const auto e = WazuhApiReply::networkError(reply, 10000);
        QVERIFY(!e.transient);
        QVERIFY2(e.remediation.contains(QStringLiteral("WAZUH_API_CA")), qPrintable(e.remediation));
    }

    void statusOfAnHttpAnswer()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&server] {
            QTcpSocket *s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                s->disconnectFromHost();
            });
        });
        QNetworkAccessManager nam;
        QNetworkReply *reply = getAndWait(nam, QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort())));
        QCOMPARE(WazuhApiReply::httpStatus(reply), 429);
    }
};

QTEST_GUILESS_MAIN(TestWazuhApiReply)
#include "test_wazuh_api_reply.moc"
