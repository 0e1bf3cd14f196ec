// A thread with its own PostgreSQL connection that runs jobs off the GUI thread. Jobs run in order;
// results come back to the caller's thread by a queued call, and are dropped if the context is gone.
//   m_db.call<int>(this, [](QSqlDatabase &db) { ...; return n; }, [this](int n) { ... });
#pragma once

#include "store/db_connection_info.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>

#include <functional>
#include <memory>

namespace eos {

class WorkerThread;

class DbWorker {
public:
    // name: thread name and connection-name prefix (unique per instance is added).
    DbWorker(DbConnectionInfo info, const QString &name);
    ~DbWorker();  // finishes the running job, drops queued ones, closes the connection, joins
    DbWorker(const DbWorker &) = delete;
    DbWorker &operator=(const DbWorker &) = delete;

    // Runs job on the worker thread with its connection (opened on first use and reopened after a
    // lost connection; if it cannot be opened the job gets a closed QSqlDatabase — check isOpen()).
    void post(std::function<void(QSqlDatabase &)> job);

    template <class R>
    void call(QObject *context, std::function<R(QSqlDatabase &)> job, std::function<void(R)> done)
    {
        QPointer<QObject> ctx(context);
        post([ctx, job = std::move(job), done = std::move(done)](QSqlDatabase &db) {
            R result = job(db);
            if (!ctx) return;
            QMetaObject::invokeMethod(ctx.data(), [ctx, done, result = std::move(result)]() {
                if (ctx) done(result);
            }, Qt::QueuedConnection);
        });
    }

    // Number of jobs posted but not yet finished.
    int pending() const;
    QObject *worker() const;  // lives on the worker thread

    struct State;  // shared with the thread's object (private to db_worker.cpp)

private:
    std::shared_ptr<State> m_state;
    std::unique_ptr<WorkerThread> m_thread;
};

}  // namespace eos
