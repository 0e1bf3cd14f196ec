// PipelineHealth: alerts/s from id growth, capped backlog per stage (read from the database: the
// enrichment backlog and failed alerts of daemons sharing it), the live instances (daemon_status: stages,
// listener, refused requests; a stale row does not count), the sidebar's counts, database down.
#include "alert_fixture.h"
#include "pipeline_health.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestPipelineHealth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samples()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("health"));
        QString err;
        QSqlDatabase db = info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAgentsSql(3), &err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAlertsSql(1, 300, 3), &err));
        QVERIFY(AlertFixture::exec(db, QStringLiteral("UPDATE alerts SET state = 'summarized' WHERE id <= 100"), &err));

        PipelineHealth h(info);
        QSignalSpy sampled(&h, &PipelineHealth::sampled);
        h.start(300);
        QVERIFY(sampled.wait(5000));
        auto s = h.last();
        QVERIFY2(s.databaseUp, qPrintable(s.error));
        QCOMPARE(s.backlog.value(QStringLiteral("new")), qint64(200));
        QCOMPARE(s.backlog.value(QStringLiteral("summarized")), qint64(100));
        QCOMPARE(s.newestId, qint64(300));
        QVERIFY(!s.backlogCapped);
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAlertsSql(301, 500, 3), &err));
        QVERIFY(sampled.wait(5000));
        s = h.last();
        QCOMPARE(s.newestId, qint64(800));
        QVERIFY(s.alertsPerSecond > 0);
        QVERIFY(PipelineHealth::describe(s).contains(QStringLiteral("alerts/s")));
        QCOMPARE(s.enrichmentBacklog(), qint64(700));
        QCOMPARE(s.failed(), qint64(0));

        // what the stages do: some enriched, some given up on — the next samples count them
        QVERIFY(AlertFixture::exec(db, QStringLiteral("UPDATE alerts SET state = 'agent_enriched' WHERE id BETWEEN 101 AND 130; "
                                                      "UPDATE alerts SET state = 'failed', failed_stage = 'enrich', failed_from = 'new', "
                                                      "stage_error = 'Wazuh API: HTTP 503' WHERE id BETWEEN 131 AND 137"), &err));
        QTRY_COMPARE(h.last().failed(), qint64(7));
        s = h.last();
        QCOMPARE(s.enrichmentBacklog(), qint64(700 - 37));
        QCOMPARE(s.backlog.value(QStringLiteral("agent_enriched")), qint64(30));
        QCOMPARE(s.backlog.value(QStringLiteral("summarized")), qint64(100));
        QCOMPARE(s.enrichmentBacklog(), TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'new'")).toLongLong());
        // The instances on the database (daemon_status): a live one running ingest and enrich with its
        // listener's refusals, and a stale one (no report for three intervals) that no longer counts
        QVERIFY2(AlertFixture::exec(db, QStringLiteral(
            "INSERT INTO daemon_status (instance, host, pid, version, mode, started_at, updated_at, interval_s, stages, listener, figures) VALUES "
            "('a:1:1', 'collector-1', 11, '1', 'daemon', now(), now(), 10, '{ingest,enrich}', '0.0.0.0:9000', "
            " '{\"listener\": {\"tls\": true, \"last_minute\": {\"auth\": 2, \"bad_json\": 1}, \"recent\": ["
            "   {\"at\": \"2026-01-01T10:00:00.000Z\", \"peer\": \"192.0.2.7\", \"status\": 401, \"reason\": \"auth\", \"count\": 2}]}}'), "
            "('b:2:2', 'old-host', 22, '1', 'daemon', now(), now() - interval '5 minutes', 10, '{llm,dispatch}', "
            " 'not running: WEBHOOK_AUTH_TOKEN is not set', '{}'); "
            "INSERT INTO dispatch_outbox (alert_id, route, kind, state) SELECT id, 'slack', 'slack', 'review' FROM alerts ORDER BY id LIMIT 3; "
            "UPDATE alerts SET failed_stage = 'llm' WHERE id = 131"), &err), qPrintable(err));
        QTRY_VERIFY(h.last().instances.size() == 1 && h.last().dispatchReview == 3);
        s = h.last();
        QCOMPARE(s.instances.first().host, QStringLiteral("collector-1"));
        QVERIFY(!s.instances.first().self);
        QVERIFY(s.stageRunning(QStringLiteral("enrich")));
        QVERIFY(!s.stageRunning(QStringLiteral("llm")));  // only the stale instance runs it
        QCOMPARE(s.listeners().size(), 1);
        QCOMPARE(s.listeners().first().listenerUrl(), QStringLiteral("https://0.0.0.0:9000"));
        QCOMPARE(s.rejectedLastMinute.value(QStringLiteral("auth")), qint64(2));
        QCOMPARE(s.rejectedTotal(), qint64(3));
        QCOMPARE(s.recentRejections.size(), 1);
        QCOMPARE(s.recentRejections.first().peer, QStringLiteral("192.0.2.7"));
        QCOMPARE(s.recentRejections.first().host, QStringLiteral("collector-1"));
        QCOMPARE(s.llmFailed, qint64(1));
        h.stop();

        DbConnectionInfo bad = info;
        bad.database = QStringLiteral("no_such_db_anywhere");
        PipelineHealth down(bad);
        QSignalSpy downSampled(&down, &PipelineHealth::sampled);
        down.start(300);
        QVERIFY(downSampled.wait(5000));
        QVERIFY(!down.last().databaseUp);
        QCOMPARE(PipelineHealth::describe(down.last()), QStringLiteral("database unreachable"));
    }
};

QTEST_GUILESS_MAIN(TestPipelineHealth)
#include "test_pipeline_health.moc"
