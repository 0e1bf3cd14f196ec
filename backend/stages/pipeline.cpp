#include "stages/pipeline.h"

#include "ingest/alerts_file_follower.h"
#include "stages/dispatch_routes.h"
#include "stages/dispatch_sender.h"
#include "stages/dispatch_stage.h"
#include "stages/enrichment_stage.h"
#include "stages/stage_runner.h"
#include "ingest/http_listener.h"
#include "ingest/ingest_writer.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "store/retention_worker.h"
#include "core/worker_thread.h"

#include <QDateTime>
#include <QDir>
#include <QMetaObject>

namespace eos {
namespace {
auto log() { return Logging::get("pipeline"); }
}

Pipeline::Pipeline(Config config, DbConnectionInfo db, QString dataDir, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_db(std::move(db)), m_dataDir(std::move(dataDir))
{
}

Pipeline::~Pipeline() { stop(); }

void Pipeline::setSchemaReady(bool ready)
{
    if (m_ingest) m_ingest->setSchemaReady(ready);
}

bool Pipeline::start(QString *error, bool schemaReady)
{
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    // ingest first: the intake hands it alerts from its first request on
    m_ingest = new IngestWriter(m_db, IngestWriter::optionsFrom(m_config, m_dataDir));
    m_ingest->setSchemaReady(schemaReady);
    m_ingestThread = std::make_unique<WorkerThread>(QStringLiteral("eos-ingest"), m_ingest);
    m_ingestThread->start();
    QMetaObject::invokeMethod(m_ingest, &IngestWriter::start, Qt::BlockingQueuedConnection);

    auto *retention = new RetentionWorker(m_db, m_config.intValue(QStringLiteral("EOS_RETENTION_DAYS"), 0));
    auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-retention"), retention);
    t->start();
    QMetaObject::invokeMethod(retention, &RetentionWorker::start, Qt::QueuedConnection);
    m_otherThreads.push_back(std::move(t));

    // the stages after ingest, each on its own thread, claiming their work from PostgreSQL
    startStage(std::make_unique<EnrichmentStage>(m_config), QStringLiteral("eos-enrich"));
    startDispatch();

    m_running = true;
    if (!startIntake(error)) {
        stop();
        return false;
    }
    log()->info("pipeline started");
    return true;
}

void Pipeline::startStage(std::unique_ptr<Stage> stage, const QString &threadName)
{
    auto *runner = new StageRunner(m_db, std::move(stage), StageRunner::optionsFrom(m_config));
    auto t = std::make_unique<WorkerThread>(threadName, runner);
    t->start();
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
    QJsonObject db{{QStringLiteral("up"), m.databaseUp.load() == 1},
                   {QStringLiteral("where"), m_db.describe()}};
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

void Pipeline::stop()
{
    if (!m_running) return;
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
