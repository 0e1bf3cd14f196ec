// NdjsonSplitter: the lines of an NDJSON body as the listener parses them (LF, CRLF, blank lines,
// no final newline), with the line numbers the sender sees, and the sample files split into their alerts.
#include "ingest/ndjson_splitter.h"

#include <QFile>
#include <QTest>

using eos::NdjsonSplitter;

namespace {

struct Line {
    int number;
    QByteArray text;
    bool operator==(const Line &o) const { return number == o.number && text == o.text; }
};

QList<Line> split(QByteArrayView body, int *linesRead = nullptr)
{
    QList<Line> out;
    NdjsonSplitter s(body);
    QByteArrayView l;
    int n = 0;
    while (s.next(&l, &n)) out.append({n, l.toByteArray()});
    QByteArrayView after;
    int afterN = -1;
    if (s.next(&after, &afterN) || afterN != -1) qFatal("next() after the end gave a line");
    if (linesRead) *linesRead = s.linesRead();
    return out;
}

}  // namespace

namespace QTest {
template <>
char *toString(const Line &l)
{
    return qstrdup(QByteArray(QByteArray::number(l.number) + ": " + l.text).constData());
}
}  // namespace QTest

class TestNdjsonSplitter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lines_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<Line>>("expected");
        QTest::addColumn<int>("linesRead");
        QTest::newRow("empty") << QByteArray() << QList<Line>{} << 0;
        QTest::newRow("one, no newline") << QByteArray("{\"a\":1}") << QList<Line>{{1, "{\"a\":1}"}} << 1;
        QTest::newRow("one, final newline") << QByteArray("{\"a\":1}\n") << QList<Line>{{1, "{\"a\":1}"}} << 1;
        QTest::newRow("two") << QByteArray("a\nb") << QList<Line>{{1, "a"}, {2, "b"}} << 2;
        QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QList<Line>{{1, "a"}, {2, "b"}} << 2;
        QTest::newRow("crlf, last without lf") << QByteArray("a\r\nb\r") << QList<Line>{{1, "a"}, {2, "b"}} << 2;
        QTest::newRow("only one cr dropped") << QByteArray("a\r\r\n") << QList<Line>{{1, "a\r"}} << 1;
        QTest::newRow("blank lines counted") << QByteArray("\n\na\n \t\nb\n\n") << QList<Line>{{3, "a"}, {5, "b"}} << 6;
        QTest::newRow("only newlines") << QByteArray("\n\n\n") << QList<Line>{} << 3;
        QTest::newRow("whitespace inside kept") << QByteArray("  a b  \n") << QList<Line>{{1, "  a b  "}} << 1;
        QTest::newRow("lone cr is no line end") << QByteArray("a\rb\n") << QList<Line>{{1, "a\rb"}} << 1;
        QTest::newRow("nul bytes kept") << QByteArray("a\0b\nc", 5) << QList<Line>{{1, QByteArray("a\0b", 3)}, {2, "c"}} << 2;
    }

    void lines()
    {
        QFETCH(QByteArray, body);
        QFETCH(QList<Line>, expected);
        QFETCH(int, linesRead);
        int read = -1;
        QCOMPARE(split(body, &read), expected);
        QCOMPARE(read, linesRead);
    }

    // The views point into the body: nothing is copied
    void viewsPointIntoTheBody()
    {
        const QByteArray body("first\r\nsecond\n");
        NdjsonSplitter s(body);
        QByteArrayView l;
        int n = 0;
        QVERIFY(s.next(&l, &n));
        QCOMPARE(l.data(), body.constData());
        QVERIFY(s.next(&l, &n));
        QCOMPARE(l.data(), body.constData() + 7);
        QCOMPARE(l.size(), 6);
    }

    // Every sample file splits into its alerts, LF or CRLF alike, each line a whole JSON object
    void sampleFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("sample_alerts_50") << QStringLiteral("sample_alerts_50.ndjson");
        QTest::newRow("follower_alerts_300") << QStringLiteral("follower_alerts_300.ndjson");
        QTest::newRow("legacy_alerts") << QStringLiteral("legacy_alerts.ndjson");
    }

    void sampleFiles()
    {
        QFETCH(QString, file);
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/") + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray lf = f.readAll();
        int expected = 0;
        for (const auto &l : lf.split('\n'))
            if (!l.trimmed().isEmpty()) ++expected;
        QVERIFY(expected > 0);
        QByteArray crlf = lf;
        crlf.replace("\n", "\r\n");
        for (const QByteArray &body : {lf, crlf}) {
            const auto lines = split(body);
            QCOMPARE(lines.size(), expected);
            for (const auto &l : lines) {
                QVERIFY2(l.text.startsWith('{') && l.text.endsWith('}'), l.text.left(80).constData());
                QVERIFY(!l.text.contains('\n'));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestNdjsonSplitter)
#include "test_ndjson_splitter.moc"
