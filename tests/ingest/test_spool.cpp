// Spool: durable append, ordered drain, torn tails, size bound, cursor across reopen.
#include "ingest/alert_parser.h"
#include "ingest/spool.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using eos::AlertRecord;
using eos::Spool;

class TestSpool : public QObject {
    Q_OBJECT

    static std::vector<AlertRecord> makeAlerts(int from, int n)
    {
        std::vector<AlertRecord> out;
        for (int i = from; i < from + n; ++i) {
            AlertRecord r;
            QString msg;
            const QByteArray json = QStringLiteral(R"({"rule":{"level":5,"id":"%1"},"agent":{"id":"001"},"seq":%1})").arg(i).toUtf8();
            if (eos::AlertParser::parse(json, &r, &msg) != eos::AlertParser::Error::None) qFatal("bad test alert");
            out.push_back(r);
        }
        return out;
    }
    static std::vector<const AlertRecord *> ptrs(const std::vector<AlertRecord> &v)
    {
        std::vector<const AlertRecord *> p;
        for (const auto &a : v) p.push_back(&a);
        return p;
    }
    static int seqOf(const QByteArray &payload)
    {
        AlertRecord r;
        QString msg;
        eos::AlertParser::parse(payload, &r, &msg);
        return r.ruleId;
    }

private Q_SLOTS:
    void appendPeekConsumeInOrder()
    {
        QTemporaryDir dir;
        Spool s(dir.path(), 1 << 20);
        QString err;
        QVERIFY(s.open(&err));
        QVERIFY(s.isEmpty());
        const auto a = makeAlerts(1, 10), b = makeAlerts(11, 5);
        QVERIFY2(s.append(ptrs(a), &err), qPrintable(err));
        QVERIFY2(s.append(ptrs(b), &err), qPrintable(err));
        QCOMPARE(s.depth(), 15);
        auto c = s.peek(4);
        QCOMPARE(int(c.payloads.size()), 4);
        QCOMPARE(seqOf(c.payloads[0]), 1);
        QCOMPARE(seqOf(c.payloads[3]), 4);
        QCOMPARE(s.depth(), 15);  // peek does not consume
        s.consume(c);
        QCOMPARE(s.depth(), 11);
        c = s.peek(100);
        QCOMPARE(int(c.payloads.size()), 11);
        QCOMPARE(seqOf(c.payloads.front()), 5);
        QCOMPARE(seqOf(c.payloads.back()), 15);
        s.consume(c);
        QVERIFY(s.isEmpty());
        QCOMPARE(s.bytes(), 0);
        QVERIFY(QDir(dir.path()).entryList({"seg-*"}).isEmpty());  // drained segments are removed
    }

    void survivesReopenWithCursor()
    {
        QTemporaryDir dir;
        {
            Spool s(dir.path(), 1 << 20);
            QString err;
            QVERIFY(s.open(&err));
            QVERIFY(s.append(ptrs(makeAlerts(1, 20)), &err));
            s.consume(s.peek(8));
        }
        Spool s(dir.path(), 1 << 20);
        QString err;
        QVERIFY(s.open(&err));
        QCOMPARE(s.depth(), 12);
        auto c = s.peek(100);
        QCOMPARE(int(c.payloads.size()), 12);
        QCOMPARE(seqOf(c.payloads.front()), 9);
        // appends after reopen go behind what was there
        QVERIFY(s.append(ptrs(makeAlerts(100, 2)), &err));
        c = s.peek(100);
        QCOMPARE(int(c.payloads.size()), 14);
        QCOMPARE(seqOf(c.payloads.back()), 101);
    }

    void tornTailIsIgnoredAndLaterAppendsSurvive()
    {
        QTemporaryDir dir;
        {
            Spool s(dir.path(), 1 << 20);
            QString err;
            QVERIFY(s.open(&err));
            QVERIFY(s.append(ptrs(makeAlerts(1, 3)), &err));
        }
        // a crash in the middle of an append: half a record at the end of the segment
        const auto segs = QDir(dir.path()).entryList({"seg-*"});
        QCOMPARE(segs.size(), 1);
        QFile f(dir.filePath(segs.first()));
        QVERIFY(f.open(QIODevice::Append));
        f.write(QByteArray("\xE5\x40\x00\x00\x00garbage", 12));
        f.close();
        Spool s(dir.path(), 1 << 20);
        QString err;
        QVERIFY(s.open(&err));
        QCOMPARE(s.depth(), 3);
        QVERIFY(s.append(ptrs(makeAlerts(4, 2)), &err));  // goes to a new segment
        auto c = s.peek(100);
        QCOMPARE(int(c.payloads.size()), 5);
        QCOMPARE(seqOf(c.payloads[2]), 3);
        QCOMPARE(seqOf(c.payloads[3]), 4);
        s.consume(c);
        QVERIFY(s.isEmpty());
    }

