// The live half of AlertListModel: on its own thread, one connection LISTENs on new_alert (the payload
// is treated only as a wake-up) and another catches up. Wake-ups arriving while a catch-up runs are
// coalesced into one more catch-up.
//
// Catch-up is by commit order, not by id (gap-free with several daemons): alert ids are taken before
// commit, so a lower id can commit after a higher one, and "id > last seen" would skip it. The schema
// keeps a commit log (alert_commits, 0008_reliability.sql): one row per inserting transaction with its id
// range, numbered `seq` in commit order at commit time. The feed starts in one snapshot (rows with
// id > afterId that are visible, and the highest seq), then reads the ranges of commits with a higher seq,
// dropping ids it already delivered (ranges of concurrent transactions interleave). Rows with id <= afterId
// are the paged part's (the model's), never delivered here. On a schema without the log it falls back to
// catching up by id.
#pragma once

#include "alert_row.h"
#include "store/db_connection_info.h"

#include <QObject>
#include <QVariantList>

#include <memory>

namespace eos {

class WorkerThread;

class LiveFeed : public QObject {
    Q_OBJECT
public:
    explicit LiveFeed(DbConnectionInfo db, QObject *parent = nullptr);
    ~LiveFeed() override;

    // Starts (or retargets) the feed: rows with id > afterId matching where/binds (AlertFilter::toSql),
    // tagged with gen. Thread-safe (queued to the feed's thread).
    // keyExpr: the sort key read into AlertRow::sortValue (AlertSort::selectKey(); empty for time order).
    void follow(quint64 gen, qint64 afterId, const QString &where, const QVariantList &binds, const QString &keyExpr = {});
    void stop();  // stop following (keeps the thread)
    // Forces a catch-up as if a notification had arrived (tests, and a periodic safety poll).
    void poke();

Q_SIGNALS:
    // New matching rows, oldest first; highestId = the highest id scanned (may exceed rows' ids).
    void rowsArrived(quint64 gen, const eos::AlertRows &rows, qint64 highestId);
    void notified(qint64 payloadId);
    void error(const QString &message);

private:
    class Worker;
    struct Sockets;
    Worker *m_worker = nullptr;  // owned by the thread
    std::shared_ptr<Sockets> m_sockets;
    std::unique_ptr<WorkerThread> m_thread;
};

}  // namespace eos
