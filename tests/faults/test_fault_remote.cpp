// Fault suite, remote services (ctest -L faults): the Wazuh API, the LLM, Jira, a webhook and Slack are
// down (nothing listening), slow, answering 429 with Retry-After, or answering 5xx, while a real eos-daemon
// runs every stage on a stream of alerts (SMTP: test_fault_smtp). After
// each: every alert answered 202 is stored once, every stage moved it once, nothing failed for good, and
// each stand-in received each notification once (webhooks: one Idempotency-Key per outbox row; Jira: one
// issue per row's label; Slack: one message per row). The figures are printed.
#include "fault_harness.h"

#include <QElapsedTimer>
#include <QTest>

using eos::test::FaultHarness;
using Service = eos::test::FaultHarness::Service;

class TestFaultRemote : public QObject {
    Q_OBJECT

    static FaultHarness::Options options()
    {
        FaultHarness::Options o;
        o.slack = true;
        // alerts move on when the API fails (they keep the agent fields they carry); the inventory is
        // completed by the next sync, every 5 s here
        o.env.insert(QStringLiteral("WAZUH_AGENT_SYNC_SECONDS"), QStringLiteral("5"));
        return o;
    }

    static int count(FaultHarness &h, const QString &sql) { return h.scalar(sql).toInt(); }

    static void stream(FaultHarness::Stream &s, int alerts)
    {
        s.ratePerSecond = 100;
        s.maxAlerts = alerts;
    }

    static void finish(FaultHarness &h, FaultHarness::Stream &s, const char *scenario)
    {
        QVERIFY(FaultHarness::waitFor([&s] { return s.sent >= s.maxAlerts; }, 120000));
        s.halt();
        QElapsedTimer drain;
        drain.start();
        const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 300000);
        const auto f = h.figures({&s});
        qInfo("%s: %s; pipeline done %.1f s after the last alert", scenario, qPrintable(f.text()), drain.elapsed() / 1000.0);
        QVERIFY2(done, qPrintable(QStringLiteral("pipeline not done within 300 s: ") + h.backlog()));
        // enrichment's own record, the agent inventory, is complete once the API answers again
        QVERIFY2(FaultHarness::waitFor([&h] { return count(h, QStringLiteral("SELECT count(*) FROM agents WHERE api_found")) == 10; }, 120000),
                 qPrintable(QStringLiteral("agents the API answered for: ") + h.scalar(QStringLiteral("SELECT count(*) FROM agents WHERE api_found"))));
        qInfo("%s: the inventory has all 10 agents from the API %.1f s after the last alert", scenario, drain.elapsed() / 1000.0);
        QString err;
        QVERIFY2(h.stopDaemon(&err), qPrintable(err));
        const auto problems = f.problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
        QCOMPARE(f.acked, s.maxAlerts);  // the listener itself was never at fault
    }

private Q_SLOTS:
    // Every service down (connection refused) at first; the LLM comes up once alerts wait for it, the
    // dispatch targets once sends have failed, the Wazuh API last.
    void servicesDown()
    {
        auto o = options();
        o.listenAtStart = false;
        FaultHarness h(QStringLiteral("down"), o);
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s, 300);
        h.startStream(&s, QStringLiteral("down"));
        // enrichment goes on without the API (alerts keep their own agent fields); the LLM stage retries
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched' AND stage_attempts > 0")) >= 20; }, 120000),
                 qPrintable(h.backlog()));
        const int llmRetried = count(h, QStringLiteral("SELECT count(*) FROM alerts WHERE stage_attempts > 0"));
        QVERIFY(h.listen(Service::Llm));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(DISTINCT route) FROM dispatch_outbox WHERE state = 'failed'")) >= 2; }, 120000),
                 qPrintable(h.backlog()));
        const int dispatchFailed = count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'failed'"));
        QVERIFY(h.listen(Service::Jira) && h.listen(Service::Webhook) && h.listen(Service::Slack));
        QVERIFY(h.listen(Service::Wazuh));
        qInfo("while down: %d alerts waited for the LLM, %d dispatches failed and were retried", llmRetried, dispatchFailed);
        finish(h, s, "remote services down, then up");
    }

    // Every service answers slowly (1 s; the Wazuh API 2 s), and the LLM's first answers never come
    // (the client's time-out, LLM_TIMEOUT_SECONDS=5, then a retry).
    void servicesSlow()
    {
        FaultHarness h(QStringLiteral("slow"), options());
        h.wazuh.delayMs = 2000;
        h.llm.delayMs = 1000;
        for (int i = 0; i < 4; ++i) {
            eos::test::LlmStandIn::Answer a;
            a.hang = true;
            h.llm.script.push_back(a);
        }
        h.jira->delayMs = 1000;
        h.webhook->delayMs = 1000;
        h.slack->delayMs = 1000;
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s, 200);
        h.startStream(&s, QStringLiteral("slow"));
        finish(h, s, "remote services slow");
        QVERIFY(h.llm.script.empty());  // the hung answers were all taken
    }

    void servicesAnswer429()
    {
        FaultHarness h(QStringLiteral("429"), options());
        h.wazuh.failNext(3, 429, "1");
        for (int i = 0; i < 6; ++i) {
            eos::test::LlmStandIn::Answer a;
            a.status = 429;
            if (i % 2) a.headers.append(qMakePair(QByteArray("retry-after-ms"), QByteArray("700")));
            else a.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
            a.body = R"({"error":{"code":"429","message":"Rate limit is exceeded. Try again in 1 seconds."}})";
            h.llm.script.push_back(a);
        }
        h.jira->failNext(3, 429, "1");
        h.webhook->failNext(6, 429, "1");
        h.slack->failNext(2, 429, "2");
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s, 300);
        h.startStream(&s, QStringLiteral("t429"));
        finish(h, s, "remote services answer 429");
        QVERIFY(h.llm.script.empty());
        QCOMPARE(h.wazuh.scriptedFailures.load(), 3);
        QVERIFY(h.webhook->requests.size() >= h.webhook->accepted.size() + 6);  // the 429s reached it
        QVERIFY(h.slack->requests.size() >= h.slack->messages.size() + 2);
    }

    void servicesAnswer5xx()
    {
        FaultHarness h(QStringLiteral("5xx"), options());
        h.wazuh.failNext(2, 500);
        h.wazuh.failNext(2, 502);
        for (int status : {500, 502, 503, 504, 500, 503}) {
            eos::test::LlmStandIn::Answer a;
            a.status = status;
            a.body = R"({"error":{"code":"InternalServerError","message":"The server had an error while processing your request."}})";
            h.llm.script.push_back(a);
        }
        h.jira->failNext(2, 500);
        h.jira->failNext(2, 503, "1");
        h.webhook->failNext(4, 502);
        h.webhook->failNext(4, 500);
        h.slack->failNext(2, 500);
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s, 300);
        h.startStream(&s, QStringLiteral("t5xx"));
        finish(h, s, "remote services answer 5xx");
        QVERIFY(h.llm.script.empty());
        QCOMPARE(h.wazuh.scriptedFailures.load(), 4);
        QVERIFY(h.webhook->requests.size() >= h.webhook->accepted.size() + 8);
    }
};

QTEST_GUILESS_MAIN(TestFaultRemote)
#include "test_fault_remote.moc"
