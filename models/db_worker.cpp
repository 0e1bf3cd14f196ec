#include "db_worker.h"

#include "core/logging.h"
#include "core/worker_thread.h"

#include <QAtomicInt>
#include <QSqlError>
#include <QUuid>

#include <atomic>

namespace eos {

struct DbWorker::State {
    DbConnectionInfo info;
    QString connName;
    std::atomic<int> pending{0};
    std::atomic<bool> stopping{false};
};

namespace {

// Lives on the worker thread; closes the connection there when the thread ends.
class DbWorkerObject : public QObject {
public:
    explicit DbWorkerObject(std::shared_ptr<DbWorker::State> state) : m_state(std::move(state)) {}
    ~DbWorkerObject() override
    {
        m_db.close();
        m_db = QSqlDatabase();
        if (QSqlDatabase::contains(m_state->connName)) QSqlDatabase::removeDatabase(m_state->connName);
    }
    QSqlDatabase &db()
    {
        if (!m_db.isOpen() || (m_db.lastError().type() == QSqlError::ConnectionError)) {
            QString err;
            m_db = m_state->info.open(m_state->connName, &err);
            if (!m_db.isOpen() && m_lastOpenError != err) {
                Logging::get("store")->warn("{}: cannot open the database: {}", s(m_state->connName), s(err));
                m_lastOpenError = err;
            }
        }
        return m_db;
    }

private:
    std::shared_ptr<DbWorker::State> m_state;
    QSqlDatabase m_db;
    QString m_lastOpenError;
};

}  // namespace

DbWorker::DbWorker(DbConnectionInfo info, const QString &name) : m_state(std::make_shared<State>())
{
    m_state->info = std::move(info);
    m_state->connName = QStringLiteral("%1-%2").arg(name, QUuid::createUuid().toString(QUuid::Id128).left(12));
    auto *obj = new DbWorkerObject(m_state);
    m_thread = std::make_unique<WorkerThread>(name, obj);
    m_thread->start();
}

DbWorker::~DbWorker()
{
    m_state->stopping = true;
    m_thread.reset();  // quits and joins; queued jobs are dropped by the stopping flag
}

void DbWorker::post(std::function<void(QSqlDatabase &)> job)
{
    auto *obj = static_cast<DbWorkerObject *>(m_thread->worker());
    ++m_state->pending;
    auto state = m_state;
    QMetaObject::invokeMethod(obj, [obj, state, job = std::move(job)]() {
        if (!state->stopping) job(obj->db());
        --state->pending;
    }, Qt::QueuedConnection);
}

int DbWorker::pending() const { return m_state->pending; }
QObject *DbWorker::worker() const { return m_thread->worker(); }

}  // namespace eos
