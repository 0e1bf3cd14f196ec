// EnrichmentStage (with its AgentInventory and AgentStatusMonitor) run by a StageRunner against real
// PostgreSQL and a Wazuh API: Prism serving Wazuh's own OpenAPI description (every request validated),
// and a stateful stand-in where the test needs agents whose status changes. Covers: agent details in
// the agents table, batched lookups (< 1 request per 50 alerts on 5,000 alerts from 20 agents), the
// manager (000), no API configured, API down at start and coming back, the disconnection alert raised
// once and cleared once (also with two monitors), leases taken over after kill -9 of a real daemon
// mid-batch, and two daemons enriching 5,000 alerts with each alert enriched exactly once.
#include "core/worker_thread.h"
#include "prism_server.h"
#include "stages/agent_inventory.h"
#include "stages/agent_status_monitor.h"
#include "stages/enrichment_stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"
#include "wazuh_stand_in.h"

#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using eos::DbConnectionInfo;
using eos::EnrichmentStage;
using eos::StageRunner;
using eos::WazuhApiClient;
using eos::test::TestDatabase;
using eos::test::WazuhStandIn;
using Conn = eos::test::TestConnection;

namespace {

DbConnectionInfo freshDb(const QString &hint)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err)) qFatal("migrate: %s", qPrintable(err));
    // every state change new -> agent_enriched, counted by the database itself
    if (!TestDatabase::exec(info, QStringLiteral(
            "CREATE TABLE transitions(id bigint); CREATE TABLE lease_owners(owner text); "
            "CREATE FUNCTION log_transition() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF OLD.state = 'new' AND NEW.state = 'agent_enriched' THEN INSERT INTO transitions VALUES (NEW.id); END IF; "
            "RETURN NEW; END $$; "
            "CREATE TRIGGER alerts_transition AFTER UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION log_transition(); "
            "CREATE FUNCTION log_owner() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO lease_owners VALUES (NEW.claimed_by); RETURN NULL; END $$; "
            "CREATE TRIGGER leases_owner AFTER INSERT OR UPDATE ON stage_leases FOR EACH ROW EXECUTE FUNCTION log_owner();")))
        qFatal("trigger");
    return info;
}

// n alerts spread round-robin over `agents` agents (ids 001…), as ingest stores them: the agent row
// carries only the alert's name (no API fields yet)
void insertAlerts(const DbConnectionInfo &db, int n, int agents, const QString &tag = QStringLiteral("a"))
{
    QVERIFY(TestDatabase::exec(db, QStringLiteral(
        "INSERT INTO agents(id, name) SELECT lpad(g::text, 3, '0'), 'alert-name-' || g FROM generate_series(1, %2) g "
        "ON CONFLICT DO NOTHING; "
        "INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, raw) "
        "SELECT '%3-' || g, lpad((mod(g, %2) + 1)::text, 3, '0'), 5710, 5, '{}' FROM generate_series(1, %1) g; "
        "NOTIFY new_alert;").arg(n).arg(agents).arg(tag)));
}

int count(const DbConnectionInfo &db, const QString &sql) { return TestDatabase::scalar(db, sql).toInt(); }

WazuhApiClient::Options apiAt(const QUrl &url)
{
    WazuhApiClient::Options o;
    o.url = url;
    o.user = QStringLiteral("wazuh");
    o.password = QStringLiteral("wazuh-test-pass");
    o.timeoutMs = 3000;
    o.baseBackoffMs = 50;
    return o;
}

StageRunner::Options runnerOptions()
{
    StageRunner::Options o;
    o.batchSize = 200;
    o.concurrency = 4;
    o.pollMs = 200;
    o.baseBackoffMs = 50;
    return o;
}

QString daemonDsn(const DbConnectionInfo &db) { return db.toUri(); }

}  // namespace

