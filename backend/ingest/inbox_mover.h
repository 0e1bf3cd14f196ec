// Moves alerts from the ingest inbox into alerts (0014_alert_inbox.sql). The IngestWriter acknowledges a lone
// small batch once it is committed in the inbox and wakes the mover; each move is one statement (AlertStore::
// moveInbox) that takes every row waiting, up to a batch, so alerts arriving faster than a move takes are
// moved together (a stream fast enough to fill a move waits longer between moves: fewer, bigger moves).
// A sweep every second also moves rows another daemon left (killed between its inbox commit
// and its move) and retries after the database was away. Several daemons' movers share one inbox: each takes
// rows FOR UPDATE SKIP LOCKED. A row whose move fails on its own (it never should: the writer checked it)
// stays in the inbox, is named in the log and is skipped until the next start.
// Lives on its own thread (WorkerThread); start()/stop() run there, wake() from any thread.
#pragma once

#include "store/alert_store.h"
#include "store/db_connection_info.h"

#include <QObject>
#include <QSqlDatabase>

#include <atomic>
#include <vector>

class QTimer;

namespace eos {

class InboxMover : public QObject {
    Q_OBJECT
public:
    struct Options {
        int batchSize = 400;   // rows per move at most
        int sweepMs = 1000;    // a move even when not woken
        int delayMs = 100;      // a wake moves after this long, so rows arriving meanwhile go in the same move
        int busyDelayMs = 400;  // … and this long after a move that found busyRows or more (a steady stream)
        int busyRows = 32;
        AlertStore::Entry entry;
    };
    InboxMover(DbConnectionInfo db, Options options, QObject *parent = nullptr);
    ~InboxMover() override;

    void wake();  // any thread: rows were added to the inbox (coalesced: one move takes all that came)
    qint64 movedRows() const { return m_moved.load(); }  // alert rows this mover added
    int nextDelayMs() const;  // mover thread: how long the next wake waits before its move

public Q_SLOTS:
    void start();
    void stop();  // moves what is waiting (as far as the database lets it), then closes

Q_SIGNALS:
    void moved(qint64 maxId, int inserted);  // after each move that added alert rows

private:
    void run();
    int moveWaiting();  // rows taken (moved or found stored already); -1 when the database is away
    PGconn *connection();

    DbConnectionInfo m_db;
    Options m_opt;
    QString m_connName;
    QSqlDatabase m_conn;
    QTimer *m_sweep = nullptr;
    QTimer *m_delay = nullptr;
    std::atomic<bool> m_wakePending{false};
    std::atomic<qint64> m_moved{0};
    std::vector<qint64> m_stuck;  // inbox rows that cannot be moved: left alone until the next start
    bool m_warned = false;        // the database is away: said once until it is back
};

}  // namespace eos
