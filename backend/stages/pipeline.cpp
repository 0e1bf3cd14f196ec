#include "stages/pipeline.h"

#include "ingest/alerts_file_follower.h"
#include "stages/dispatch_routes.h"
#include "stages/dispatch_sender.h"
#include "stages/dispatch_stage.h"
#include "stages/enrichment_stage.h"
#include "stages/response_policy_stage.h"
#include "stages/llm_stage.h"
#include "clients/wazuh_api_client.h"
#include "stages/stage_runner.h"
#include "stages/status_reporter.h"
#include "ingest/http_listener.h"
#include "ingest/ingest_writer.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "store/retention_worker.h"
#include "store/rollup_folder.h"
#include "core/worker_thread.h"

#include <QDateTime>
#include <QDir>
#include <QMetaObject>
#include <QThreadPool>
#include <QTimer>

#include <climits>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <utility>

namespace eos {
namespace {
auto log() { return Logging::get("pipeline"); }
constexpr int kTrimIntervalMs = 60000;
}

Pipeline::Pipeline(Config config, DbConnectionInfo db, QString dataDir, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_db(std::move(db)), m_dataDir(std::move(dataDir))
{
}

Pipeline::~Pipeline() { stop(); }

void Pipeline::setSchemaReady(bool ready)
{
    m_schemaReady.store(ready);
    if (m_ingest) m_ingest->setSchemaReady(ready);
}

bool Pipeline::start(QString *error, bool schemaReady)
{
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    // EOS_PIPELINE_STAGES: all, or which parts this daemon runs (the others run elsewhere on the same database)
    const QString selection = m_config.value(QStringLiteral("EOS_PIPELINE_STAGES")).trimmed().toLower();
    m_selected.clear();
    m_knownStages.clear();
    if (!selection.isEmpty() && selection != QLatin1String("all"))
        for (const QString &part : selection.split(u',', Qt::SkipEmptyParts)) m_selected.insert(part.trimmed());

    // ingest first: the intake hands it alerts from its first request on
    IngestWriter::Options ingestOptions = IngestWriter::optionsFrom(m_config, m_dataDir);
    ingestOptions.entry = entry();
    m_ingest = new IngestWriter(m_db, ingestOptions);
    m_schemaReady.store(schemaReady);
    m_ingest->setSchemaReady(schemaReady);
    m_ingestThread = std::make_unique<WorkerThread>(QStringLiteral("eos-ingest"), m_ingest);
    m_ingestThread->start();
    watch(QStringLiteral("eos-ingest"), m_ingest);
    QMetaObject::invokeMethod(m_ingest, &IngestWriter::start, Qt::BlockingQueuedConnection);

    auto *retention = new RetentionWorker(m_db, m_config.intValue(QStringLiteral("EOS_RETENTION_DAYS"), 0),
                                          m_config.intValue(QStringLiteral("EOS_AUDIT_RETENTION_DAYS"), 0));
    auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-retention"), retention);
    t->start();
    watch(QStringLiteral("eos-retention"), retention);
    QMetaObject::invokeMethod(retention, &RetentionWorker::start, Qt::QueuedConnection);
    m_otherThreads.push_back(std::move(t));

    // the Overview's and histogram's hourly counts: deltas folded every two seconds (0013_alert_rollup.sql)
    auto *rollup = new RollupFolder(m_db);
    auto rt = std::make_unique<WorkerThread>(QStringLiteral("eos-rollup"), rollup);
    rt->start();
    watch(QStringLiteral("eos-rollup"), rollup);
    QMetaObject::invokeMethod(rollup, &RollupFolder::start, Qt::QueuedConnection);
    m_otherThreads.push_back(std::move(rt));

    // glibc keeps what the pipeline's threads free in their arenas (a one-hour soak at 500 alerts/s: live heap
    // at most 13 MB by heaptrack, RSS still creeping ~2.4 MB per 1,000 s); hand it back once a minute, off
    // the caller's thread (in the console that is the GUI thread)
    m_trimTimer = new QTimer(this);
    connect(m_trimTimer, &QTimer::timeout, this, [] {
#ifdef __GLIBC__
        QThreadPool::globalInstance()->start([] { malloc_trim(0); });
#endif
    });
    m_trimTimer->start(kTrimIntervalMs);

    // the stages after ingest, each on its own thread, claiming their work from PostgreSQL
    startStage(std::make_unique<EnrichmentStage>(m_config), QStringLiteral("eos-enrich"));
    startStage(std::make_unique<LlmStage>(LlmStage::optionsFrom(m_config)), QStringLiteral("eos-llm"),
               LlmStage::runnerOptions(m_config));
    // auto-response beside the pipeline (a side stage: it never moves alerts on)
    if (!m_config.value(QStringLiteral("EOS_RESPONSE_POLICIES")).isEmpty()) {
        QString policyError;
        auto options = ResponsePolicyStage::optionsFrom(m_config, &policyError);
        if (!policyError.isEmpty()) {
            *error = policyError;
            stop();
            return false;
        }
        startStage(std::make_unique<ResponsePolicyStage>(std::move(options)), QStringLiteral("eos-respond"));
    }
    startDispatch();

    m_running = true;
    QStringList unknown;
    for (const QString &part : std::as_const(m_selected))
        if (part != QLatin1String("ingest") && !m_knownStages.contains(part)) unknown << part;
    if (!unknown.isEmpty()) {
        unknown.sort();
        *error = QStringLiteral("EOS_PIPELINE_STAGES names %1, which is not a part of the pipeline (known: all, ingest, %2)")
                     .arg(unknown.join(QStringLiteral(", ")), m_knownStages.join(QStringLiteral(", ")));
        stop();
        return false;
    }
    if (runs(QStringLiteral("ingest"))) {
        if (!startIntake(error)) {
            stop();
            return false;
        }
    } else {
        log()->info("ingest is not run by this daemon (EOS_PIPELINE_STAGES={}): no listener, no alerts.json follower", s(selection));
    }
    startStatusReporter();
    log()->info("pipeline started{}", m_selected.isEmpty() ? std::string() : " (" + s(selection) + ")");
    return true;
}

// daemon_status: what this instance runs, for `eos-console status` anywhere on the same database
void Pipeline::startStatusReporter()
{
    const int interval = m_config.intValue(QStringLiteral("EOS_STATUS_INTERVAL_S"), 10);
    if (interval <= 0) return;
    QStringList parts;
    if (runs(QStringLiteral("ingest"))) parts << QStringLiteral("ingest");
    parts += m_stageNames;
    QString listener;
    if (!runs(QStringLiteral("ingest"))) listener = QStringLiteral("not run here (EOS_PIPELINE_STAGES)");
    else if (m_listenerPort) listener = QStringLiteral("%1:%2").arg(m_config.value(QStringLiteral("LISTEN_ADDR"))).arg(m_listenerPort);
    else listener = QStringLiteral("not running: WEBHOOK_AUTH_TOKEN is not set");
    auto identity = StatusReporter::thisProcess(parts, listener);
    identity.listenerTls = m_listenerPort && !m_config.value(QStringLiteral("EOS_TLS_CERT")).isEmpty() &&
                           !m_config.value(QStringLiteral("EOS_TLS_KEY")).isEmpty();
    auto *reporter = new StatusReporter(m_db, identity, interval);
    m_status = std::make_unique<WorkerThread>(QStringLiteral("eos-status"), reporter);
    m_status->start();
    watch(QStringLiteral("eos-status"), reporter);
    QMetaObject::invokeMethod(reporter, &StatusReporter::start, Qt::QueuedConnection);
}

bool Pipeline::runs(const QString &part) const { return m_selected.isEmpty() || m_selected.contains(part); }

// Stages that would only move an alert on are skipped at insert (AlertStore::Entry) — only those this daemon
// runs itself with a configuration that makes them pass-throughs, so a daemon that leaves enrichment to
// another daemon (EOS_PIPELINE_STAGES) never skips that daemon's work.
AlertStore::Entry Pipeline::entry() const
{
    AlertStore::Entry e;
    if (!runs(QStringLiteral("enrich")) || WazuhApiClient::isConfigured(WazuhApiClient::optionsFrom(m_config))) return e;
    e.enriched = true;
    if (runs(QStringLiteral("llm"))) {
        const LlmStage::Options llm = LlmStage::optionsFrom(m_config);
        e.summarizedBelowLevel = llm.client.provider == LlmClient::Provider::Off ? INT_MAX : llm.minLevel;
    }
    log()->info("no Wazuh API: new alerts enter as agent_enriched{}", e.summarizedBelowLevel == INT_MAX
                    ? std::string(", and as summarized (no LLM)")
                    : e.summarizedBelowLevel > 0 ? fmt::format(", below level {} as summarized (LLM_MIN_LEVEL)", e.summarizedBelowLevel)
                                                 : std::string());
    return e;
}

void Pipeline::startStage(std::unique_ptr<Stage> stage, const QString &threadName, std::optional<StageRunner::Options> options)
{
    m_knownStages << stage->name();
    if (!runs(stage->name())) {
        log()->info("stage {} is not run by this daemon (EOS_PIPELINE_STAGES)", s(stage->name()));
        return;
    }
    auto *runner = new StageRunner(m_db, std::move(stage), options ? *options : StageRunner::optionsFrom(m_config));
    auto t = std::make_unique<WorkerThread>(threadName, runner);
    t->start();
    watch(threadName, runner);
    QMetaObject::invokeMethod(runner, &StageRunner::start, Qt::QueuedConnection);
    m_stages.push_back({std::move(t), [runner] {
                            QMetaObject::invokeMethod(runner, &StageRunner::stop, Qt::BlockingQueuedConnection);
                        }});
    m_stageNames << runner->stage()->name();
}

void Pipeline::startDispatch()
{
    // routing stage (summarized -> sent, one outbox row per matching route) and the outbox sender
    const QString file = m_config.value(QStringLiteral("EOS_ROUTES_FILE"));
    if (file.isEmpty()) {
        log()->info("dispatch not started: EOS_ROUTES_FILE is not set (alerts stay summarized)");
        return;
    }
    QString err;
    auto routes = DispatchRoutes::load(file, &err);
    if (!routes) {
        log()->error("dispatch not started, alerts wait in state summarized: {}", s(err));
        return;
    }
    DispatchRoutes::applyTokens(*routes, m_config);
    startStage(std::make_unique<DispatchStage>(*routes), QStringLiteral("eos-dispatch"));
    auto *sender = new DispatchSender(m_db, *routes, m_config, DispatchSender::optionsFrom(m_config));
    auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-outbox"), sender);
    t->start();
    QMetaObject::invokeMethod(sender, &DispatchSender::start, Qt::QueuedConnection);
    m_stages.push_back({std::move(t), [sender] {
                            QMetaObject::invokeMethod(sender, [sender] { sender->stop(); }, Qt::BlockingQueuedConnection);
                        }});
}

bool Pipeline::startIntake(QString *error)
{
    // HTTP listener. Without a token it does not start (it never accepts unauthenticated alerts).
    if (m_config.value(QStringLiteral("WEBHOOK_AUTH_TOKEN")).isEmpty()) {
        log()->warn("alert listener not started: WEBHOOK_AUTH_TOKEN is not set (Eos never accepts "
                    "unauthenticated alerts); set it in the env file to receive alerts over HTTP");
    } else {
        auto *listener = new HttpListener(m_config, m_ingest, [this] { return health(); });
        auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-listener"), listener);
        t->start();
        bool ok = false;
        QMetaObject::invokeMethod(listener, &HttpListener::start, Qt::BlockingQueuedConnection, &ok);
        if (!ok) {
            *error = QStringLiteral("the alert listener cannot start: %1").arg(listener->lastError());
            return false;
        }
        m_listenerPort = listener->port();
        watch(QStringLiteral("eos-listener"), listener);
        m_intake.push_back({std::move(t), [listener] {
                                QMetaObject::invokeMethod(listener, &HttpListener::stop, Qt::BlockingQueuedConnection);
                            }});
    }

    // Lossless alternative on the manager host: follow alerts.json.
    const QString alertsFile = m_config.value(QStringLiteral("EOS_ALERTS_FILE"));
    if (!alertsFile.isEmpty()) {
        AlertsFileFollower::Options o;
        o.minLevel = m_config.intValue(QStringLiteral("EOS_MIN_LEVEL"), 0);
        o.batchSize = std::max(1, m_config.intValue(QStringLiteral("EOS_BATCH_SIZE"), IngestWriter::Options{}.batchSize));
        auto *follower = new AlertsFileFollower(alertsFile, QDir(m_dataDir).filePath(QStringLiteral("state")), m_ingest, o);
        auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-follower"), follower);
        t->start();
        watch(QStringLiteral("eos-follower"), follower);
        QMetaObject::invokeMethod(follower, &AlertsFileFollower::start, Qt::QueuedConnection);
        m_intake.push_back({std::move(t), [follower] {
                                QMetaObject::invokeMethod(follower, &AlertsFileFollower::stop, Qt::BlockingQueuedConnection);
                            }});
        log()->info("following {}", s(alertsFile));
    }
    return true;
}

QJsonObject Pipeline::health() const
{
    const auto &m = Metrics::instance();
    // only the state: /healthz needs no token, so it does not tell who or where the database is
    QJsonObject db{{QStringLiteral("up"), m.databaseUp.load() == 1}, {QStringLiteral("schema_current"), m_schemaReady.load()}};
    QJsonObject spool{{QStringLiteral("depth"), qint64(m.spoolDepth.load())}, {QStringLiteral("bytes"), qint64(m.spoolBytes.load())}};
    QJsonObject stages;
    for (const QString &name : m_stageNames) {
        const StageMetrics &sm = Metrics::instance().stage(name);
        stages.insert(name, QJsonObject{{QStringLiteral("backlog"), qint64(sm.backlog.load())},
                                        {QStringLiteral("processed"), qint64(sm.processed.load())},
                                        {QStringLiteral("failed"), qint64(sm.failed.load())}});
    }
    return QJsonObject{{QStringLiteral("database"), db},
                       {QStringLiteral("stages"), stages},
                       {QStringLiteral("spool"), spool},
                       {QStringLiteral("queued"), m_ingest ? m_ingest->queued() : 0},
                       {QStringLiteral("uptime_seconds"), (QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000}};
}

void Pipeline::watch(const QString &threadName, QObject *worker)
{
    m_heartbeats.push_back({threadName, worker, std::make_shared<std::atomic<qint64>>(QDateTime::currentMSecsSinceEpoch())});
}

void Pipeline::probeThreads()
{
    if (!m_running) return;
    for (const auto &hb : m_heartbeats) {
        // runs when the thread's event loop gets to it: a thread stuck in a call never answers
        QMetaObject::invokeMethod(hb.worker, [last = hb.lastMs] { last->store(QDateTime::currentMSecsSinceEpoch()); },
                                  Qt::QueuedConnection);
    }
}

QStringList Pipeline::stalledThreads(qint64 maxAgeMs) const
{
    QStringList stalled;
    if (!m_running) return stalled;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &hb : m_heartbeats)
        if (now - hb.lastMs->load() > maxAgeMs) stalled << hb.thread;
    return stalled;
}

QObject *Pipeline::workerOf(const QString &threadName) const
{
    for (const auto &hb : m_heartbeats)
        if (hb.thread == threadName) return hb.worker;
    return nullptr;
}

void Pipeline::stop()
{
    if (m_trimTimer) m_trimTimer->stop();
    if (!m_running) return;
    m_heartbeats.clear();  // the workers are deleted with their threads below
    if (m_status) {
        // a clean stop takes this instance out of `eos-console status` at once
        QMetaObject::invokeMethod(static_cast<StatusReporter *>(m_status->worker()), &StatusReporter::removeSelf,
                                  Qt::BlockingQueuedConnection);
        m_status.reset();
    }
    // the intake first, so nothing new arrives while in-flight requests get their answers
    for (auto &in : m_intake) {
        in.stop();
        in.thread->stop(8000);
    }
    m_intake.clear();
    if (m_ingest) QMetaObject::invokeMethod(m_ingest, &IngestWriter::stop, Qt::BlockingQueuedConnection);
    m_ingestThread.reset();
    m_ingest = nullptr;
    for (auto &st : m_stages) {
        st.stop();
        st.thread->stop(8000);
    }
    m_stages.clear();
    for (auto &t : m_otherThreads) t->stop(8000);
    m_otherThreads.clear();
    m_running = false;
    log()->info("pipeline stopped");
}

}  // namespace eos
