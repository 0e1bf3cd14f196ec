// DbWorker: jobs run in order on their own thread and connection; results return to the caller's
// thread; a dead context drops its result; an unreachable database gives a closed connection.
#include "db_worker.h"
#include "test_database.h"

#include <QSqlQuery>
#include <QSemaphore>
#include <QTest>
#include <QThread>

using namespace eos;
using eos::test::TestDatabase;

class TestDbWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsOffThreadInOrder()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker"));
        DbWorker w(info, QStringLiteral("t-worker"));
        QList<int> order;
        QThread *jobThread = nullptr;
        QThread *doneThread = nullptr;
        for (int i = 0; i < 5; ++i) {
            w.call<int>(this, [i, &jobThread](QSqlDatabase &db) {
                jobThread = QThread::currentThread();
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("SELECT %1 + 1").arg(i)) || !q.next()) return -1;
                return q.value(0).toInt();
            }, [&](int v) {
                order << v;
                doneThread = QThread::currentThread();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 5000);
        QCOMPARE(order, (QList<int>{1, 2, 3, 4, 5}));
        QVERIFY(jobThread && jobThread != QThread::currentThread());
        QCOMPARE(doneThread, QThread::currentThread());
        QTRY_COMPARE(w.pending(), 0);
    }

    void deadContextDropsTheResult()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker2"));
        DbWorker w(info, QStringLiteral("t-worker2"));
        bool called = false;
        auto *ctx = new QObject;
        QSemaphore contextGone;  // the query is still running when its context goes away
        w.call<int>(ctx, [&contextGone](QSqlDatabase &) { contextGone.acquire(); return 1; }, [&](int) { called = true; });
        delete ctx;
        contextGone.release();
        QTRY_COMPARE(w.pending(), 0);
        // results come back in order: once a later call's result has arrived, the dropped one never will
        bool later = false;
        w.call<int>(this, [](QSqlDatabase &) { return 2; }, [&](int) { later = true; });
        QTRY_VERIFY(later);
        QVERIFY(!called);
    }

    void unreachableDatabase()
    {
        DbConnectionInfo bad = TestDatabase::server();
        bad.database = QStringLiteral("there_is_no_such_db");
        DbWorker w(bad, QStringLiteral("t-worker3"));
        int open = -1;
        w.call<bool>(this, [](QSqlDatabase &db) { return db.isOpen(); }, [&](bool o) { open = o ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(open, 0, 5000);
    }
};

QTEST_GUILESS_MAIN(TestDbWorker)
#include "test_db_worker.moc"
