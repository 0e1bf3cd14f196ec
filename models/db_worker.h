// A thread with its own PostgreSQL connection that runs jobs off the GUI thread. Jobs run in order;
// results come back to the caller's thread by a queued call, and are dropped if the context is gone.
//   m_db.call<int>(this, [](QSqlDatabase &db) { ...; return n; }, [this](int n) { ... }, "history");
//
// Superseded work is cancelled, not just ignored: a job posted with a key supersedes the earlier jobs
// of that key (queued ones are skipped, a running one is cancelled in PostgreSQL with PQcancel), and
// cancelAll() does it for everything posted so far. A database that does not answer cannot take a
// cancel request either: when the running query has not ended cancelGraceMs() after PQcancel, the
// connection's socket is shut down, which ends the query at once (the next job reconnects). Skipped and
// cancelled jobs never call their done callback.
//
// The destructor cancels (socket shut down at once) rather than waits; a thread still stuck opening a
// connection (up to connect_timeout) is left to end by itself instead of being waited for or
// terminated. PQcancel runs on short-lived detached threads, since it blocks on an unresponsive server.
#pragma once

#include "store/db_connection_info.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>

#include <functional>
#include <memory>

class QThread;

namespace eos {

class DbWorker {
public:
    // name: thread name and connection-name prefix (unique per instance is added).
    DbWorker(DbConnectionInfo info, const QString &name);
    ~DbWorker();
    DbWorker(const DbWorker &) = delete;
    DbWorker &operator=(const DbWorker &) = delete;

    // Runs job on the worker thread with its connection (opened on first use and reopened after a
    // lost connection; if it cannot be opened the job gets a closed QSqlDatabase — check isOpen()).
    // key: see above (empty = never superseded by key).
    void post(std::function<void(QSqlDatabase &)> job, const QString &key = {});

    template <class R>
    void call(QObject *context, std::function<R(QSqlDatabase &)> job, std::function<void(R)> done, const QString &key = {})
    {
        QPointer<QObject> ctx(context);
        post([ctx, job = std::move(job), done = std::move(done)](QSqlDatabase &db) {
            R result = job(db);
            if (!ctx) return;
            QMetaObject::invokeMethod(ctx.data(), [ctx, done, result = std::move(result)]() {
                if (ctx) done(result);
            }, Qt::QueuedConnection);
        }, key);
    }

    // Skips every queued job and cancels the running one in PostgreSQL.
    void cancelAll();
    void setCancelGraceMs(int ms);
    int cancelGraceMs() const;

    // Number of jobs posted but not yet finished (or skipped).
    int pending() const;
    // Queries cancelled in PostgreSQL so far, and connections shut down because the cancel did not land.
    int cancelledQueries() const;
    int shutDownConnections() const;
    QObject *worker() const;  // lives on the worker thread

    struct State;  // shared with the thread's object and cancel helpers (private to db_worker.cpp)

private:
    std::shared_ptr<State> m_state;
    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr;
};

}  // namespace eos
