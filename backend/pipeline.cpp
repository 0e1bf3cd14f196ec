#include "pipeline.h"

#include "ingest_writer.h"
#include "logging.h"
#include "metrics.h"
#include "retention_worker.h"
#include "worker_thread.h"

#include <QDateTime>
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

    m_running = true;
    if (!startIntake(error)) {
        stop();
        return false;
    }
    log()->info("pipeline started");
    return true;
}

bool Pipeline::startIntake(QString *error)
{
    Q_UNUSED(error);
    return true;
}

QJsonObject Pipeline::health() const
{
    const auto &m = Metrics::instance();
    QJsonObject db{{QStringLiteral("up"), m.databaseUp.load() == 1},
                   {QStringLiteral("where"), m_db.describe()}};
    QJsonObject spool{{QStringLiteral("depth"), qint64(m.spoolDepth.load())}, {QStringLiteral("bytes"), qint64(m.spoolBytes.load())}};
    return QJsonObject{{QStringLiteral("database"), db},
                       {QStringLiteral("spool"), spool},
                       {QStringLiteral("queued"), m_ingest ? m_ingest->queued() : 0},
                       {QStringLiteral("uptime_seconds"), (QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000}};
}

void Pipeline::stop()
{
    if (!m_running) return;
    // the intake first, so nothing new arrives while in-flight requests get their answers
    for (auto &t : m_intakeThreads) t->stop(8000);
    m_intakeThreads.clear();
    if (m_ingest) QMetaObject::invokeMethod(m_ingest, &IngestWriter::stop, Qt::BlockingQueuedConnection);
    m_ingestThread.reset();
    m_ingest = nullptr;
    for (auto &t : m_otherThreads) t->stop(8000);
    m_otherThreads.clear();
    m_running = false;
    log()->info("pipeline stopped");
}

}  // namespace eos
