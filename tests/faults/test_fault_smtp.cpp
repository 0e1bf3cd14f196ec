// Fault suite, SMTP (ctest -L faults): the email route's server (Debian's aiosmtpd with STARTTLS and AUTH,
// tests/support/smtp_stand_in) is down, slow (the end of DATA first never answered: time-outs; then every
// answer late), answering 4xx, or answering 5xx, while a real eos-daemon runs every stage and the other
// routes (webhook, Jira, Slack) on a stream of alerts. After each: every alert answered 202 is stored once
// and moved once by every stage; every email row is sent exactly once — the server holds exactly one
// message per sent row, by the Message-ID the row recorded, and none for a row not sent — or, for a 5xx,
// is dead at once with the server's reply kept for the Dispatch Queue and never delivered. Figures printed.
#include "fault_harness.h"

#include <QElapsedTimer>
#include <QTest>

using eos::test::FaultHarness;
using Service = eos::test::FaultHarness::Service;

class TestFaultSmtp : public QObject {
    Q_OBJECT

    static FaultHarness::Options options()
    {
        FaultHarness::Options o;
        o.slack = true;
        o.email = true;
        return o;
    }

    static int count(FaultHarness &h, const QString &sql) { return h.scalar(sql).toInt(); }

    // 600 alerts at 60/s: 60 of them (level 12) go to the email route
    static void stream(FaultHarness::Stream &s)
    {
        s.ratePerSecond = 60;
        s.maxAlerts = 600;
    }

    static FaultHarness::Figures finish(FaultHarness &h, FaultHarness::Stream &s, const char *scenario)
    {
        FaultHarness::Figures f;
        [&] {
            QVERIFY(FaultHarness::waitFor([&s] { return s.sent >= s.maxAlerts; }, 120000));
            s.halt();
            QElapsedTimer drain;
            drain.start();
            const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 300000);
            f = h.figures({&s});
            qInfo("%s: %s; pipeline done %.1f s after the last alert", scenario, qPrintable(f.text()), drain.elapsed() / 1000.0);
            QVERIFY2(done, qPrintable(QStringLiteral("pipeline not done within 300 s: ") + h.backlog()));
            QString err;
            QVERIFY2(h.stopDaemon(&err), qPrintable(err));
            const auto problems = f.problems();
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
            QCOMPARE(f.acked, s.maxAlerts);  // the listener itself was never at fault
            QCOMPARE(f.emailRows, 60);
        }();
        return f;
    }

private Q_SLOTS:
    // Nothing listens on the SMTP port: the email rows fail (connection refused) and are retried; the
    // server comes up once several have failed, and each is delivered once.
    void smtpDown()
    {
        auto o = options();
        o.listenAtStart = false;
        FaultHarness h(QStringLiteral("smtp-down"), o);
        for (auto s : {Service::Wazuh, Service::Llm, Service::Jira, Service::Webhook, Service::Slack}) QVERIFY(h.listen(s));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s);
        h.startStream(&s, QStringLiteral("down"));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'failed'")) >= 5; }, 120000),
                 qPrintable(h.backlog()));
        const QString error = h.scalar(QStringLiteral("SELECT error FROM dispatch_outbox WHERE route = 'email' AND state = 'failed' LIMIT 1"));
        const int failed = count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND attempts > 0 AND state <> 'sent'"));
        QVERIFY(h.listen(Service::Smtp));
        qInfo("SMTP down: %d email rows failed and waited (e.g. \"%s\")", failed, qPrintable(error));
        const auto f = finish(h, s, "SMTP down, then up");
        QVERIFY(count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND attempts > 1")) >= 5);
        QCOMPARE(f.emailSent, 60);
    }

    // The server first takes whole messages but never answers the end of DATA (the client's time-out,
    // EOS_DISPATCH_TIMEOUT_MS=4000, then a retry: such a message was not delivered), then answers every
    // RCPT TO and end of DATA 1.5 s late (within the time-out).
    void smtpSlow()
    {
        FaultHarness h(QStringLiteral("smtp-slow"), options());
        h.smtp->setMode(QStringLiteral("hang"));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s);
        h.startStream(&s, QStringLiteral("slow"));
        QVERIFY2(FaultHarness::waitFor([&] { return h.smtp->heldCount() >= 4; }, 120000), qPrintable(h.backlog()));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'failed'")) >= 1; }, 60000),
                 qPrintable(h.backlog()));
        h.smtp->setMode(QStringLiteral("slow:1500"));
        qInfo("SMTP slow: %d messages never answered (time-outs) before the answers came 1.5 s late", h.smtp->heldCount());
        const auto f = finish(h, s, "SMTP slow");
        QCOMPARE(f.emailSent, 60);
        QCOMPARE(h.smtp->receivedCount(), 60);
    }

    // 451 and then 421 on RCPT TO (transient): retried with the reply kept; sent once when the server
    // takes mail again.
    void smtpAnswers4xx()
    {
        FaultHarness h(QStringLiteral("smtp-4xx"), options());
        h.smtp->setMode(QStringLiteral("451"));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s);
        h.startStream(&s, QStringLiteral("t4xx"));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'failed' AND response_status = 451 AND response LIKE '451 4.3.0%'")) >= 5; }, 120000),
                 qPrintable(h.backlog()));
        h.smtp->setMode(QStringLiteral("421"));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND response_status = 421")) >= 1; }, 60000),
                 qPrintable(h.backlog()));
        QCOMPARE(h.smtp->receivedCount(), 0);
        const int retried = count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND attempts > 0"));
        h.smtp->setMode(QStringLiteral("ok"));
        qInfo("SMTP 4xx: %d email rows answered 451/421 and retried", retried);
        const auto f = finish(h, s, "SMTP answers 4xx");
        QCOMPARE(f.emailSent, 60);
        QCOMPARE(f.emailDead, 0);
    }

    // 550 on RCPT TO (permanent): the row is dead at once — one attempt, the server's reply in the row for
    // the Dispatch Queue, an audit entry — and never delivered; rows made after the server takes mail again
    // are sent once.
    void smtpAnswers5xx()
    {
        auto o = options();
        o.emailDeadExpected = true;
        FaultHarness h(QStringLiteral("smtp-5xx"), o);
        h.smtp->setMode(QStringLiteral("550"));
        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        FaultHarness::Stream s;
        stream(s);
        h.startStream(&s, QStringLiteral("t5xx"));
        QVERIFY2(FaultHarness::waitFor([&] { return count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'dead'")) >= 5; }, 120000),
                 qPrintable(h.backlog()));
        h.smtp->setMode(QStringLiteral("ok"));
        const auto f = finish(h, s, "SMTP answers 5xx");
        QVERIFY(f.emailDead >= 5);
        QVERIFY(f.emailSent >= 1);
        QCOMPARE(f.emailSent + f.emailDead, 60);
        QCOMPARE(count(h, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'dead' AND attempts = 1 "
                                         "AND response_status = 550 AND error LIKE '%550 5.1.1 <soc@example.com>: Recipient address rejected%'")),
                 f.emailDead);
        QCOMPARE(count(h, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'dispatch_dead'")), f.emailDead);
        qInfo("SMTP 5xx: %d email rows dead with the 550 reply, %d sent after the server took mail again", f.emailDead, f.emailSent);
    }
};

QTEST_GUILESS_MAIN(TestFaultSmtp)
#include "test_fault_smtp.moc"
