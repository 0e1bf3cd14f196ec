// The live half of AlertListModel: on its own thread, one connection LISTENs on new_alert (the payload
// is treated only as a wake-up) and another catches up with SELECT … WHERE id > last seen AND <filter>.
// Wake-ups arriving while a catch-up runs are coalesced into one more catch-up.
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
    void follow(quint64 gen, qint64 afterId, const QString &where, const QVariantList &binds);
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
    Worker *m_worker = nullptr;  // owned by the thread
    std::unique_ptr<WorkerThread> m_thread;
};

}  // namespace eos
