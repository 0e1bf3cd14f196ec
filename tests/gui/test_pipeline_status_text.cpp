// PipelineStatusText: the status bar's wording of a PipelineHealth sample — the rate and the spool, refused
// requests (most frequent first, at most three), the backlog of the stages some instance runs (every stage
// in the tooltip, capped counts with "+"), and the listener or why none runs. Samples are built here.
#include "pipeline_status_text.h"

#include <QLocale>
#include <QTest>

using namespace eos;

namespace {

PipelineHealth::Instance daemonRunning(const QStringList &stages, const QString &listener = QStringLiteral("0.0.0.0:9000"))
{
    PipelineHealth::Instance i;
    i.host = QStringLiteral("collector-1");
    i.mode = QStringLiteral("daemon");
    i.pid = 42;
    i.stages = stages;
    i.listener = listener;
    return i;
}

}  // namespace

class TestPipelineStatusText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void healthSaysRateAndSpoolOnlyWhenItHoldsSomething()
    {
        PipelineHealth::Sample s;
        QCOMPARE(PipelineStatusText::describeHealth(s), QStringLiteral("Database unreachable"));
        s.databaseUp = true;
        s.alertsPerSecond = 2.5;
        QCOMPARE(PipelineStatusText::describeHealth(s), QStringLiteral("2.5 alerts/s"));
        s.alertsPerSecond = 140.4;  // whole numbers from 10 on
        QCOMPARE(PipelineStatusText::describeHealth(s), QStringLiteral("140 alerts/s"));
        s.spoolDepth = 40;
        QCOMPARE(PipelineStatusText::describeHealth(s), QStringLiteral("140 alerts/s · spool: 40"));
    }

    void rejectedMostFrequentFirstAtMostThree()
    {
        PipelineHealth::Sample s;
        s.databaseUp = true;
        QCOMPARE(PipelineStatusText::describeRejected(s), QStringLiteral("Rejected (1 min): none"));
        s.rejectedLastMinute = {{QStringLiteral("too_large"), 1}, {QStringLiteral("auth"), 3}};
        QCOMPARE(PipelineStatusText::describeRejected(s), QStringLiteral("Rejected (1 min): 401 token ×3 · 413 too large ×1"));
        s.rejectedLastMinute.insert(QStringLiteral("bad_json"), 7);
        s.rejectedLastMinute.insert(QStringLiteral("timeout"), 2);
        QCOMPARE(PipelineStatusText::describeRejected(s),
                 QStringLiteral("Rejected (1 min): 400 JSON ×7 · 401 token ×3 · 408 too slow ×2 · …"));
    }

    void backlogOfRunningStagesOnly()
    {
        PipelineHealth::Sample s;
        s.databaseUp = true;
        s.backlog = {{QStringLiteral("new"), 12}, {QStringLiteral("agent_enriched"), 3}, {QStringLiteral("failed"), 2}};
        QCOMPARE(PipelineStatusText::describeBacklog(s), QStringLiteral("Stages: none running"));
        s.instances = {daemonRunning({QStringLiteral("ingest"), QStringLiteral("enrich")})};
        QCOMPARE(PipelineStatusText::describeBacklog(s), QStringLiteral("Backlog: enrich 12"));
        s.instances[0].stages << QStringLiteral("llm");
        QCOMPARE(PipelineStatusText::describeBacklog(s), QStringLiteral("Backlog: enrich 12 · llm 3"));
        // a count at the cap is a lower bound
        s.backlog[QStringLiteral("new")] = PipelineHealth::backlogCap();
        QVERIFY(PipelineStatusText::describeBacklog(s).startsWith(QStringLiteral("Backlog: enrich %1+").arg(PipelineHealth::backlogCap())));
        // the tooltip names every stage, the ones nobody runs as such, and the failed alerts
        const QString details = PipelineStatusText::describeBacklogDetails(s);
        QVERIFY2(details.contains(QStringLiteral("AI summary (llm): 3 waiting")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("(dispatch): not running (0 waiting)")), qPrintable(details));
        QVERIFY2(details.endsWith(QStringLiteral("Failed: 2")), qPrintable(details));
    }

    // Every "not running" reason the status bar gives, from this console's pipeline and the instances found.
    void listenerReasons()
    {
        PipelineHealth::Sample s;
        s.databaseUp = true;
        auto d = PipelineStatusText::describeListener(s, true, false,
                                                      QStringLiteral("the alert listener cannot start: cannot listen on 0.0.0.0:9000: "
                                                                     "The bound address is already in use"));
        QCOMPARE(d.text, QStringLiteral("Listener not running: port taken"));
        QVERIFY(!d.running);
        QVERIFY(d.details.contains(QStringLiteral("already in use")));
        // this console runs the pipeline without a token: its own row says so
        PipelineHealth::Instance self;
        self.host = QStringLiteral("here");
        self.mode = QStringLiteral("console");
        self.self = true;
        self.stages = {QStringLiteral("ingest"), QStringLiteral("enrich")};
        self.listener = QStringLiteral("not running: WEBHOOK_AUTH_TOKEN is not set");
        s.instances = {self};
        d = PipelineStatusText::describeListener(s, true, true, QString());
        QCOMPARE(d.text, QStringLiteral("Listener not running: no WEBHOOK_AUTH_TOKEN"));
        // ingest run by another daemon (EOS_PIPELINE_STAGES)
        s.instances[0].listener = QStringLiteral("not run here (EOS_PIPELINE_STAGES)");
        d = PipelineStatusText::describeListener(s, true, true, QString());
        QCOMPARE(d.text, QStringLiteral("Listener not running: ingest runs elsewhere (EOS_PIPELINE_STAGES)"));
        // a second instance listens (TLS, IPv6): that one is shown, with its host
        PipelineHealth::Instance other;
        other.host = QStringLiteral("collector-1");
        other.mode = QStringLiteral("daemon");
        other.pid = 77;
        other.stages = {QStringLiteral("ingest")};
        other.listener = QStringLiteral(":::9443");
        other.tls = true;
        s.instances << other;
        d = PipelineStatusText::describeListener(s, true, true, QString());
        QCOMPARE(d.text, QStringLiteral("Listener https://[::]:9443 (collector-1)"));
        QVERIFY(d.running);
        // the database cannot be asked: unknown, not "running"
        s.databaseUp = false;
        d = PipelineStatusText::describeListener(s, false, false, QString());
        QCOMPARE(d.text, QStringLiteral("Listener: unknown (database unreachable)"));
        QVERIFY(!d.running);
    }

};

QTEST_MAIN(TestPipelineStatusText)
#include "test_pipeline_status_text.moc"
