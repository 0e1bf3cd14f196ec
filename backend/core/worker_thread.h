// A QThread that owns one worker QObject: the worker is moved onto the thread, deleted on it when the
// thread finishes, and the destructor quits and joins (qBittorrent's deleter pattern).
#pragma once

#include <QObject>
#include <QThread>

namespace eos {

class WorkerThread {
public:
    WorkerThread(const QString &name, QObject *worker);
    ~WorkerThread();  // quits and joins
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    void start();
    // Asks the event loop to quit and waits up to timeoutMs; true when the thread ended.
    bool stop(int timeoutMs = 10000);
    QObject *worker() const { return m_worker; }
    QThread *thread() { return &m_thread; }

private:
    QThread m_thread;
    QObject *m_worker;
};

}  // namespace eos
