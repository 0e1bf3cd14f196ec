// HttpRequestParser: framing (Content-Length, chunked, pipelining, byte-at-a-time), limits decided
// before buffering (413, 431) and the ambiguous requests it refuses.
#include "ingest/http_request_parser.h"

#include <QTest>

using namespace eos;
using Status = HttpRequestParser::Status;

namespace {

// Feeds everything and advances until the parser stops making progress.
Status feedAll(HttpRequestParser &p, QByteArrayView data)
{
    p.append(data);
    Status st;
    do {
        st = p.advance();
    } while (st == Status::HeadersComplete);
    return st;
}

HttpRequestParser::Limits smallLimits()
{
    HttpRequestParser::Limits l;
    l.maxBody = 100;
    l.maxHeaderBytes = 256;
    return l;
}

}  // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simpleGet()
    {
        HttpRequestParser p;
        QCOMPARE(feedAll(p, "GET /healthz?verbose=1 HTTP/1.1\r\nHost: x\r\n\r\n"), Status::Complete);
        QCOMPARE(p.method(), QByteArrayView("GET"));
        QCOMPARE(p.path(), QByteArrayView("/healthz"));
        QCOMPARE(p.versionMinor(), 1);
        QVERIFY(p.keepAlive());
        QVERIFY(!p.hasAuthToken());
        QVERIFY(p.body().isEmpty());
    }

    void contentLengthByteByByte()
    {
        HttpRequestParser p;
        const QByteArray req = "POST /wazuh_alert HTTP/1.1\r\nx-auth-TOKEN:  s3cret \r\nContent-Length: 11\r\n\r\nhello world";
        Status st = Status::NeedMore;
        int headersSeen = 0;
        for (char c : req) {
            QVERIFY(st != Status::Complete);
            p.append(QByteArrayView(&c, 1));
            st = p.advance();
            if (st == Status::HeadersComplete) {
                ++headersSeen;
                QCOMPARE(p.contentLength(), 11);
                st = p.advance();
            }
            QVERIFY(st != Status::Error);
        }
        QCOMPARE(st, Status::Complete);
        QCOMPARE(headersSeen, 1);
        QCOMPARE(p.body(), QByteArrayView("hello world"));
        QVERIFY(p.hasAuthToken());
        QCOMPARE(p.authToken(), QByteArrayView("s3cret"));
    }

    void pipelinedRequestsAndReset()
    {
        HttpRequestParser p;
        QCOMPARE(feedAll(p, "\r\nPOST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n"), Status::Complete);
        QCOMPARE(p.path(), QByteArrayView("/a"));
        QCOMPARE(p.body(), QByteArrayView("abc"));
        p.reset();
        QVERIFY(p.started());
        Status st;
        do {
            st = p.advance();
        } while (st == Status::HeadersComplete);
        QCOMPARE(st, Status::Complete);
        QCOMPARE(p.path(), QByteArrayView("/b"));
        QVERIFY(p.body().isEmpty());
        p.reset();
        QVERIFY(!p.started());
        QCOMPARE(p.advance(), Status::NeedMore);
    }

    void chunkedWithExtensionsAndTrailers()
    {
        HttpRequestParser p;
        const QByteArray req = "POST /wazuh_alerts HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
                               "5;name=v\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
        // split at every position: the result must not depend on how bytes arrive
        for (qsizetype cut = 1; cut < req.size(); ++cut) {
            HttpRequestParser q;
            QCOMPARE(feedAll(q, QByteArrayView(req).first(cut)) == Status::Error, false);
            QCOMPARE(feedAll(q, QByteArrayView(req).sliced(cut)), Status::Complete);
            QCOMPARE(q.body(), QByteArrayView("hello 0123456789"));
        }
        QCOMPARE(feedAll(p, req), Status::Complete);
        QVERIFY(p.chunked());
    }

    void bodyLimitDecidedOnContentLength()
    {
        HttpRequestParser p(smallLimits());
        // only the headers have arrived: refused before any body byte is buffered
        QCOMPARE(feedAll(p, "POST /wazuh_alert HTTP/1.1\r\nContent-Length: 101\r\n\r\n"), Status::Error);
        QCOMPARE(p.errorStatus(), 413);
        HttpRequestParser ok(smallLimits());
        QCOMPARE(feedAll(ok, "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'x')), Status::Complete);
    }

    void chunkedLimitStopsEarly()
    {
        HttpRequestParser p(smallLimits());
        QCOMPARE(feedAll(p, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + QByteArray(64, 'a') + "\r\n"),
                 Status::NeedMore);
        // the next chunk would pass the limit: refused on its size line, before its data
        QCOMPARE(feedAll(p, "40\r\n"), Status::Error);
        QCOMPARE(p.errorStatus(), 413);
        QVERIFY(p.buffered() < 200);
    }

    void bodyStillExpected()
    {
        HttpRequestParser p;
        p.append("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab");
        QCOMPARE(p.advance(), Status::HeadersComplete);
        QVERIFY(p.bodyStillExpected());  // 3 bytes still to come: closing now would reset
        p.append("cde");
        QCOMPARE(p.advance(), Status::Complete);
        QVERIFY(!p.bodyStillExpected());
        HttpRequestParser refused(smallLimits());
        QCOMPARE(feedAll(refused, "POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n"), Status::Error);
        QVERIFY(refused.bodyStillExpected());
        HttpRequestParser garbage;
        QCOMPARE(feedAll(garbage, "NOT HTTP\r\n\r\n"), Status::Error);
        QVERIFY(!garbage.bodyStillExpected());  // nothing announced: an orderly close is fine
        HttpRequestParser chunked;
        QCOMPARE(feedAll(chunked, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), Status::NeedMore);
        QVERIFY(chunked.bodyStillExpected());
    }

    void headerLimit()
    {
        HttpRequestParser p(smallLimits());
        QCOMPARE(feedAll(p, "GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a')), Status::Error);
        QCOMPARE(p.errorStatus(), 431);
        HttpRequestParser q(smallLimits());
        QCOMPARE(feedAll(q, "GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a') + "\r\n\r\n"), Status::Error);
        QCOMPARE(q.errorStatus(), 431);
    }

    void connectionSemantics()
    {
        HttpRequestParser a;
        QCOMPARE(feedAll(a, "GET / HTTP/1.1\r\nConnection: foo, Close\r\n\r\n"), Status::Complete);
        QVERIFY(!a.keepAlive());
        HttpRequestParser b;
        QCOMPARE(feedAll(b, "GET / HTTP/1.0\r\n\r\n"), Status::Complete);
        QVERIFY(!b.keepAlive());
        HttpRequestParser c;
        QCOMPARE(feedAll(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), Status::Complete);
        QVERIFY(c.keepAlive());
        HttpRequestParser d;
        d.append("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QCOMPARE(d.advance(), Status::HeadersComplete);
        QVERIFY(d.expectContinue());
        QCOMPARE(d.advance(), Status::NeedMore);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 400;
        QTest::newRow("CL and TE") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << 400;
        QTest::newRow("conflicting CL") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n") << 400;
        QTest::newRow("signed CL") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("CL list") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n") << 400;
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("gzip TE") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << 501;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x01\xfc\x03\x03\r\n\r\n") << 400;
        QTest::newRow("absolute URI") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("lowercase method") << QByteArray("get / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two tokens") << QByteArray("POST / HTTP/1.1\r\nX-Auth-Token: a\r\nX-Auth-Token: b\r\n\r\n") << 400;
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
        QTest::newRow("chunk without CRLF") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc") << 400;
        QTest::newRow("expect other") << QByteArray("POST / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n") << 417;
    }
    void refused()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        HttpRequestParser p;
        QCOMPARE(feedAll(p, request), Status::Error);
        QCOMPARE(p.errorStatus(), status);
        QVERIFY(qstrlen(p.errorMessage()) > 0);
        QCOMPARE(p.advance(), Status::Error);  // stays failed
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "test_http_request_parser.moc"
