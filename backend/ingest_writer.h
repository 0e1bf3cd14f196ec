// The ingest stage: collects alerts from any thread and commits them in batches (up to batchSize
// alerts or batchMs milliseconds, whichever comes first) through AlertStore. When PostgreSQL is
// unreachable, batches go to the on-disk Spool instead (fsync'd before they count as durable), and
// while the spool holds anything every new batch is appended behind it so order is kept; a drain
// timer with backoff and jitter moves the spool into PostgreSQL once it is back.
// Lives on its own thread (WorkerThread); start()/stop() run there.
#pragma once

#include "config.h"
#include "db_connection_info.h"
#include "ingest_sink.h"

#include <QObject>
#include <QSqlDatabase>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class QTimer;

namespace eos {

class Spool;

class IngestWriter : public QObject, public IngestSink {
    Q_OBJECT
public:
    struct Options {
        int batchSize = 500;
        int batchMs = 10;
        QString spoolDir;  // empty: no spool (tests of the 503 path)
        qint64 spoolMaxBytes = 1LL << 30;
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
    };
    void onWake();
    void flush();
    void processBatch(std::vector<Pending> &batch);
    bool ensureConnection();
    void scheduleDrain(bool failed);
    void drainSpool();
    void updateSpoolMetrics();

    DbConnectionInfo m_db;
    Options m_opt;
    QString m_connName;
    QSqlDatabase m_conn;
    std::unique_ptr<Spool> m_spool;
    QString m_spoolError;
    QTimer *m_batchTimer = nullptr;
    QTimer *m_drainTimer = nullptr;
    int m_drainBackoffMs = 0;

    mutable std::mutex m_mutex;
    std::vector<Pending> m_queue;
    qint64 m_queuedAlerts = 0;
    bool m_wakePending = false;
    bool m_bigWakePending = false;
    bool m_stopped = false;

    std::atomic<bool> m_dbUp{false};
    std::atomic<bool> m_schemaReady{true};
    std::atomic<qint64> m_spoolDepth{0};
};

}  // namespace eos
