// IngestAnswer: what the listener answers for alerts the sink has finished with. 202 only when durable,
// with the counts a sender needs (accepted, duplicates, spooled, ignored, bad lines); 503 with the
// Retry-After a sender must honour when the queue is full or nothing could hold them; the 400/200 of an
// NDJSON body that left nothing to store. Every body is JSON.
#include "ingest/ingest_answer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using eos::IngestAnswer;
using eos::IngestResult;

namespace {

QJsonObject json(const IngestAnswer &a)
{
    QJsonParseError e{};
    const QJsonDocument d = QJsonDocument::fromJson(a.body, &e);
    if (e.error != QJsonParseError::NoError || !d.isObject()) qWarning("not a JSON object: %s", a.body.constData());
    return d.object();
}

IngestResult stored(int accepted, int duplicates)
{
    IngestResult r;
    r.durable = true;
    r.accepted = accepted;
    r.duplicates = duplicates;
    return r;
}

}  // namespace

class TestIngestAnswer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storedIs202WithTheCounts()
    {
        const IngestAnswer a = IngestAnswer::of(stored(3, 2), 0, {}, false);
        QCOMPARE(a.status, 202);
        QVERIFY(a.headers.isEmpty());
        QVERIFY(!a.refusal);
        const QJsonObject o = json(a);
        QCOMPARE(o.value("accepted").toInt(), 3);
        QCOMPARE(o.value("duplicates").toInt(), 2);
        QVERIFY(!o.contains("spooled"));
        QVERIFY(!o.contains("ignored"));  // one alert (POST /wazuh_alert): no NDJSON counts
        QVERIFY(!o.contains("errors"));
    }

    void spooledSaysSo()
    {
        IngestResult r = stored(5, 0);
        r.spooled = true;
        const IngestAnswer a = IngestAnswer::of(r, 0, {}, false);
        QCOMPARE(a.status, 202);
        QCOMPARE(json(a).value("spooled").toBool(), true);
    }

    void ndjsonCarriesIgnoredAndBadLines()
    {
        const QByteArray errors = R"([{"line":2,"error":"not JSON"}])";
        const IngestAnswer a = IngestAnswer::of(stored(1, 0), 4, errors, true);
        QCOMPARE(a.status, 202);
        const QJsonObject o = json(a);
        QCOMPARE(o.value("ignored").toInt(), 4);
        QCOMPARE(o.value("errors").toArray().size(), 1);
        QCOMPARE(o.value("errors").toArray().at(0).toObject().value("line").toInt(), 2);
    }

    void notDurableIs503RetryAfterFive()
    {
        IngestResult r;
        r.error = QStringLiteral("database down and the spool is full");
        const IngestAnswer a = IngestAnswer::of(r, 0, {}, false);
        QCOMPARE(a.status, 503);
        QCOMPARE(a.headers, QByteArray("Retry-After: 5\r\n"));
        QCOMPARE(QByteArray(a.refusal), QByteArray("unavailable"));
        const QJsonObject o = json(a);
        QCOMPARE(o.value("kind").toString(), QStringLiteral("unavailable"));
        QVERIFY(!o.value("error").toString().isEmpty());
        // the internal error (it may name hosts or paths) is for the log, not the sender
        QVERIFY(!a.body.contains("spool is full"));
    }

    void overloadedIs503RetryAfterOne()
    {
        IngestResult r;
        r.overloaded = true;
        r.durable = true;  // whatever else it says: refused means not stored
        for (const IngestAnswer &a : {IngestAnswer::of(r, 0, {}, true), IngestAnswer::overloaded()}) {
            QCOMPARE(a.status, 503);
            QCOMPARE(a.headers, QByteArray("Retry-After: 1\r\n"));
            QCOMPARE(QByteArray(a.refusal), QByteArray("overloaded"));
            QCOMPARE(json(a).value("kind").toString(), QStringLiteral("overloaded"));
        }
    }

    void nothingToStore()
    {
        const IngestAnswer empty = IngestAnswer::nothingToStore(0, 0, 0, {});
        QCOMPARE(empty.status, 400);
        QCOMPARE(json(empty).value("kind").toString(), QStringLiteral("bad_json"));

        const QByteArray errors = R"([{"line":1,"error":"not JSON"},{"line":2,"error":"not JSON"}])";
        const IngestAnswer bad = IngestAnswer::nothingToStore(2, 2, 0, errors);
        QCOMPARE(bad.status, 400);
        QCOMPARE(json(bad).value("errors").toArray().size(), 2);
        QCOMPARE(json(bad).value("accepted").toInt(-1), 0);

        const IngestAnswer low = IngestAnswer::nothingToStore(7, 0, 7, {});
        QCOMPARE(low.status, 200);  // every alert below EOS_MIN_LEVEL: understood, nothing to keep
        QCOMPARE(json(low).value("ignored").toInt(), 7);
        QVERIFY(!json(low).contains("errors"));
    }

    void jsonErrorEscapes()
    {
        const QByteArray b = IngestAnswer::jsonError(QStringLiteral("bad \"quote\" and \\ and \n"), "bad_json");
        const QJsonObject o = QJsonDocument::fromJson(b).object();
        QCOMPARE(o.value("error").toString(), QStringLiteral("bad \"quote\" and \\ and \n"));
        QCOMPARE(o.value("kind").toString(), QStringLiteral("bad_json"));
        QVERIFY(!QJsonDocument::fromJson(IngestAnswer::jsonError(QStringLiteral("x"))).object().contains("kind"));
    }
};

QTEST_GUILESS_MAIN(TestIngestAnswer)
#include "test_ingest_answer.moc"
