#include "store/retention_worker.h"

#include "core/logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace eos {
namespace {
auto log() { return Logging::get("retention"); }
const QString kConn = QStringLiteral("eos-retention");
}  // namespace

RetentionWorker::RetentionWorker(DbConnectionInfo db, int retentionDays, int auditRetentionDays, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_days(retentionDays), m_auditDays(auditRetentionDays)
{
}

RetentionWorker::~RetentionWorker()
{
    if (QSqlDatabase::contains(kConn)) {
        QSqlDatabase::database(kConn, false).close();
        QSqlDatabase::removeDatabase(kConn);
    }
}

qint64 RetentionWorker::prune(QSqlDatabase &db, int retentionDays, int chunk, QString *error)
{
    if (retentionDays <= 0) return 0;
    qint64 total = 0;
    // alerts.id grows with ingest time, so chunks of the oldest ids walk the table in order
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral(
            "WITH doomed AS (SELECT id FROM alerts WHERE ingest_timestamp < now() - make_interval(days => ?) "
            "ORDER BY ingest_timestamp LIMIT ?) "
            "DELETE FROM alerts a USING doomed d WHERE a.id = d.id"))) {
        if (error) *error = q.lastError().text();
        return -1;
    }
    for (;;) {
        q.addBindValue(retentionDays);
        q.addBindValue(chunk);
        if (!q.exec()) {
            if (error) *error = q.lastError().text();
            return -1;
        }
        const int n = q.numRowsAffected();
        total += n;
        if (n < chunk) break;
    }
    return total;
}

qint64 RetentionWorker::pruneAudit(QSqlDatabase &db, int auditRetentionDays, int chunk, QString *error)
{
    if (auditRetentionDays <= 0) return 0;
    qint64 total = 0;
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("SELECT eos_prune_audit_log(?, ?)"))) {
        if (error) *error = q.lastError().text();
        return -1;
    }
    for (;;) {
        q.addBindValue(auditRetentionDays);
        q.addBindValue(chunk);
        if (!q.exec() || !q.next()) {
            if (error) *error = q.lastError().text();
            return -1;
        }
        const qint64 n = q.value(0).toLongLong();
        total += n;
        if (n < chunk) break;
    }
    return total;
}

void RetentionWorker::start()
{
    if (m_auditDays <= 0) log()->info("audit log retention is off (EOS_AUDIT_RETENTION_DAYS=0): the audit trail is kept forever");
    if (m_days <= 0) log()->info("retention is off (EOS_RETENTION_DAYS=0): alerts are kept forever");
    // (runs anyway: the live feed's commit log, alert_commits, keeps only a day)
    m_timer = new QTimer(this);
    m_timer->setInterval(3600 * 1000);
    connect(m_timer, &QTimer::timeout, this, &RetentionWorker::runOnce);
    m_timer->start();
    QTimer::singleShot(30 * 1000, this, &RetentionWorker::runOnce);  // not in the start-up rush
}

void RetentionWorker::runOnce()
{
    QString err;
    QSqlDatabase db = QSqlDatabase::contains(kConn) ? QSqlDatabase::database(kConn) : m_db.open(kConn, &err);
    if (!db.isOpen() && !db.open()) {
        log()->warn("retention skipped: {}", s(err.isEmpty() ? db.lastError().text() : err));
        return;
    }
    {
        QSqlQuery c(db);
        if (!c.exec(QStringLiteral("DELETE FROM alert_commits WHERE committed_at < now() - interval '1 day'")))
            log()->debug("commit log not pruned: {}", s(c.lastError().text()));
    }
    const qint64 n = prune(db, m_days, 5000, &err);
    if (n < 0) log()->warn("retention failed: {}", s(err));
    else if (n > 0) log()->info("retention deleted {} alerts older than {} days (their audit rows stay)", n, m_days);
    err.clear();
    const qint64 a = pruneAudit(db, m_auditDays, 5000, &err);
    if (a < 0) log()->warn("audit log retention failed: {}", s(err));
    else if (a > 0) log()->info("audit log retention deleted {} audit rows older than {} days", a, m_auditDays);
    Q_EMIT pruned(n);
}

}  // namespace eos
