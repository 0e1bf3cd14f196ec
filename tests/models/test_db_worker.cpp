// DbWorker: jobs run in order on their own thread and connection; results return to the caller's
// thread; a dead context drops its result; an unreachable database gives a closed connection.
#include "black_hole_proxy.h"
#include "db_worker.h"
#include "test_database.h"

#include <QElapsedTimer>
#include <QSqlError>
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

    // A query superseded by a newer one of the same key is cancelled in PostgreSQL (PQcancel), not left
    // to run: it ends with PostgreSQL's cancel error, and the newer one runs at once.
    void supersededQueryIsCancelledInPostgres()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker4"));
        DbWorker w(info, QStringLiteral("t-worker4"));
        std::atomic<bool> running{false};
        QString firstError;
        bool firstDone = false, secondDone = false;
        w.call<QString>(this, [&running](QSqlDatabase &db) {
            QSqlQuery q(db);
            running = true;
            return q.exec(QStringLiteral("SELECT pg_sleep(60)")) ? QString() : q.lastError().text();
        }, [&](QString e) { firstError = e; firstDone = true; }, QStringLiteral("history"));
        QTRY_VERIFY(running.load());
        QTRY_COMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(60)'")),
                     QStringLiteral("1"));
        QElapsedTimer t;
        t.start();
        w.call<int>(this, [](QSqlDatabase &db) { return db.isOpen() ? 1 : 0; }, [&](int) { secondDone = true; },
                    QStringLiteral("history"));
        QTRY_VERIFY_WITH_TIMEOUT(secondDone, 10000);
        // not behind the 60 s query (a generous bound: a loaded machine may be slow, never 60 s slow)
        QVERIFY2(t.elapsed() < 30000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(firstDone);  // its result still arrives (the caller decides to drop it)
        QVERIFY2(firstError.contains(QStringLiteral("cancel")), qPrintable(firstError));
        QCOMPARE(w.cancelledQueries(), 1);
        QCOMPARE(w.shutDownConnections(), 0);  // the cancel landed; the connection stays
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(60)'")),
                 QStringLiteral("0"));
    }

    void queuedSupersededJobsAreSkipped()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker5"));
        DbWorker w(info, QStringLiteral("t-worker5"));
        QSemaphore hold;
        w.post([&hold](QSqlDatabase &) { hold.acquire(); });
        QStringList ran;
        for (const char *name : {"a", "b", "c"})
            w.call<QString>(this, [name](QSqlDatabase &) { return QString::fromLatin1(name); }, [&](QString n) { ran << n; },
                            QStringLiteral("details"));
        w.call<QString>(this, [](QSqlDatabase &) { return QStringLiteral("other"); }, [&](QString n) { ran << n; });
        hold.release();
        QTRY_COMPARE(w.pending(), 0);
        QTRY_COMPARE(ran.size(), 2);
        QCOMPARE(ran, (QStringList{QStringLiteral("c"), QStringLiteral("other")}));
        // cancelAll skips everything posted before it
        w.post([&hold](QSqlDatabase &) { hold.acquire(); });
        bool skipped = true;
        w.call<int>(this, [](QSqlDatabase &) { return 1; }, [&](int) { skipped = false; });
        w.cancelAll();
        bool after = false;
        w.call<int>(this, [](QSqlDatabase &) { return 1; }, [&](int) { after = true; });
        hold.release();
        QTRY_VERIFY(after);
        QVERIFY(skipped);
    }

    // A database that stops answering cannot take a cancel request either: after the grace time the
    // connection's socket is shut down, which ends the query; the worker reconnects for the next job.
    void blackHoledQueryEndsAfterTheGrace()
    {
        const DbConnectionInfo tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster does not listen on TCP");
        DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker6"));
        eos::test::BlackHoleProxy proxy(tcp.host, quint16(tcp.port));
        DbConnectionInfo viaProxy = tcp.withDatabase(info.database);
        viaProxy.port = proxy.port();
        DbWorker w(viaProxy, QStringLiteral("t-worker6"));
        w.setCancelGraceMs(300);
        int opened = -1;
        w.call<bool>(this, [](QSqlDatabase &db) { return db.isOpen(); }, [&](bool o) { opened = o ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(opened, 1, 10000);
        proxy.setBlackHole(true);
        QString firstError;
        bool firstDone = false;
        w.call<QString>(this, [](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT 1")) ? QStringLiteral("answered") : q.lastError().text();
        }, [&](QString e) { firstError = e; firstDone = true; }, QStringLiteral("history"));
        QTest::qWait(200);  // it is stuck now: the proxy holds the query
        QVERIFY(!firstDone);
        w.call<int>(this, [](QSqlDatabase &) { return 0; }, [](int) {}, QStringLiteral("history"));
        QTRY_VERIFY_WITH_TIMEOUT(firstDone, 5000);
        QVERIFY(firstError != QStringLiteral("answered"));
        QCOMPARE(w.shutDownConnections(), 1);
        // the database answers again: the next job reconnects
        proxy.setBlackHole(false);
        int again = -1;
        w.call<int>(this, [](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT 41 + 1")) && q.next() ? q.value(0).toInt() : -1;
        }, [&](int v) { again = v; });
        QTRY_COMPARE_WITH_TIMEOUT(again, 42, 15000);
    }

    // Shutting down cancels rather than waits: a long query does not hold the destructor.
    void destructorCancels()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("dbworker7"));
        QElapsedTimer t;
        {
            DbWorker w(info, QStringLiteral("t-worker7"));
            std::atomic<bool> running{false};
            w.post([&running](QSqlDatabase &db) {
                running = true;
                QSqlQuery(db).exec(QStringLiteral("SELECT pg_sleep(120)"));
            });
            QTRY_VERIFY(running.load());
            QTRY_COMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(120)'")),
                         QStringLiteral("1"));
            t.start();
        }
        QVERIFY2(t.elapsed() < 30000, qPrintable(QString::number(t.elapsed())));  // cancelled, not waited out (120 s)
        // and the server stopped the query too (PQcancel)
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = 'SELECT pg_sleep(120)'")),
                                  QStringLiteral("0"), 10000);
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