    void corruptRecordIsSkipped()
    {
        QTemporaryDir dir;
        {
            Spool s(dir.path(), 1 << 20);
            QString err;
            QVERIFY(s.open(&err));
            QVERIFY(s.append(ptrs(makeAlerts(1, 3)), &err));
        }
        const auto segs = QDir(dir.path()).entryList({"seg-*"});
        QFile f(dir.filePath(segs.first()));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(20);  // inside the first record's payload
        f.write("X");
        f.close();
        Spool s(dir.path(), 1 << 20);
        QString err;
        QVERIFY(s.open(&err));
        auto c = s.peek(100);
        QCOMPARE(int(c.payloads.size()), 2);
        QCOMPARE(c.skippedCorrupt, 1);
        QCOMPARE(seqOf(c.payloads[0]), 2);
        s.consume(c);
        QVERIFY(s.isEmpty());
    }

    // The bound counts what is not drained yet: while a full spool drains, new alerts fit again as soon as
    // room was drained (before, the byte count only went down once the spool was empty, so every request
    // got 503 "the spool is full" through the whole drain).
    void drainingFreesRoomAtOnce()
    {
        QTemporaryDir dir;
        const auto a = makeAlerts(1, 100);
        qint64 one = 0;
        {
            QTemporaryDir probe;
            Spool p(probe.path(), 1 << 20);
            QString e;
            QVERIFY(p.open(&e));
            QVERIFY(p.append(ptrs(a), &e));
            one = p.bytes();  // the 100 alerts' size
        }
        const qint64 bound = one + one / 20;  // room for the 100 alerts and 5 % more
        Spool s(dir.path(), bound);
        QString err;
        QVERIFY(s.open(&err));
        QVERIFY2(s.append(ptrs(a), &err), qPrintable(err));
        const qint64 full = s.bytes();
        QVERIFY(!s.append(ptrs(makeAlerts(101, 10)), &err));  // full
        QVERIFY2(err.contains(QStringLiteral("full")), qPrintable(err));
        auto c = s.peek(30);
        s.consume(c);
        QCOMPARE(s.depth(), 70);
        QVERIFY2(s.bytes() < full && s.bytes() > 0, qPrintable(QString::number(s.bytes())));
        QVERIFY2(s.append(ptrs(makeAlerts(101, 20)), &err), qPrintable(err));  // room again, mid-drain
        QCOMPARE(s.depth(), 90);
        // reopened: the count is of what is left, not of the files' size
        const qint64 left = s.bytes();
        Spool again(dir.path(), bound);
        QVERIFY(again.open(&err));
        QCOMPARE(again.depth(), 90);
        QCOMPARE(again.bytes(), left);
        // drained to the end: nothing left, nothing counted
        while (!again.isEmpty()) again.consume(again.peek(25));
        QCOMPARE(again.bytes(), 0);
    }

    void sizeBoundRefusesAppend()
    {
        QTemporaryDir dir;
        Spool s(dir.path(), 400);
        QString err;
        QVERIFY(s.open(&err));
        QVERIFY(s.append(ptrs(makeAlerts(1, 2)), &err));
        QVERIFY(!s.append(ptrs(makeAlerts(3, 10)), &err));
        QVERIFY2(err.contains(QStringLiteral("EOS_SPOOL_MAX_MB")), qPrintable(err));
        QCOMPARE(s.depth(), 2);  // a refused append leaves nothing behind
        QCOMPARE(int(s.peek(100).payloads.size()), 2);
    }

    // The disk fills up in the middle of appends (here: RLIMIT_FSIZE, which fails a write past the limit
    // as a full disk does, part-way through). A failed append must leave nothing behind, neither on disk
    // nor buffered for a later append to write: the spool then holds exactly the appends that succeeded,
    // each readable.
    void diskFullLeavesNothingBehind()
    {
        QTemporaryDir dir;
        Spool s(dir.path(), 1 << 20);
        QString err;
        QVERIFY(s.open(&err));
        QList<int> stored;
        int next = 1;
        auto append = [&](int n) {
            const auto batch = makeAlerts(next, n);
            const bool ok = s.append(ptrs(batch), &err);
            if (ok)
                for (int i = next; i < next + n; ++i) stored << i;
            next += n;
            return ok;
        };
        QVERIFY(append(10));
        const auto segment = QDir(dir.path()).entryInfoList({QStringLiteral("seg-*")});
        QCOMPARE(segment.size(), 1);
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        rlimit small = old;
        small.rlim_cur = rlim_t(segment.first().size() + 1000);  // a few more batches fit, then one is cut short
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        int failed = 0;
        for (int i = 0; i < 12; ++i)
            if (!append(5)) ++failed;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &old), 0);
        QVERIFY2(failed >= 5, qPrintable(QStringLiteral("%1 appends failed").arg(failed)));
        QVERIFY2(err.contains(QStringLiteral("cannot write")), qPrintable(err));
        QVERIFY(append(7));  // room again
        QCOMPARE(s.depth(), qint64(stored.size()));
        QList<int> read;
        int corrupt = 0;
        while (!s.isEmpty()) {
            const auto c = s.peek(1000);
            if (c.payloads.empty() && c.skippedCorrupt == 0) break;
            for (const auto &p : c.payloads) read << seqOf(p);
            corrupt += c.skippedCorrupt;
            s.consume(c);
        }
        QCOMPARE(corrupt, 0);
        QCOMPARE(read, stored);
    }
};

QTEST_GUILESS_MAIN(TestSpool)
#include "test_spool.moc"
