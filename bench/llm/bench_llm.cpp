// bench/llm: LLM triage at volume. Stores N enriched alerts (default 10,000; every one a different
// situation, so no cache hit) in a throwaway embedded cluster (or PG_DSN), runs the LLM stage (a real
// StageRunner + LlmStage on its own thread, the runner options the daemon uses) against the local LLM
// stand-in answering every request after 200 ms, and times it until every alert is `summarized`.
// Then the sample alerts (the project's wazuh-sample-alerts.ndjson when present, else
// tests/data/sample_alerts_50.ndjson) go through a fresh stage with the default cache settings.
// Prints alerts/s against the target LLM_CONCURRENCY / 0.2 s, the concurrency reached at the server,
// the cache hit rate on the sample alerts, and the process's peak RSS (stage + stand-in + driver). After
// the stage's run, the same run measures the machine's bound now: LLM_CONCURRENCY requests at a time from
// the same client straight to the stand-in (no database, no stage), so a loaded machine's figure can be
// read against it. The end of the run is seen from the runner's signal, not by polling the database.
//   bench-llm [--alerts N] [--concurrency C] [--delay-ms D] [--samples FILE]
#include "core/logging.h"
#include "core/worker_thread.h"
#include "llm_stand_in.h"
#include "stages/llm_stage.h"
#include "stages/stage_runner.h"
#include "bench_database.h"
#include "store/migrator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>
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

struct Phase {
    double seconds = 0;
    qint64 done = 0;
};

