// Fault suite, kill -9 (ctest -L faults): 20 times, a real eos-daemon running every stage (ingest,
// enrichment, LLM, dispatch to Jira and a webhook) is killed with SIGKILL at a random moment while alerts
// stream in (single and NDJSON) and the stages work, and started again. The moment is drawn at random
// among: after some more alerts were answered 202, after some more LLM requests, after some more webhook
// or Jira requests (so a kill lands in the middle of each stage's work); the seed is printed
// (EOS_FAULT_SEED repeats a run). Then one last start drains everything. Every alert answered 202 is stored
// exactly once, every stage moved every alert once, each webhook delivery (Idempotency-Key) and each Jira
// issue (its eos-<id> label) exists once. Slack is left out here: it has no idempotency key, so a kill
// between its answer and our commit repeats one message (documented).
#include "fault_harness.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using eos::test::FaultHarness;

class TestFaultKill : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twentyKillsWhileAlertsStream()
    {
        const QByteArray seedEnv = qgetenv("EOS_FAULT_SEED");
        const quint32 seed = seedEnv.isEmpty() ? QRandomGenerator::system()->generate() : seedEnv.toUInt();
        qInfo("seed %u (EOS_FAULT_SEED=%u repeats the moments)", seed, seed);
        QRandomGenerator rnd(seed);

        FaultHarness h(QStringLiteral("kill"));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream single, bulk;
        single.ratePerSecond = 60;
        bulk.batch = 10;
        bulk.ratePerSecond = 60;
        h.startStream(&single, QStringLiteral("ks"));
        h.startStream(&bulk, QStringLiteral("kb"));

        QStringList moments;
        int unmet = 0;
        QElapsedTimer total;
        total.start();
        for (int kill = 1; kill <= 20; ++kill) {
            const int kind = int(rnd.bounded(4));
            std::function<int()> progress;
            int more = 0;
            QString what;
            switch (kind) {
            case 0:
                progress = [&] { return int(single.acked + bulk.acked); };
                more = int(rnd.bounded(20, 400));
                what = QStringLiteral("alerts answered 202");
                break;
            case 1:
                progress = [&] { return h.llm.requests; };
                more = int(rnd.bounded(1, 60));
                what = QStringLiteral("LLM requests");
                break;
            case 2:
                progress = [&] { return int(h.webhook->requests.size()); };
                more = int(rnd.bounded(1, 60));
                what = QStringLiteral("webhook requests");
                break;
            default:
                progress = [&] { return int(h.jira->requests.size()); };
                more = int(rnd.bounded(1, 8));
                what = QStringLiteral("Jira requests");
                break;
            }
            const int from = progress();
            // the moment: once the daemon got this much further (30 s at most: then it is killed anyway)
            if (!FaultHarness::waitFor([&] { return progress() >= from + more; }, 30000)) ++unmet;
            h.killDaemon();
            moments << QStringLiteral("%1 after %2 more %3").arg(kill).arg(more).arg(what);
            QVERIFY2(h.startDaemon(&err), qPrintable(QStringLiteral("restart %1: %2").arg(kill).arg(err)));
        }
        qInfo("20 kills in %.1f s: %s", total.elapsed() / 1000.0, qPrintable(moments.join(QStringLiteral("; "))));
        QVERIFY2(unmet <= 5, qPrintable(QStringLiteral("%1 of 20 moments were not reached within 30 s: the pipeline is stuck? %2").arg(unmet).arg(h.backlog())));
        single.halt();
        bulk.halt();
        QElapsedTimer drain;
        drain.start();
        const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 300000);
        const auto f = h.figures({&single, &bulk});
        qInfo("20 × kill -9: %s; pipeline done %.1f s after the stream stopped", qPrintable(f.text()), drain.elapsed() / 1000.0);
        qInfo("after the kills: %d alerts stored whose 202 never reached the client (killed between commit and answer); "
              "%d webhook deliveries repeated with the same Idempotency-Key (killed between the answer and its commit)",
              f.stored - f.acked, f.webhookRequests - f.webhookKeys);
        QVERIFY2(done, qPrintable(QStringLiteral("pipeline not done within 300 s: ") + h.backlog()));
        QVERIFY2(h.stopDaemon(&err), qPrintable(err));
        const auto problems = f.problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
        QVERIFY(f.unknown > 0);  // some posts found no daemon: the kills did land while alerts streamed
    }
};

QTEST_GUILESS_MAIN(TestFaultKill)
#include "test_fault_kill.moc"
