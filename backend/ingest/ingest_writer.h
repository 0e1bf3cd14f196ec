// The ingest stage: collects alerts from any thread and commits them through AlertStore with group
// commit: when no batch is in flight, what arrived is committed at once; while batches are in flight,
// arrivals collect and go together as soon as a connection is free (up to batchSize alerts a batch).
// batchMs only caps how long arrivals wait for a busy connection under load. Submissions of a few
// alerts (single-alert requests) go ahead of bulk ones in a fast lane. The queue is bounded
// (queueMax alerts, queueMaxBytes bytes): beyond it submit() answers at once with `overloaded` (the
// listener's 503 + Retry-After), and memory is handed back to the system after a burst. Up to `connections`
// batches are in flight at once, each on its own connection, so PostgreSQL parses and indexes them in
// parallel; ids are reserved in batch order and batches commit oldest first, so this writer's direct
// batches commit in id order (the inbox's rows get their ids when moved; consumers follow alert_commits). Batches that share an alert never overlap
// (the later one would wait on the earlier one's row lock). When PostgreSQL is
// unreachable, batches go to the on-disk Spool instead (fsync'd before they count as durable), and
// while the spool holds anything every new batch is appended behind it so order is kept; a drain
// timer with backoff and jitter moves the spool into PostgreSQL once it is back.
// A lone batch of a few alerts (inboxMaxAlerts; one client posting alerts one at a time) is committed into the
// narrow alert_inbox instead and acknowledged at once; the InboxMover (its own thread) moves it into alerts
// right after, so a single alert's 202 waits for a commit of one small row, not for the alerts row's indexes
// and triggers (0014_alert_inbox.sql).
// Lives on its own thread (WorkerThread); start()/stop() run there.
#pragma once

#include "store/alert_store.h"
#include "core/config.h"
#include "store/db_connection_info.h"
#include "core/log_throttle.h"
#include "ingest/ingest_sink.h"
#include "ingest/known_agents.h"

#include <QHash>
#include <QObject>
#include <QElapsedTimer>
#include <QSqlDatabase>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class QTimer;

namespace eos {

class InboxMover;
class Spool;
class WorkerThread;

class IngestWriter : public QObject, public IngestSink {
    Q_OBJECT
public:
    struct Options {
        int batchSize = 400;  // tuned with bench-ingest (see README)
        int batchMs = 10;
        int connections = 2;
        QString spoolDir;  // empty: no spool (tests of the 503 path)
        qint64 spoolMaxBytes = 1LL << 30;
        qint64 queueMax = 100000;          // alerts queued at most (EOS_INGEST_QUEUE_MAX)
        qint64 queueMaxBytes = 64LL << 20; // and their size (canonical JSON + overhead)
        AlertStore::Entry entry;           // the state new alerts enter as (set by the Pipeline)
        int inboxMaxAlerts = 0;            // a lone batch this small goes through the inbox (EOS_INGEST_INBOX_MAX; 0: off)
    };
    static Options optionsFrom(const Config &config, const QString &dataDir);

    IngestWriter(DbConnectionInfo db, Options options, QObject *parent = nullptr);
    ~IngestWriter() override;

    void submit(std::vector<AlertRecord> alerts, Done done) override;  // any thread

    bool databaseUp() const { return m_dbUp.load(); }
    // False until the schema is known to be current (the daemon started while the database was down):
    // until then everything goes to the spool and nothing is drained.
    void setSchemaReady(bool ready);
    qint64 spoolDepth() const { return m_spoolDepth.load(); }
    qint64 queued() const;

public Q_SLOTS:
    void start();
    void stop();  // commits (or spools) everything queued, then closes

Q_SIGNALS:
    void committed(qint64 maxId, int inserted);  // after each batch that added rows

private:
    struct Pending {
        std::vector<AlertRecord> alerts;
        Done done;
        qint64 bytes = 0;
    };
    static qint64 sizeOf(const std::vector<AlertRecord> &alerts);
    void releaseMemoryAfterBurst();
    struct InFlight;
    void onWake();
    void flush();
    std::vector<Pending> takeBatch();
    bool canPipeline();
    std::unique_ptr<InFlight> launch(std::vector<Pending> batch, int conn, bool pipelined, bool inbox);
    void startMover();
    void finish(InFlight &f);
    void settle(std::vector<Pending> &batch, const std::vector<const AlertRecord *> &all, AlertStore::Outcome &out);
    void divert(std::vector<Pending> &batch);
    void deliver(std::vector<Pending> &batch, const std::vector<const AlertRecord *> &all, AlertStore::Outcome &out,
                 bool spooled, const QString &failure);
    bool spoolBatch(const std::vector<const AlertRecord *> &all, QString *failure);
    bool ensureConnection();
    PGconn *connection(int i, bool reopen = true);  // opened on demand; nullptr when it cannot be
    void scheduleDrain(bool failed);
    void drainSpool();
    void updateSpoolMetrics();

    DbConnectionInfo m_db;
    Options m_opt;
    QString m_connName;
    QSqlDatabase m_conn;                // batches' connection 0; also drains the spool
    std::vector<QSqlDatabase> m_extra;  // connections 1 … connections-1
    std::unique_ptr<Spool> m_spool;
    QString m_spoolError;
    QTimer *m_drainTimer = nullptr;
    int m_drainBackoffMs = 0;

    mutable std::mutex m_mutex;
    std::vector<Pending> m_queue;
    std::vector<Pending> m_fast;  // submissions of a few alerts: taken first
    qint64 m_queuedAlerts = 0;
    qint64 m_queuedBytes = 0;
    qint64 m_peakBytes = 0;       // since memory was last handed back
    QElapsedTimer m_oldestQueued; // how long the queue has waited (batchMs cap)
    bool m_wakePending = false;
    bool m_stopped = false;

    KnownAgents m_knownAgents;  // agents upserted lately: a batch whose agents are all there skips the upsert

    // Repeated errors are logged once per interval with how many were held back (ingest thread only).
    LogThrottle m_storeErrorLog, m_reconnectLog, m_overloadLog, m_inboxLog;
    std::mutex m_overloadLogMutex;  // m_overloadLog is used from submit() (any thread)

    std::atomic<bool> m_dbUp{false};
    std::atomic<bool> m_schemaReady{true};
    std::atomic<qint64> m_spoolDepth{0};

    InboxMover *m_mover = nullptr;  // owned by m_moverThread
    std::unique_ptr<WorkerThread> m_moverThread;
};

}  // namespace eos