// Runs the stage until `expected` alerts are summarized (or 15 minutes pass).
Phase runStage(const DbConnectionInfo &info, QSqlDatabase &db, LlmStage::Options o, StageRunner::Options ro, qint64 expected,
               LlmStage::Stats *stats)
{
    auto stage = std::make_unique<LlmStage>(std::move(o));
    LlmStage *s = stage.get();
    auto *runner = new StageRunner(info, std::move(stage), ro);
    WorkerThread thread(QStringLiteral("bench-llm"), runner);
    QElapsedTimer t;
    t.start();
    thread.start();
    QMetaObject::invokeMethod(runner, &StageRunner::start, Qt::QueuedConnection);
    Phase p;
    QEventLoop loop;
    // The end is seen from the runner's batchCompleted signal, not by polling the database: this thread
    // also runs the stand-in, whose 200 ms answers must not wait for the driver's queries (a count every
    // 50 ms cost the stand-in several per cent). A slow poll checks the count in case a signal is missed.
    qint64 doneSeen = 0;
    double doneAt = -1;
    QObject::connect(runner, &StageRunner::batchCompleted, &loop, [&](int done, int, int) {
        doneSeen += done;
        if (doneSeen >= expected && doneAt < 0) {
            doneAt = double(t.elapsed()) / 1000.0;
            loop.quit();
        }
    }, Qt::QueuedConnection);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'summarized'")) >= expected || t.elapsed() > 900000)
            loop.quit();
    });
    poll.start(2000);
    loop.exec();
    p.seconds = doneAt > 0 ? doneAt : double(t.elapsed()) / 1000.0;
    p.done = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'summarized'"));
    QMetaObject::invokeMethod(runner, &StageRunner::stop, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(runner, [stats, s] { *stats = s->stats(); }, Qt::BlockingQueuedConnection);
    thread.stop();
    return p;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::init(QStringLiteral("warn"), Logging::Format::Text);
    int alerts = 10000, concurrency = 16, delayMs = 200;
    QString samples = QStringLiteral("/work/shared/samples/wazuh-sample-alerts.ndjson");
    if (!QFile::exists(samples)) samples = QStringLiteral(EOS_SOURCE_DIR "/tests/data/sample_alerts_50.ndjson");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--alerts")) alerts = args[i + 1].toInt();
        if (args[i] == QLatin1String("--concurrency")) concurrency = args[i + 1].toInt();
        if (args[i] == QLatin1String("--delay-ms")) delayMs = args[i + 1].toInt();
        if (args[i] == QLatin1String("--samples")) samples = args[i + 1];
    }

    bench::BenchDatabase bdb;
    QString err;
    if (!bdb.open(&err)) {
        std::fprintf(stderr, "%s\n", qPrintable(err));
        return 2;
    }
    QSqlDatabase &db = bdb.db();
    const DbConnectionInfo info = bdb.info();
    if (!bdb.reset(QStringLiteral("audit_log, alerts, agents, llm_usage, llm_requests"), &err)) {
        std::fprintf(stderr, "reset failed: %s\n", qPrintable(err));
        return 2;
    }
    QSqlQuery fill(db);
    if (!fill.exec(QStringLiteral("INSERT INTO agents(id, name, ip, os) SELECT to_char(g, 'FM000'), 'host-' || g, '10.0.0.' || g, "
                                  "'Ubuntu 22.04.4 LTS' FROM generate_series(1, 100) g")) ||
        !fill.exec(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state) "
                                  "SELECT 'bench-' || g, to_char(mod(g, 100) + 1, 'FM000'), 5710, 5, "
                                  "'sshd: attempt to login using a non-existent user', "
                                  "jsonb_build_object('rule', jsonb_build_object('id', '5710', 'level', 5, 'description', "
                                  "'sshd: attempt to login using a non-existent user'), 'agent', jsonb_build_object('id', "
                                  "to_char(mod(g, 100) + 1, 'FM000')), 'data', jsonb_build_object('srcip', '198.18.' || (g / 250) || '.' || (g % 250), "
                                  "'srcuser', 'user' || g), 'full_log', 'sshd[' || g || ']: Invalid user user' || g || ' from 198.18.' || (g / 250) || '.' || (g % 250)) , "
                                  "'agent_enriched' FROM generate_series(1, %1) g")
                       .arg(alerts)) ||
        !fill.exec(QStringLiteral("VACUUM ANALYZE alerts"))) {
        std::fprintf(stderr, "fill failed: %s\n", qPrintable(fill.lastError().text()));
        return 2;
    }
    std::printf("stored %d enriched alerts, each a different situation (no cache hits)\n", alerts);

    test::LlmStandIn server;
    server.expectAzure(QStringLiteral("gpt-4o-bench"), QStringLiteral("bench-key-0123456789"));
    server.delayMs = delayMs;
    if (!server.listen()) {
        std::fprintf(stderr, "stand-in cannot listen\n");
        return 2;
    }
    Config config;
    config.set(QStringLiteral("LLM_CONCURRENCY"), QString::number(concurrency));
    LlmStage::Options o = LlmStage::optionsFrom(config);
    o.client.provider = LlmClient::Provider::Azure;
    QUrl url = server.url();
    url.setPath(QStringLiteral("/"));
    o.client.endpoint = url;
    o.client.apiKey = QStringLiteral("bench-key-0123456789");
    o.client.deployment = QStringLiteral("gpt-4o-bench");
    const StageRunner::Options ro = LlmStage::runnerOptions(config);
    std::printf("LLM stage: LLM_CONCURRENCY %d (runner: batches of %d, %d at once), stand-in answers after %d ms\n", concurrency,
                ro.batchSize, ro.concurrency, delayMs);

    LlmStage::Stats stats;
    const Phase p = runStage(info, db, o, ro, alerts, &stats);
    const double rate = double(p.done) / p.seconds;
    const double target = concurrency / (delayMs / 1000.0);
    const long rssKb = bench::peakRssKb();
    std::printf("\nsummarised %lld of %d alerts in %.2f s\n", static_cast<long long>(p.done), alerts, p.seconds);
    std::printf("%-44s %10.1f alerts/s   target %.1f (-10 %% = %.1f)  %s\n", "throughput", rate, target, target * 0.9,
                rate >= target * 0.9 ? "met" : "MISSED");
    std::printf("%-44s %10d (stage %d, LLM_CONCURRENCY %d)\n", "concurrency reached at the server", server.maxInFlight,
                stats.maxActive, concurrency);
    std::printf("%-44s %10d (violations of the protocol: %lld)\n", "requests", server.requests,
                static_cast<long long>(server.violations.size()));
    std::printf("%-44s %10.1f MB\n", "peak RSS after the run (stage + stand-in + driver)", double(rssKb) / 1024.0);
    // the bound of this machine now: LLM_CONCURRENCY requests at a time straight to the same stand-in through
    // the same client (the same prompt of a sample alert), no database and no stage
    {
        LlmClient::Options co = o.client;
        co.parallel = concurrency;
        LlmClient client(co);
        LlmClient::Request req;
        req.json = true;
        req.messages = {{QStringLiteral("system"), QStringLiteral("You triage Wazuh alerts. Answer with the JSON object described.")},
                        {QStringLiteral("user"), QStringLiteral("{\"rule\": {\"id\": \"5710\", \"level\": 5}, \"full_log\": \"sshd[1]: Invalid user x\"}")}};
        const int n = std::max(concurrency * 20, std::min(2000, alerts / 5));
        int started = 0, finished = 0;
        QEventLoop loop;
        QElapsedTimer bt;
        std::function<void()> next = [&] {
            if (started >= n) return;
            ++started;
            client.complete(req, [&](const LlmClient::Result &) {
                if (++finished == n) loop.quit();
                next();
            });
        };
        bt.start();
        for (int i = 0; i < concurrency; ++i) next();
        loop.exec();
        const double bound = n / (double(bt.elapsed()) / 1000.0);
        std::printf("%-44s %10.1f requests/s (%d at concurrency %d straight to the stand-in: %.0f %% of %.1f)\n",
                    "bound now (client only, no stage)", bound, n, concurrency, 100.0 * bound / target, target);
        std::printf("%-44s %10.0f %%\n", "stage throughput / bound measured now", 100.0 * rate / bound);
    }

    // the sample alerts through a fresh stage with the default cache
    QFile f(samples);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(samples));
        return p.done >= alerts ? 0 : 1;
    }
    fill.exec(QStringLiteral("TRUNCATE alerts, llm_usage CASCADE"));
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO agents(id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"));
    QSqlQuery ia(db);
    ia.prepare(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state) "
                              "VALUES (md5(?), ?, ?, ?, ?, ?::jsonb, 'agent_enriched') ON CONFLICT DO NOTHING"));
    int n = 0;
    db.transaction();
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject a = QJsonDocument::fromJson(line).object();
        if (a.isEmpty()) continue;
        const QJsonObject rule = a.value(QStringLiteral("rule")).toObject(), agent = a.value(QStringLiteral("agent")).toObject();
        const QString agentId = agent.value(QStringLiteral("id")).toString(QStringLiteral("000"));
        ins.addBindValue(agentId);
        ins.addBindValue(agent.value(QStringLiteral("name")).toString());
        ins.exec();
        ia.addBindValue(QString::fromUtf8(line));
        ia.addBindValue(agentId);
        ia.addBindValue(rule.value(QStringLiteral("id")).toString().toInt());
        ia.addBindValue(rule.value(QStringLiteral("level")).toInt());
        ia.addBindValue(rule.value(QStringLiteral("description")).toString());
        ia.addBindValue(QString::fromUtf8(line));
        if (ia.exec()) ++n;
    }
    db.commit();
    const qint64 eligible = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_level >= %1").arg(o.minLevel));
    const int before = server.requests;
    LlmStage::Stats sampleStats;
    const Phase sp = runStage(info, db, o, ro, n, &sampleStats);
    const qint64 cached = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE llm_cached"));
    std::printf("\nsample alerts: %d from %s (%lld at or above LLM_MIN_LEVEL %d), %.2f s\n", n, qPrintable(samples),
                static_cast<long long>(eligible), o.minLevel, sp.seconds);
    std::printf("%-44s %9.1f %%  (%lld answers reused, %d requests; cache key: rule, agent, %s)\n", "cache hit rate on the sample alerts",
                eligible > 0 ? 100.0 * double(cached) / double(eligible) : 0.0, static_cast<long long>(cached),
                server.requests - before, qPrintable(o.cacheFields.join(QStringLiteral(", "))));
    std::printf("%-44s %10.1f MB\n", "peak RSS (stage + stand-in + driver)", double(bench::peakRssKb()) / 1024.0);
    return p.done >= alerts ? 0 : 1;
}