class TestEnrichmentStage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void burstFromTwentyAgentsNeedsFewLookups()
    {
        const auto db = freshDb(QStringLiteral("enrich_burst"));
        WazuhStandIn api;
        api.addAgents(20);
        WazuhStandIn::Agent manager;
        manager.id = QStringLiteral("000");
        manager.name = QStringLiteral("wazuh-manager");  // no ip: the manager reports none
        manager.lastKeepAlive = QStringLiteral("9999-12-31T23:59:59Z");
        api.setAgent(manager);
        QVERIFY(api.listen());
        insertAlerts(db, 5000, 20);
        QVERIFY(TestDatabase::exec(db, QStringLiteral(
            "INSERT INTO agents(id, name) VALUES ('000', 'manager-from-alert'); "
            "INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, raw) VALUES ('m1', '000', 502, 3, '{}')")));
        // sync far away: only the batches' lookups count
        StageRunner runner(db, std::make_unique<EnrichmentStage>(apiAt(api.url()), 300, 3600, 10, 10), runnerOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 5001, 60000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM transitions")), 5001);
        // one initial sync + lookups for the batches' unknown agents: far fewer than 1 per 50 alerts
        qInfo("GET /agents requests for 5,001 alerts from 21 agents: %d (logins %d)", api.agentRequests.load(), api.logins.load());
        QVERIFY2(api.agentRequests.load() < 5001 / 50, qPrintable(QString::number(api.agentRequests.load())));
        QVERIFY(api.badRequests.isEmpty());
        // the details landed in the older pipeline's columns
        Conn c(db);
        QSqlQuery q(c.db());
        QVERIFY(q.exec(QStringLiteral("SELECT name, ip, os, agent_version, status_text, groups::text, node_name, "
                                      "manager_name, api_found, api_response->>'id', config_sum, register_ip "
                                      "FROM agents WHERE id = '007'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("host-007"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("10.0.0.8"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("Ubuntu 22.04.3 LTS"));
        QCOMPARE(q.value(3).toString(), QStringLiteral("Wazuh v4.14.0"));
        QCOMPARE(q.value(4).toString(), QStringLiteral("active"));
        QCOMPARE(q.value(5).toString(), QStringLiteral("[\"default\", \"web\"]"));
        QCOMPARE(q.value(6).toString(), QStringLiteral("node01"));
        QCOMPARE(q.value(7).toString(), QStringLiteral("wazuh-manager"));
        QVERIFY(q.value(8).toBool());
        QCOMPARE(q.value(9).toString(), QStringLiteral("007"));
        QVERIFY(!q.value(10).toString().isEmpty());
        QCOMPARE(q.value(11).toString(), QStringLiteral("any"));
        // the manager (000) is an agent like any other, without an IP
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT name || ' ' || COALESCE(ip, '-') || ' ' || status_text "
                                                         "FROM agents WHERE id = '000'")),
                 QStringLiteral("wazuh-manager - active"));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE enriched_at IS NULL")), 0);
        runner.stop();
    }

    void requestsFitWazuhsPublishedApi()
    {
        const auto db = freshDb(QStringLiteral("enrich_prism"));
        eos::test::PrismServer prism(QStringLiteral(EOS_PRISM_BIN), QStringLiteral(EOS_TEST_DATA_DIR "/wazuh-api-4.14.yaml"));
        QString err;
        QVERIFY2(prism.start(&err), qPrintable(err));
        // Prism's examples hold agents 001 and 002
        insertAlerts(db, 40, 2);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("INSERT INTO agents(id) VALUES ('000'); "
                                                      "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw) VALUES ('m', '000', 3, '{}')")));
        auto *stage = new EnrichmentStage(apiAt(prism.url()), 300, 5, 10, 10);
        StageRunner runner(db, std::unique_ptr<eos::Stage>(stage), runnerOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 41, 60000);
        // the answers were stored: Prism's example agent 001
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM agents WHERE id = '001' AND api_found "
                                                          "AND os IS NOT NULL AND status_text IS NOT NULL")) == 1, 30000);
        // and the full inventory sync went through too (paged GET /agents without agents_list)
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM eos_schedule WHERE name = 'agent_sync'")) == 1, 10000);
        QVERIFY(stage->inventory()->lookupsSent() >= 1);
        const QStringList violations = prism.violationsSince(0);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));
        QVERIFY(prism.log().contains(QStringLiteral("/agents")));
        runner.stop();
    }

    void withoutApiAlertsPassThrough()
    {
        const auto db = freshDb(QStringLiteral("enrich_noapi"));
        insertAlerts(db, 300, 3);
        StageRunner runner(db, std::make_unique<EnrichmentStage>(WazuhApiClient::Options{}, 300, 60, 10, 10), runnerOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 300, 30000);
        // the agent fields from the alerts stay, nothing invented
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT name FROM agents WHERE id = '002'")), QStringLiteral("alert-name-2"));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agents WHERE api_fetch_timestamp IS NOT NULL")), 0);
        runner.stop();
    }

    void apiDownAtStartThenBack()
    {
        const auto db = freshDb(QStringLiteral("enrich_down"));
        WazuhStandIn api;
        api.addAgents(5);
        api.setDown(true);
        QVERIFY(api.listen());
        insertAlerts(db, 500, 5);
        auto *stage = new EnrichmentStage(apiAt(api.url()), 300, 1, 10, 10);
        StageRunner runner(db, std::unique_ptr<eos::Stage>(stage), runnerOptions());
        runner.start();
        // the pipeline does not stall: every alert moves on without the API
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 500, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agents WHERE api_found")), 0);
        QVERIFY(api.requests.load() > 0);  // it did try
        // the API comes back: the agents are looked up again (sync every second) without new alerts
        api.setDown(false);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM agents WHERE api_found AND os IS NOT NULL")), 5, 60000);
        // and new alerts of a known agent need no further lookup
        const int before = api.agentRequests.load();
        QSignalSpy synced(stage->statusMonitor(), &eos::AgentStatusMonitor::synced);
        insertAlerts(db, 100, 5, QStringLiteral("b"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 600, 30000);
        QCOMPARE(api.agentRequests.load() - before, int(synced.size()));  // only the syncs asked
        runner.stop();
    }

    void disconnectedAgentRaisesOneAlertAndOneRecovery()
    {
        const auto db = freshDb(QStringLiteral("enrich_offline"));
        WazuhStandIn api;
        api.addAgents(3);
        const QString longAgo = QDateTime::currentDateTimeUtc().addSecs(-25 * 60).toString(Qt::ISODate);
        const QString justNow = QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODate);
        api.setStatus(QStringLiteral("002"), QStringLiteral("disconnected"), longAgo);
        api.setStatus(QStringLiteral("003"), QStringLiteral("disconnected"), justNow);  // 1 min: not yet
        QVERIFY(api.listen());
        // two daemons' stages on one database: still one alert per episode
        auto *s1 = new EnrichmentStage(apiAt(api.url()), 300, 1, 10, 10);
        auto *s2 = new EnrichmentStage(apiAt(api.url()), 300, 1, 10, 10);
        StageRunner r1(db, std::unique_ptr<eos::Stage>(s1), runnerOptions());
        StageRunner r2(db, std::unique_ptr<eos::Stage>(s2), runnerOptions());
        r1.start();
        r2.start();
        const QString offline = QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100900");
        const QString recovery = QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100901");
        QTRY_COMPARE_WITH_TIMEOUT(count(db, offline), 1, 30000);
        // it is an ordinary alert: enriched like any other, with Wazuh's shape
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100900 "
                                                           "AND state = 'agent_enriched' AND agent_id = '002' AND rule_level = 10 "
                                                           "AND groups = '{eos,agent_status}' "
                                                           "AND rule_desc = 'Wazuh agent disconnected: host-002 (002)'")),
                                  1, 30000);
        // more syncs: nothing new (the episode is open)
        QSignalSpy synced1(s1->statusMonitor(), &eos::AgentStatusMonitor::synced);
        QSignalSpy synced2(s2->statusMonitor(), &eos::AgentStatusMonitor::synced);
        QTRY_VERIFY_WITH_TIMEOUT(synced1.size() + synced2.size() >= 3, 30000);
        QCOMPARE(count(db, offline), 1);
        QCOMPARE(count(db, recovery), 0);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agent_offline_episodes WHERE agent_id = '003'")), 0);
        // reconnection: one recovery, the episode closed
        api.setStatus(QStringLiteral("002"), QStringLiteral("active"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, recovery), 1, 30000);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT rule_level || ' ' || rule_desc FROM alerts WHERE rule_id = 100901")),
                 QStringLiteral("3 Wazuh agent reconnected: host-002 (002)"));
        synced1.clear();
        synced2.clear();
        QTRY_VERIFY_WITH_TIMEOUT(synced1.size() + synced2.size() >= 3, 30000);
        QCOMPARE(count(db, offline), 1);
        QCOMPARE(count(db, recovery), 1);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agent_offline_episodes WHERE recovered_at IS NOT NULL")), 1);
        // the Agents view's data: live status in the table
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT status_text FROM agents WHERE id = '002'")), QStringLiteral("active"));
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT status_text FROM agents WHERE id = '003'")), QStringLiteral("disconnected"));
        r1.stop();
        r2.stop();
    }

    void alertLostInACrashIsRaisedAtTheNextSync()
    {
        const auto db = freshDb(QStringLiteral("enrich_repair"));
        WazuhStandIn api;
        api.addAgents(1);
        api.setStatus(QStringLiteral("001"), QStringLiteral("disconnected"),
                      QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate));
        QVERIFY(api.listen());
        auto *stage = new EnrichmentStage(apiAt(api.url()), 300, 1, 10, 10);
        StageRunner runner(db, std::unique_ptr<eos::Stage>(stage), runnerOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100900")), 1, 30000);
        // as if the daemon died between the episode and its alert
        QVERIFY(TestDatabase::exec(db, QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; DELETE FROM audit_log; "
                                                      "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only; "
                                                      "DELETE FROM alerts WHERE rule_id = 100900")));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 100900")), 1, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agent_offline_episodes")), 1);
        runner.stop();
    }

    void killedDaemonsLeasesAreTakenOver()
    {
        const auto db = freshDb(QStringLiteral("enrich_kill"));
        WazuhStandIn api;
        api.addAgents(10);
        QVERIFY(api.listen());
        api.setHang(true);  // the daemon's lookups hang: it holds its batches when it is killed
        insertAlerts(db, 2000, 10);
        QTemporaryDir dataDir;
        QProcess daemon;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_DSN"), daemonDsn(db));
        env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir.path());
        env.insert(QStringLiteral("WAZUH_API_URL"), api.url().toString());
        env.insert(QStringLiteral("WAZUH_API_USER"), QStringLiteral("wazuh"));
        env.insert(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("pw"));
        env.insert(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), QStringLiteral("5"));
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString());
        env.remove(QStringLiteral("EOS_ENV_FILE"));
        daemon.setProcessEnvironment(env);
        daemon.setProcessChannelMode(QProcess::MergedChannels);
        daemon.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
        QVERIFY(daemon.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM stage_leases")) > 0, 30000);
        ::kill(pid_t(daemon.processId()), SIGKILL);
        QVERIFY(daemon.waitForFinished(10000));
        const int held = count(db, QStringLiteral("SELECT count(*) FROM stage_leases l JOIN alerts a ON a.id = l.alert_id WHERE a.state = 'new'"));
        QVERIFY(held > 0);
        qInfo("killed the daemon holding %d alerts", held);
        // a second daemon (here: a runner) takes over once the leases expire; the API answers now
        api.setHang(false);
        auto o = runnerOptions();
        o.leaseSeconds = 5;
        StageRunner next(db, std::make_unique<EnrichmentStage>(apiAt(api.url()), 300, 3600, 10, 10), o);
        next.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 2000, 60000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM transitions")), 2000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(DISTINCT id) FROM transitions")), 2000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM agents WHERE api_found AND os IS NOT NULL")), 10);
        next.stop();
    }

    void twoDaemonsEnrichEachAlertOnce()
    {
        const auto db = freshDb(QStringLiteral("enrich_two"));
        WazuhStandIn api;
        api.addAgents(20);
        QVERIFY(api.listen());
        QTemporaryDir d1, d2;
        QProcess a, b;
        for (auto [p, dir] : {std::pair{&a, &d1}, std::pair{&b, &d2}}) {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PG_DSN"), daemonDsn(db));
            env.insert(QStringLiteral("EOS_DATA_DIR"), dir->path());
            env.insert(QStringLiteral("WAZUH_API_URL"), api.url().toString());
            env.insert(QStringLiteral("WAZUH_API_USER"), QStringLiteral("wazuh"));
            env.insert(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("pw"));
            env.insert(QStringLiteral("EOS_STAGE_BATCH"), QStringLiteral("100"));
            env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString());
            env.remove(QStringLiteral("EOS_ENV_FILE"));
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
            QVERIFY(p->waitForStarted());
        }
        // both running before the alerts arrive, so both take part
        QString outA, outB;
        QTRY_VERIFY_WITH_TIMEOUT((outA += QString::fromUtf8(a.readAll()), outB += QString::fromUtf8(b.readAll()),
                                  outA.contains(QStringLiteral("stage enrich started")) &&
                                      outB.contains(QStringLiteral("stage enrich started"))),
                                 30000);
        insertAlerts(db, 5000, 20);
        // the daemons' LLM stage (no provider here) moves enriched alerts on to summarized: count transitions
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM transitions")), 5000, 120000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state IN ('agent_enriched', 'summarized')")), 5000, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(DISTINCT id) FROM transitions")), 5000);
        // both daemons did part of the work: their leases name two processes
        QCOMPARE(count(db, QStringLiteral("SELECT count(DISTINCT split_part(owner, ':', 2)) FROM lease_owners")), 2);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM stage_leases WHERE stage = 'enrich'")), 0);
        a.terminate();
        b.terminate();
        QVERIFY(a.waitForFinished(15000));
        QVERIFY(b.waitForFinished(15000));
        outA += QString::fromUtf8(a.readAll());
        outB += QString::fromUtf8(b.readAll());
        QVERIFY2(outA.contains(QStringLiteral("stage enrich stopped")), qPrintable(outA.right(2000)));
        QVERIFY2(outB.contains(QStringLiteral("stage enrich stopped")), qPrintable(outB.right(2000)));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEnrichmentStage)
#include "test_enrichment_stage.moc"
