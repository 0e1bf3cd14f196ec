// JsonPoster against a local webhook stand-in: more requests under way at once than one
// QNetworkAccessManager's 6 connections per host really are under way at once (a route's concurrency of 8
// or 12 is kept), connections are reused once answered, and answers are classified for the outbox.
#include "clients/json_poster.h"
#include "json_endpoint_stand_in.h"

#include <QTest>

using eos::DispatchResult;
using eos::JsonPoster;
using eos::test::JsonEndpointStandIn;

class TestJsonPoster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void moreThanSixAtOnce()
    {
        auto hook = JsonEndpointStandIn::webhook();
        QVERIFY(hook->listen());
        hook->setHang(true);  // every answer held: the requests pile up at the server
        JsonPoster poster(10000);
        int answered = 0;
        for (int i = 0; i < 12; ++i)
            poster.request("POST", hook->url(QStringLiteral("/hook")), {}, QByteArrayLiteral("{\"n\": 1}"),
                           [&answered](JsonPoster::Answer a) {
                               if (a.kind == DispatchResult::Kind::Sent) ++answered;
                           });
        // one access manager would hold the 7th request back until one of the first 6 was answered
        QTRY_COMPARE_WITH_TIMEOUT(hook->held(), 12, 10000);
        QCOMPARE(poster.managers(), 2);
        hook->setHang(false);
        QTRY_COMPARE_WITH_TIMEOUT(answered, 12, 10000);
        // the next round reuses the managers (and their kept-alive connections)
        for (int i = 0; i < 6; ++i)
            poster.request("POST", hook->url(QStringLiteral("/hook")), {}, QByteArrayLiteral("{\"n\": 2}"),
                           [&answered](JsonPoster::Answer) { ++answered; });
        QTRY_COMPARE_WITH_TIMEOUT(answered, 18, 10000);
        QCOMPARE(poster.managers(), 2);
        QCOMPARE(int(hook->accepted.size()), 18);
    }

    void classifiesAnswers()
    {
        QCOMPARE(JsonPoster::classify(201), DispatchResult::Kind::Sent);
        QCOMPARE(JsonPoster::classify(429), DispatchResult::Kind::Throttled);
        QCOMPARE(JsonPoster::classify(503), DispatchResult::Kind::Retry);
        QCOMPARE(JsonPoster::classify(408), DispatchResult::Kind::Retry);
        QCOMPARE(JsonPoster::classify(0), DispatchResult::Kind::Retry);
        QCOMPARE(JsonPoster::classify(403), DispatchResult::Kind::Dead);
    }
};

QTEST_GUILESS_MAIN(TestJsonPoster)
#include "test_json_poster.moc"
