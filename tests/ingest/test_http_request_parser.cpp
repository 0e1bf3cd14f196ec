// HttpRequestParser: framing (Content-Length, chunked, pipelining, byte-at-a-time), limits decided
// before buffering (413, 431) and the ambiguous requests it refuses.
#include "ingest/http_request_parser.h"

#include <QTest>

#include <zlib.h>

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

QByteArray gzip(const QByteArray &in)
{
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) qFatal("deflateInit2");
    QByteArray out(int(deflateBound(&z, uLong(in.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) qFatal("deflate");
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
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

    // RFC 9112 3.2.2: a server must accept the absolute form (proxies and some integrations send it)
    void absoluteFormTarget()
    {
        HttpRequestParser p;
        QCOMPARE(feedAll(p, "POST http://eos.example:9000/wazuh_alert?x=1 HTTP/1.1\r\nHost: eos.example\r\nContent-Length: 2\r\n\r\n{}"),
                 Status::Complete);
        QCOMPARE(p.path(), QByteArrayView("/wazuh_alert"));
        HttpRequestParser q;
        QCOMPARE(feedAll(q, "GET HTTPS://eos.example HTTP/1.1\r\n\r\n"), Status::Complete);
        QCOMPARE(q.path(), QByteArrayView("/"));
    }

    // Content-Encoding: gzip bodies are inflated (bounded by the body limit: a gzip bomb gets 413)
    void gzipBodies()
    {
        const QByteArray plain = QByteArray("{\"rule\":{\"level\":3}}\n").repeated(3);
        const QByteArray gz = gzip(plain);
        HttpRequestParser p;
        QCOMPARE(feedAll(p, "POST /wazuh_alerts HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                QByteArray::number(gz.size()) + "\r\n\r\n" + gz),
                 Status::Complete);
        QVERIFY(p.gzip());
        QCOMPARE(p.body().toByteArray(), plain);
        // chunked and gzip, with the next request pipelined behind it
        HttpRequestParser c;
        const QByteArray hex = QByteArray::number(gz.size(), 16);
        QCOMPARE(feedAll(c, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: x-gzip\r\n\r\n" + hex + "\r\n" + gz +
                                "\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n"),
                 Status::Complete);
        QCOMPARE(c.body().toByteArray(), plain);
        c.reset();
        QCOMPARE(feedAll(c, {}), Status::Complete);
        QVERIFY(c.body().isEmpty() && !c.gzip());
        // 100 bytes allowed: 1 MiB of zeros compresses to ~1 KiB but is refused once inflated past the limit
        const QByteArray bomb = gzip(QByteArray(1 << 20, '\0'));
        HttpRequestParser::Limits l;
        l.maxBody = 4096;
        HttpRequestParser b(l);
        QCOMPARE(feedAll(b, "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " + QByteArray::number(bomb.size()) +
                                "\r\n\r\n" + bomb),
                 Status::Error);
        QCOMPARE(b.errorStatus(), 413);
        // a truncated stream is refused
        HttpRequestParser t;
        const QByteArray cut = gz.left(gz.size() - 6);
        QCOMPARE(feedAll(t, "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " + QByteArray::number(cut.size()) +
                                "\r\n\r\n" + cut),
                 Status::Error);
        QCOMPARE(t.errorStatus(), 400);
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
        QTest::newRow("absolute URI without host") << QByteArray("GET http:///x HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("absolute URI other scheme") << QByteArray("GET ftp://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("brotli body") << QByteArray("POST / HTTP/1.1\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx") << 415;
        QTest::newRow("gzip twice") << QByteArray("POST / HTTP/1.1\r\nContent-Encoding: gzip, gzip\r\nContent-Length: 1\r\n\r\nx") << 415;
        QTest::newRow("gzip not gzip") << QByteArray("POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello") << 400;
        QTest::newRow("NUL in header") << QByteArray("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 28) << 400;
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
