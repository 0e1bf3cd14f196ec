// Deletes alerts older than EOS_RETENTION_DAYS, a few thousand rows per transaction so it never holds
// long locks or bloats WAL in one go; runs at start and then hourly. The audit trail is not deleted with
// the alerts (it keeps their id and hash, 0008_reliability.sql); it has its own retention,
// EOS_AUDIT_RETENTION_DAYS (0 = keep forever), applied through eos_prune_audit_log().
#pragma once

#include "store/db_connection_info.h"

#include <QObject>
#include <QTimer>

namespace eos {

class RetentionWorker : public QObject {
    Q_OBJECT
public:
    RetentionWorker(DbConnectionInfo db, int retentionDays, int auditRetentionDays = 0, QObject *parent = nullptr);
    ~RetentionWorker() override;

    // Deletes everything older than the cutoff (in chunks); returns rows deleted, -1 on error.
    static qint64 prune(QSqlDatabase &db, int retentionDays, int chunk = 5000, QString *error = nullptr);
    // Deletes audit rows older than the cutoff (in chunks); returns rows deleted, -1 on error.
    static qint64 pruneAudit(QSqlDatabase &db, int auditRetentionDays, int chunk = 5000, QString *error = nullptr);

public Q_SLOTS:
    void start();  // call on the worker's thread (queued)
    void runOnce();

Q_SIGNALS:
    void pruned(qint64 rows);

private:
    DbConnectionInfo m_db;
    int m_days;
    int m_auditDays;
    QTimer *m_timer = nullptr;
};

}  // namespace eos
