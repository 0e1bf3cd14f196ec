#include "pipeline.h"

#include "logging.h"
#include "retention_worker.h"
#include "worker_thread.h"

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

bool Pipeline::start(QString *error)
{
    Q_UNUSED(error);
    auto *retention = new RetentionWorker(m_db, m_config.intValue(QStringLiteral("EOS_RETENTION_DAYS"), 0));
    auto t = std::make_unique<WorkerThread>(QStringLiteral("eos-retention"), retention);
    t->start();
    QMetaObject::invokeMethod(retention, &RetentionWorker::start, Qt::QueuedConnection);
    m_threads.push_back(std::move(t));
    m_running = true;
    log()->info("pipeline started");
    return true;
}

void Pipeline::stop()
{
    if (!m_running) return;
    // reverse order of start: the intake first, so nothing new arrives while later stages finish
    for (auto it = m_threads.rbegin(); it != m_threads.rend(); ++it) (*it)->stop(8000);
    m_threads.clear();
    m_running = false;
    log()->info("pipeline stopped");
}

}  // namespace eos
