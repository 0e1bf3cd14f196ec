// InboxMover against real PostgreSQL: rows acknowledged from the ingest inbox become alert rows once each,
// whether it was woken for them, finds them at its start or sweep (left by a killed daemon), shares the
// inbox with another daemon's mover, or meets a row that cannot be moved (left, the others go on); stop()
// moves what is waiting.
#include "ingest/inbox_mover.h"
#include "core/worker_thread.h"
#include "store/alert_store.h"
#include "store/db_connection_info.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTest>

#include <memory>

using namespace eos;
using eos::test::TestDatabase;

namespace {
AlertRecord alert(int n)
{
    AlertRecord a;
    a.canonicalJson = QStringLiteral("{\"agent\":{\"id\":\"00%1\"},\"id\":\"mover-%2\",\"rule\":{\"level\":5}}").arg(n % 3 + 1).arg(n).toUtf8();
    a.hash = QStringLiteral("mover-test-%1").arg(n);
    a.agentId = QStringLiteral("00%1").arg(n % 3 + 1);
    a.agentName = QStringLiteral("host-%1").arg(n % 3 + 1);
    a.ruleId = 5710;
    a.ruleLevel = 5;
    a.timestamp = QStringLiteral("2026-11-30T10:00:00.000+0000");
    a.groups = {QStringLiteral("syslog")};
    return a;
}

// n alerts from `first` into the inbox, as a writer acknowledging them would
bool fillInbox(const DbConnectionInfo &info, int first, int n)
{
    QString err;
    bool ok = true;
    {
        QSqlDatabase db = info.open(QStringLiteral("mover-fill"), &err);
        if (!db.isOpen()) return false;
        for (int from = first; from < first + n && ok; from += 200) {
            std::vector<AlertRecord> records;
            for (int i = from; i < std::min(first + n, from + 200); ++i) records.push_back(alert(i));
            AlertStore::Alerts ptrs;
            for (const auto &r : records) ptrs.push_back(&r);
            AlertStore::Outcome out;
            PGconn *pg = DbConnectionInfo::pgConn(db);
            ok = AlertStore::sendInbox(pg, ptrs, &out) && AlertStore::finishInsert(pg, &out) && out.insertedHashes.size() == qsizetype(ptrs.size());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("mover-fill"));
    return ok;
}

struct Running {
    InboxMover *mover;
    std::unique_ptr<WorkerThread> thread;
    Running(const DbConnectionInfo &info, InboxMover::Options o)
        : mover(new InboxMover(info, o)), thread(std::make_unique<WorkerThread>(QStringLiteral("inbox"), mover))
    {
        thread->start();
        QMetaObject::invokeMethod(mover, &InboxMover::start, Qt::BlockingQueuedConnection);
    }
    void stop()
    {
        if (!thread) return;
        QMetaObject::invokeMethod(mover, &InboxMover::stop, Qt::BlockingQueuedConnection);
        thread.reset();
    }
    ~Running() { stop(); }
};

int count(const DbConnectionInfo &info, const QString &sql) { return TestDatabase::scalar(info, sql).toInt(); }
}  // namespace

class TestInboxMover : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void movesWhatItFindsAndWhatItIsWokenFor()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_wake"));
        QVERIFY(TestDatabase::migrate(info));
        QVERIFY(fillInbox(info, 0, 3));  // left by a daemon killed before its move
        InboxMover::Options o;
        o.sweepMs = 60000;  // no sweep in this test: the start and the wake must do it
        {
            Running r(info, o);
            QSignalSpy moved(r.mover, &InboxMover::moved);
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 3, 5000);
            QVERIFY(fillInbox(info, 3, 2));
            r.mover->wake();
            r.mover->wake();  // coalesced
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 5, 5000);
            QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), 0);
            QCOMPARE(r.mover->movedRows(), 5);
            QTRY_VERIFY_WITH_TIMEOUT(!moved.isEmpty(), 5000);
            QCOMPARE(moved.last().at(0).toLongLong(), TestDatabase::scalar(info, QStringLiteral("SELECT max(id) FROM alerts")).toLongLong());
            QCOMPARE(count(info, QStringLiteral("SELECT count(DISTINCT alert_hash) FROM alerts")), 5);
        }
        TestDatabase::drop(info);
    }

    // a move that found many rows (a steady stream) makes the next wake wait longer, so rows go in fewer,
    // bigger moves; a move of a few rows brings the short wait back
    void aSteadyStreamIsMovedInFewerBiggerMoves()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_busy"));
        QVERIFY(TestDatabase::migrate(info));
        InboxMover::Options o;
        o.sweepMs = 60000;
        o.delayMs = 0;
        o.busyDelayMs = 60000;  // longer than the test: after a busy move, a wake alone moves nothing
        o.busyRows = 10;
        {
            Running r(info, o);
            auto nextDelay = [&r] {
                int ms = -1;
                QMetaObject::invokeMethod(r.mover, [&] { ms = r.mover->nextDelayMs(); }, Qt::BlockingQueuedConnection);
                return ms;
            };
            QCOMPARE(nextDelay(), 0);  // the start found nothing
            QVERIFY(fillInbox(info, 0, 3));
            r.mover->wake();
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 3, 5000);
            QCOMPARE(nextDelay(), 0);  // three rows: still quiet
            QVERIFY(fillInbox(info, 3, 12));
            r.mover->wake();
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 15, 5000);
            QTRY_COMPARE_WITH_TIMEOUT(nextDelay(), 60000, 5000);  // twelve rows in one move: a stream
            QVERIFY(fillInbox(info, 15, 2));
            r.mover->wake();  // waits its minute: the rows stay until stop() moves them
            QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), 2);
            r.stop();
            QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 17);
        }
        TestDatabase::drop(info);
    }

    void sweepsRowsNobodyWokeItFor()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_sweep"));
        QVERIFY(TestDatabase::migrate(info));
        InboxMover::Options o;
        o.sweepMs = 100;
        {
            Running r(info, o);
            QVERIFY(fillInbox(info, 0, 4));  // another daemon's rows: no wake here
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 4, 5000);
        }
        TestDatabase::drop(info);
    }

    void twoMoversShareOneInbox()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_two"));
        QVERIFY(TestDatabase::migrate(info));
        QVERIFY(fillInbox(info, 0, 2000));
        InboxMover::Options o;
        o.batchSize = 50;
        o.sweepMs = 60000;
        o.delayMs = 0;
        {
            Running a(info, o), b(info, o);
            a.mover->wake();
            b.mover->wake();
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), 0, 30000);
            QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 2000);
            QCOMPARE(count(info, QStringLiteral("SELECT count(DISTINCT alert_hash) FROM alerts")), 2000);
            QTRY_COMPARE_WITH_TIMEOUT(a.mover->movedRows() + b.mover->movedRows(), 2000, 5000);
        }
        TestDatabase::drop(info);
    }

    void aRowThatCannotBeMovedStaysAndTheOthersGo()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_stuck"));
        QVERIFY(TestDatabase::migrate(info));
        QString err;
        // the oldest row's time is not a time: its move fails whatever the batch (the writer never takes such a row)
        QVERIFY2(TestDatabase::exec(info, QStringLiteral("INSERT INTO alert_inbox (alert_hash, agent_id, rule_id, rule_level, "
                                                         "alert_ts, groups, mitre_ids, raw) VALUES ('stuck', '001', 1, 3, "
                                                         "'not a time', '{}', '{}', '{}')"),
                                    &err),
                 qPrintable(err));
        QVERIFY(fillInbox(info, 0, 3));
        InboxMover::Options o;
        o.sweepMs = 100;
        {
            Running r(info, o);
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 3, 5000);
            QVERIFY(fillInbox(info, 3, 2));  // later rows are not held up behind it either
            r.mover->wake();
            QTRY_COMPARE_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 5, 5000);
            QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT string_agg(alert_hash, ',') FROM alert_inbox")), QStringLiteral("stuck"));
        }
        TestDatabase::drop(info);
    }

    void stopMovesWhatIsWaiting()
    {
        const auto info = TestDatabase::create(QStringLiteral("inbox_mover_stop"));
        QVERIFY(TestDatabase::migrate(info));
        InboxMover::Options o;
        o.sweepMs = 60000;
        o.delayMs = 60000;  // the wake's move would come only after the end of the test
        Running r(info, o);
        QVERIFY(fillInbox(info, 0, 3));
        r.mover->wake();
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 0);
        r.stop();
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alerts")), 3);
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_inbox")), 0);
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestInboxMover)
#include "test_inbox_mover.moc"
