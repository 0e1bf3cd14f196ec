// bench/stages: enrichment at volume. Stores N alerts (default 100,000) from A agents (default 1,000)
// in state `new` in a throwaway embedded cluster (or PG_DSN), then runs the enrichment stage (a real
// StageRunner + EnrichmentStage on its own thread, default options) against a local stand-in for the
// Wazuh API that knows every agent, and times it until every alert is `agent_enriched`.
// Prints alerts/s, API requests per alert, and the process's peak RSS (stage + stand-in + this driver).
// Targets (issue 8): >= 5,000 alerts/s on the 2-core machine, <= 0.02 API requests per alert.
//   bench-stages [--alerts N] [--agents A] [--batch B] [--concurrency C]
#include "core/logging.h"
#include "core/worker_thread.h"
#include "stages/enrichment_stage.h"
#include "stages/stage_runner.h"
#include "bench_database.h"
#include "store/migrator.h"
#include "wazuh_stand_in.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace eos;

namespace {

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        std::fprintf(stderr, "query failed: %s\n%s\n", qPrintable(q.lastError().text()), qPrintable(sql));
        return -1;
    }
    return q.value(0).toLongLong();
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::init(QStringLiteral("warn"), Logging::Format::Text);
    int alerts = 100000, agents = 1000;
    StageRunner::Options ro;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--alerts")) alerts = args[i + 1].toInt();
        if (args[i] == QLatin1String("--agents")) agents = args[i + 1].toInt();
        if (args[i] == QLatin1String("--batch")) ro.batchSize = args[i + 1].toInt();
        if (args[i] == QLatin1String("--concurrency")) ro.concurrency = args[i + 1].toInt();
    }

    bench::BenchDatabase bdb;
    QString err;
    if (!bdb.open(&err)) {
        std::fprintf(stderr, "%s\n", qPrintable(err));
        return 2;
    }
    QSqlDatabase &db = bdb.db();
    const DbConnectionInfo info = bdb.info();
    if (!bdb.reset(QStringLiteral("audit_log, stage_leases, alerts, agents, agent_offline_episodes, eos_schedule"), &err)) {
        std::fprintf(stderr, "reset failed: %s\n", qPrintable(err));
        return 2;
    }
    QSqlQuery fill(db);
    // rows as ingest stores them: the agent row carries only the alert's name, no API fields
    if (!fill.exec(QStringLiteral("INSERT INTO agents(id, name) SELECT to_char(g, 'FM000'), 'host-' || g "
                                  "FROM generate_series(1, %1) g").arg(agents)) ||
        !fill.exec(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw) "
                                  "SELECT 'bench-' || g, to_char(mod(g * 7919, %2) + 1, 'FM000'), 5710, 5, "
                                  "'sshd: attempt to login using a non-existent user', "
                                  "'{\"rule\":{\"id\":\"5710\",\"level\":5}}' FROM generate_series(1, %1) g")
                       .arg(alerts)
                       .arg(agents)) ||
        !fill.exec(QStringLiteral("VACUUM ANALYZE alerts"))) {
        std::fprintf(stderr, "fill failed: %s\n", qPrintable(fill.lastError().text()));
        return 2;
    }
    std::printf("stored %d alerts from %d agents in state new\n", alerts, agents);

    test::WazuhStandIn api;
    api.addAgents(agents);
    if (!api.listen()) {
        std::fprintf(stderr, "stand-in API cannot listen\n");
        return 2;
    }
    WazuhApiClient::Options ao;
    ao.url = api.url();
    ao.user = QStringLiteral("wazuh");
    ao.password = QStringLiteral("bench");
    // default sync interval (60 s): the run is shorter, so the batches' lookups are what is measured
    auto *runner = new StageRunner(info, std::make_unique<EnrichmentStage>(ao, 0, 60, 10, 10), ro);
    WorkerThread thread(QStringLiteral("bench-enrich"), runner);
    std::printf("enrichment: batches of %d, %d at once, stand-in Wazuh API at %s\n", ro.batchSize, ro.concurrency,
                qPrintable(api.url().toString()));

    QElapsedTimer t;
    t.start();
    thread.start();
    QMetaObject::invokeMethod(runner, &StageRunner::start, Qt::QueuedConnection);
    qint64 done = 0;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        done = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'"));
        if (done >= alerts || t.elapsed() > 600000) loop.quit();
    });
    poll.start(20);
    loop.exec();
    const double secs = double(t.elapsed()) / 1000.0;
    QMetaObject::invokeMethod(runner, &StageRunner::stop, Qt::BlockingQueuedConnection);
    thread.stop();

    const int requests = api.agentRequests.load() + api.logins.load();
    const double rate = double(done) / secs;
    const double perAlert = double(requests) / double(std::max<qint64>(1, done));
    const long rssKb = bench::peakRssKb();
    std::printf("\nenriched %lld of %d alerts in %.2f s\n", static_cast<long long>(done), alerts, secs);
    std::printf("%-44s %10.0f alerts/s   target >= 5000  %s\n", "throughput", rate, rate >= 5000 ? "met" : "MISSED");
    std::printf("%-44s %10.4f          target <= 0.02  %s\n", "API requests per alert", perAlert,
                perAlert <= 0.02 ? "met" : "MISSED");
    std::printf("%-44s %10d (GET /agents %d, logins %d, agents answered %d)\n", "API requests", requests,
                api.agentRequests.load(), api.logins.load(), api.agentsAnswered.load());
    std::printf("%-44s %10.1f MB\n", "peak RSS (stage + stand-in + driver)", double(rssKb) / 1024.0);
    return done >= alerts ? 0 : 1;
}
