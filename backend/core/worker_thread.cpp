#include "core/worker_thread.h"

#include "core/logging.h"

namespace eos {

WorkerThread::WorkerThread(const QString &name, QObject *worker) : m_worker(worker)
{
    m_thread.setObjectName(name);
    worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
}

WorkerThread::~WorkerThread()
{
    // never started: no thread will run the deleteLater, so the worker goes here
    if (!m_thread.isRunning() && !m_thread.isFinished()) {
        delete m_worker;
        return;
    }
    if (!stop(15000)) {
        Logging::get("pipeline")->error("thread {} did not stop in time; terminating it", m_thread.objectName().toStdString());
        m_thread.terminate();
        m_thread.wait();
    }
}

void WorkerThread::start() { m_thread.start(); }

bool WorkerThread::stop(int timeoutMs)
{
    if (!m_thread.isRunning()) return true;
    m_thread.quit();
    return m_thread.wait(QDeadlineTimer(timeoutMs));
}

}  // namespace eos
