// WorkerThread: the worker runs on its own thread, is deleted there when the thread ends, stop() joins
// and reports a worker that does not finish in time.
#include "core/worker_thread.h"

#include <QAtomicInt>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

namespace {

class Probe : public QObject {
    Q_OBJECT
public:
    explicit Probe(QAtomicInt *destroyedOn) : m_destroyedOn(destroyedOn) {}
    ~Probe() override { m_destroyedOn->storeRelaxed(QThread::currentThread() == thread() ? 1 : 2); }

    QThread *ranOn = nullptr;
    QSemaphore release;

public Q_SLOTS:
    void work() { ranOn = QThread::currentThread(); Q_EMIT done(); }
    void block() { release.acquire(); Q_EMIT done(); }

Q_SIGNALS:
    void done();

private:
    QAtomicInt *m_destroyedOn;
};

}  // namespace

class TestWorkerThread : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void workerRunsOnItsThreadAndIsDeletedThere()
    {
        QAtomicInt destroyed;
        auto *probe = new Probe(&destroyed);
        QSignalSpy done(probe, &Probe::done);
        QThread *workerThread = nullptr;
        {
            eos::WorkerThread t(QStringLiteral("probe"), probe);
            QCOMPARE(t.worker(), probe);
            QCOMPARE(probe->thread(), t.thread());
            workerThread = t.thread();
            t.start();
            QMetaObject::invokeMethod(probe, &Probe::work, Qt::QueuedConnection);
            QTRY_COMPARE(done.size(), 1);
            QCOMPARE(probe->ranOn, workerThread);
            QCOMPARE(t.thread()->objectName(), QStringLiteral("probe"));
            QVERIFY(t.stop(5000));
            QVERIFY(t.thread()->isFinished());
            QCOMPARE(destroyed.loadRelaxed(), 1);  // deleted on its own thread as it ended
            QVERIFY(t.stop(100));                  // stopping again is harmless
        }
        QCOMPARE(destroyed.loadRelaxed(), 1);
    }

    void destructorJoins()
    {
        QAtomicInt destroyed;
        auto *probe = new Probe(&destroyed);
        {
            eos::WorkerThread t(QStringLiteral("joined"), probe);
            t.start();
        }
        QCOMPARE(destroyed.loadRelaxed(), 1);
    }

    void stopReportsABusyWorker()
    {
        QAtomicInt destroyed;
        auto *probe = new Probe(&destroyed);
        {
            eos::WorkerThread t(QStringLiteral("busy"), probe);
            t.start();
            QMetaObject::invokeMethod(probe, &Probe::block, Qt::QueuedConnection);
            QTest::qWait(50);
            QVERIFY(!t.stop(200));  // still inside block()
            probe->release.release();
            QVERIFY(t.stop(5000));
        }
        QCOMPARE(destroyed.loadRelaxed(), 1);
    }

    void neverStartedWorkerIsStillDeleted()
    {
        // e.g. the pipeline fails to start a later stage and unwinds: no worker may leak
        QAtomicInt destroyed;
        auto *probe = new Probe(&destroyed);
        {
            eos::WorkerThread t(QStringLiteral("idle"), probe);
        }
        QVERIFY2(destroyed.loadRelaxed() != 0, "the worker of a thread that never started was leaked");
    }
};

QTEST_GUILESS_MAIN(TestWorkerThread)
#include "test_worker_thread.moc"
