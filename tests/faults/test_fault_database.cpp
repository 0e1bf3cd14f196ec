// Fault suite, PostgreSQL (ctest -L faults): a real eos-daemon with every stage (ingest, enrichment, LLM,
// dispatch) against local stand-ins while its database is restarted mid-stream, and while it is
// unreachable long enough for the spool to fill to its limit. After each: every alert answered 202 is
// stored exactly once, none answered with an error is stored, every stage moved every alert once, and the
// stand-ins received each notification once. The figures are printed.
#include "fault_harness.h"

#include <QElapsedTimer>
#include <QTest>

using eos::test::FaultHarness;

class TestFaultDatabase : public QObject {
    Q_OBJECT

    static void finish(FaultHarness &h, const QList<FaultHarness::Stream *> &streams, const char *scenario)
    {
        QElapsedTimer drain;
        drain.start();
        const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 300000);
        const auto f = h.figures(streams);
        qInfo("%s: %s; pipeline done %.1f s after the stream stopped", scenario, qPrintable(f.text()), drain.elapsed() / 1000.0);
        QVERIFY2(done, qPrintable(QStringLiteral("pipeline not done within 300 s: ") + h.backlog()));
        QString err;
        QVERIFY2(h.stopDaemon(&err), qPrintable(err));
        const auto problems = f.problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    }

private Q_SLOTS:
    // PostgreSQL stops (fast shutdown: sessions cut) while alerts stream in and every stage works, and
    // starts again: the daemon spools meanwhile, reconnects every part, and drains.
    void restartedMidStream()
    {
        FaultHarness h(QStringLiteral("restart"));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream single, bulk;
        single.ratePerSecond = 100;
        bulk.batch = 20;
        bulk.ratePerSecond = 100;
        h.startStream(&single, QStringLiteral("rs"));
        h.startStream(&bulk, QStringLiteral("rb"));
        // the stages are at work when the database goes away
        QVERIFY2(FaultHarness::waitFor([&] { return h.scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")).toInt() >= 50; }, 120000),
                 qPrintable(h.backlog()));
        QVERIFY2(h.stopDatabase(&err), qPrintable(err));
        const int ackedBefore = single.acked + bulk.acked;
        QElapsedTimer down;
        down.start();
        // alerts are still answered 202 (from the spool) while it is down
        QVERIFY(FaultHarness::waitFor([&] { return single.acked + bulk.acked >= ackedBefore + 400; }, 60000));
        const int ackedWhileDown = single.acked + bulk.acked - ackedBefore;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        qInfo("PostgreSQL down for %.1f s; %d alerts answered 202 meanwhile", down.elapsed() / 1000.0, ackedWhileDown);
        QVERIFY(h.daemonRunning());
        const int ackedAfter = single.acked + bulk.acked;
        QVERIFY(FaultHarness::waitFor([&] { return single.acked + bulk.acked >= ackedAfter + 400; }, 60000));
        single.halt();
        bulk.halt();
        finish(h, {&single, &bulk}, "PostgreSQL restarted mid-stream");
    }

    // PostgreSQL unreachable until the spool (EOS_SPOOL_MAX_MB=1) is full: clients then get 503 with
    // Retry-After, never a 202 that is later lost; once it is back, new alerts are taken while the spool
    // drains.
    void unreachableUntilTheSpoolIsFull()
    {
        FaultHarness::Options o;
        o.env.insert(QStringLiteral("EOS_SPOOL_MAX_MB"), QStringLiteral("1"));
        FaultHarness h(QStringLiteral("spoolfull"), o);
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        QVERIFY2(h.stopDatabase(&err), qPrintable(err));
        FaultHarness::Stream single, bulk;
        single.ratePerSecond = 100;
        bulk.batch = 50;
        h.startStream(&single, QStringLiteral("fs"));
        h.startStream(&bulk, QStringLiteral("fb"));
        QVERIFY2(FaultHarness::waitFor([&] { return bulk.status503 >= 20 && single.status503 >= 5; }, 120000),
                 qPrintable(QStringLiteral("no 503 seen: %1 acked, %2 refused").arg(single.acked + bulk.acked).arg(single.refused + bulk.refused)));
        QVERIFY(h.daemonRunning());
        const int ackedWhileDown = single.acked + bulk.acked;
        const int refusedWhileDown = single.refused + bulk.refused;
        qInfo("spool full: %d alerts answered 202 into the spool, %d refused with 503 (%d requests)", ackedWhileDown,
              refusedWhileDown, int(single.status503 + bulk.status503));
        // a lone small alert may still fit in what the streams' refused batches left of the spool (then it
        // is answered 202 and spooled: the same alert each time, so it is stored once); once the spool
        // has no room, it is refused with 503 and Retry-After
        FaultHarness::Stream probe;  // (no thread: its one alert is counted like a stream's)
        probe.prefix = QStringLiteral("probe");
        QByteArray answer;
        int probes = 0;
        do {
            answer = h.postOnce(FaultHarness::alertJson(probe.prefix, 1));
            if (answer.startsWith("HTTP/1.1 202") && probe.ackedIds.isEmpty()) {
                probe.ackedIds.insert(1);
                probe.sent = 1;
                probe.acked = 1;
            }
        } while (answer.startsWith("HTTP/1.1 202") && ++probes < 1000);
        QVERIFY2(answer.startsWith("HTTP/1.1 503") && answer.contains("Retry-After:"), answer.constData());
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        // new alerts are accepted again while the spool drains
        const int ackedAfter = single.acked + bulk.acked;
        QVERIFY(FaultHarness::waitFor([&] { return single.acked + bulk.acked >= ackedAfter + 500; }, 120000));
        single.halt();
        bulk.halt();
        finish(h, {&single, &bulk, &probe}, "PostgreSQL unreachable, spool full");
    }
};

QTEST_GUILESS_MAIN(TestFaultDatabase)
#include "test_fault_database.moc"
