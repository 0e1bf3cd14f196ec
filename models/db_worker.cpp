#include "db_worker.h"

#include "core/logging.h"

#include <QHash>
#include <QSqlError>
#include <QThread>
#include <QUuid>

#include <libpq-fe.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>

namespace eos {

struct DbWorker::State {
    DbConnectionInfo info;
    QString connName;
    std::atomic<int> pending{0};
    std::atomic<bool> stopping{false};
    std::atomic<int> cancelled{0};
    std::atomic<int> shutDown{0};
    std::atomic<int> graceMs{1000};
    std::atomic<int> cancelsInFlight{0};  // PQcancel calls not yet returned

    std::mutex mutex;  // guards what follows
    std::condition_variable jobEnded;
    quint64 nextSeq = 0;
    quint64 skipBefore = 0;           // jobs with a lower sequence number are skipped (cancelAll)
    QHash<QString, quint64> latest;   // key -> sequence number of its newest job
    quint64 runningSeq = 0;           // 0: none
    QString runningKey;
    std::shared_ptr<PGcancel> cancel;  // for the current connection
    int socket = -1;

    // Called with mutex held: cancels the running job `seq` (PQcancel, then the socket after graceMs).
    void cancelRunningLocked(quint64 seq, const std::shared_ptr<State> &self, int grace)
    {
        if (runningSeq != seq || seq == 0) return;
        ++cancelled;
        std::shared_ptr<PGcancel> handle = cancel;
        if (handle) ++cancelsInFlight;
        std::thread([self, handle, seq, grace] {
            if (handle) {
                // PQcancel blocks until the server closes the cancel connection: on its own thread, so an
                // unresponsive server holds only this one
                std::thread([self, handle] {
                    char err[256];
                    PQcancel(handle.get(), err, sizeof err);
                    {
                        std::lock_guard l(self->mutex);
                        --self->cancelsInFlight;
                    }
                    self->jobEnded.notify_all();
                }).detach();
            }
            std::unique_lock lock(self->mutex);
            self->jobEnded.wait_for(lock, std::chrono::milliseconds(grace), [&] { return self->runningSeq != seq; });
            if (self->runningSeq == seq && self->socket >= 0) {
                // the cancel did not land: end the query by closing the connection under it
                ::shutdown(self->socket, SHUT_RDWR);
                ++self->shutDown;
            }
        }).detach();
    }
};

namespace {

// Lives on the worker thread; closes the connection there when the thread ends.
class DbWorkerObject : public QObject {
public:
    explicit DbWorkerObject(std::shared_ptr<DbWorker::State> state) : m_state(std::move(state)) {}
    ~DbWorkerObject() override
    {
        {
            std::lock_guard lock(m_state->mutex);
            m_state->cancel.reset();
            m_state->socket = -1;
        }
        m_db.close();
        m_db = QSqlDatabase();
        if (QSqlDatabase::contains(m_state->connName)) QSqlDatabase::removeDatabase(m_state->connName);
    }
    // Drops the connection (the next db() opens a new one, with a new backend).
    void drop() { m_db.close(); }
    QSqlDatabase &db()
    {
        if (!m_db.isOpen() || (m_db.lastError().type() == QSqlError::ConnectionError)) {
            {
                std::lock_guard lock(m_state->mutex);
                m_state->cancel.reset();
                m_state->socket = -1;
            }
            QString err;
            m_db = m_state->info.open(m_state->connName, &err);
            if (!m_db.isOpen() && m_lastOpenError != err) {
                Logging::get("store")->warn("{}: cannot open the database: {}", s(m_state->connName), s(err));
                m_lastOpenError = err;
            }
            if (PGconn *pg = DbConnectionInfo::pgConn(m_db)) {
                std::lock_guard lock(m_state->mutex);
                m_state->cancel = std::shared_ptr<PGcancel>(PQgetCancel(pg), [](PGcancel *c) { if (c) PQfreeCancel(c); });
                m_state->socket = PQsocket(pg);
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
    m_thread = new QThread;
    m_thread->setObjectName(name);
    m_worker = new DbWorkerObject(m_state);
    m_worker->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

DbWorker::~DbWorker()
{
    m_state->stopping = true;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->skipBefore = std::numeric_limits<quint64>::max();
        if (m_state->runningSeq != 0) m_state->cancelRunningLocked(m_state->runningSeq, m_state, 0);
    }
    m_thread->quit();
    // a running query ends at once (its socket is shut down); only a connection being opened can take
    // longer (connect_timeout): that thread is left to end by itself
    if (m_thread->wait(QDeadlineTimer(500))) {
        delete m_thread;
    } else {
        Logging::get("store")->warn("{}: still connecting at shutdown; not waiting for it", s(m_state->connName));
        QThread *t = m_thread;
        QObject::connect(t, &QThread::finished, t, &QObject::deleteLater);  // if the application still runs then
    }
}

void DbWorker::post(std::function<void(QSqlDatabase &)> job, const QString &key)
{
    auto *obj = static_cast<DbWorkerObject *>(m_worker);
    ++m_state->pending;
    quint64 seq = 0;
    {
        std::lock_guard lock(m_state->mutex);
        seq = ++m_state->nextSeq;
        if (!key.isEmpty()) {
            m_state->latest.insert(key, seq);
            if (m_state->runningSeq != 0 && m_state->runningKey == key)
                m_state->cancelRunningLocked(m_state->runningSeq, m_state, m_state->graceMs);
        }
    }
    auto state = m_state;
    QMetaObject::invokeMethod(obj, [obj, state, seq, key, job = std::move(job)]() {
        {
            std::lock_guard lock(state->mutex);
            const bool superseded = !key.isEmpty() && state->latest.value(key) != seq;
            if (state->stopping || seq < state->skipBefore || superseded) {
                if (!key.isEmpty() && !superseded) state->latest.remove(key);
                --state->pending;
                return;
            }
            state->runningSeq = seq;
            state->runningKey = key;
        }
        {
            // A cancel request that has not reached the server yet would cancel whatever runs when it
            // does: wait for it (an idle backend ignores it), and when it cannot get through (the server
            // does not answer) start afresh on a new connection, which no old cancel key reaches.
            std::unique_lock lock(state->mutex);
            if (state->cancelsInFlight > 0 &&
                !state->jobEnded.wait_for(lock, std::chrono::milliseconds(state->graceMs.load() + 500),
                                          [&] { return state->cancelsInFlight == 0; })) {
                lock.unlock();
                obj->drop();
            }
        }
        job(obj->db());
        {
            std::lock_guard lock(state->mutex);
            state->runningSeq = 0;
            state->runningKey.clear();
            if (!key.isEmpty() && state->latest.value(key) == seq) state->latest.remove(key);
        }
        state->jobEnded.notify_all();
        --state->pending;
    }, Qt::QueuedConnection);
}

void DbWorker::cancelAll()
{
    std::lock_guard lock(m_state->mutex);
    m_state->skipBefore = m_state->nextSeq + 1;
    if (m_state->runningSeq != 0) m_state->cancelRunningLocked(m_state->runningSeq, m_state, m_state->graceMs);
}

void DbWorker::setCancelGraceMs(int ms) { m_state->graceMs = std::max(0, ms); }
int DbWorker::cancelGraceMs() const { return m_state->graceMs; }
int DbWorker::pending() const { return m_state->pending; }
int DbWorker::cancelledQueries() const { return m_state->cancelled; }
int DbWorker::shutDownConnections() const { return m_state->shutDown; }
QObject *DbWorker::worker() const { return m_worker; }

}  // namespace eos
