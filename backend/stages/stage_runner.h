// Runs one Stage: claims batches of alerts in the stage's input state, hands them to the stage and
// writes the outcome, so that several daemons can share one database and nothing is done twice or lost.
//
//  claim     one statement, committed at once: the oldest alerts of the input state that nobody holds
//            (`FOR UPDATE SKIP LOCKED`, lease expired or none, retry not due later) get a lease, a row
//            of stage_leases (alert_id, stage, claimed_by = this runner, claimed_until = now() + lease).
//            No transaction stays open while the stage works (remote calls take seconds).
//  work      Stage::process, outside any transaction, at most `concurrency` batches at once. Leases of
//            batches still at work are renewed every lease/3.
//  complete  one transaction: done alerts move to the output state (with the stage's own columns),
//            failed attempts are scheduled again with exponential backoff and full jitter (honouring a
//            Retry-After), alerts out of attempts become `failed` with the reason (and an audit row);
//            every update is guarded by deleting this runner's lease (`claimed_by = me`), so a runner
//            whose lease was taken over writes nothing; then one NOTIFY on the stage's done channel.
//  wake-up   LISTEN on the stage's wake channel; a poll every pollMs catches up anyway (retries that
//            fell due, leases that expired, a lost notification). At start it simply claims: the
//            oldest waiting alerts come first, so it catches up by id.
//  stop      gives up the leases of batches still at work so another daemon takes them at once.
// A daemon killed with -9 leaves leases that expire after EOS_STAGE_LEASE_SECONDS.
// A side stage (Stage::isSideStage, see stage.h) is claimed by its own condition, leased in its own table,
// and completes without changing alerts.state.
#pragma once

#include "core/config.h"
#include "stages/stage.h"
#include "store/db_connection_info.h"

#include <QObject>
#include <QSqlDatabase>

class QSqlQuery;

#include <map>
#include <memory>

class QTimer;

namespace eos {

struct StageMetrics;

class StageRunner : public QObject {
    Q_OBJECT
public:
    struct Options {
        int batchSize = 200;        // EOS_STAGE_BATCH
        int concurrency = 4;        // EOS_STAGE_CONCURRENCY: batches at work at once
        int leaseSeconds = 60;      // EOS_STAGE_LEASE_SECONDS
        int maxAttempts = 5;        // EOS_STAGE_MAX_ATTEMPTS
        int baseBackoffMs = 2000;   // first retry after up to this (full jitter), doubling
        int maxBackoffMs = 600000;
        int pollMs = 2000;          // safety poll
        int backlogMs = 2000;       // how often the backlog gauge is refreshed
        QString owner;              // lease owner; default host:pid:stage:random
    };
    static Options optionsFrom(const Config &config);

    StageRunner(DbConnectionInfo db, std::unique_ptr<Stage> stage, Options options, QObject *parent = nullptr);
    ~StageRunner() override;

    Stage *stage() const { return m_stage.get(); }
    const QString &owner() const { return m_options.owner; }
    const Options &options() const { return m_options; }
    // The runner's own database connection (its thread only): stages may use it between claims.
    QSqlDatabase &database();
    int inFlight() const { return int(m_batches.size()); }

public Q_SLOTS:
    void start();
    void stop();
    // Claim now (a notification arrived, or a test wants it).
    void wake();

Q_SIGNALS:
    // After each completed batch (tests, benchmarks): alerts moved on, retried, failed.
    void batchCompleted(int done, int retried, int failed);

private:
    struct Batch {
        quint64 seq = 0;
        std::vector<ClaimedAlert> alerts;
    };
    void pump();
    bool claim(std::vector<ClaimedAlert> *out);
    void complete(quint64 seq, std::vector<StageOutcome> outcomes);
    bool writeOutcome(const Batch &batch, const std::vector<StageOutcome> &outcomes, int *done, int *retried,
                      int *failed);
    bool writeSideOutcome(const Batch &batch, const std::vector<StageOutcome> &outcomes, int *done, int *failed);
    QString claimWhere() const;  // the claim's condition over `a`
    void renewLeases();
    void releaseLeases();
    void refreshBacklog();
    void ensureListening();
    bool ensureDb();
    int backoffMs(int attempts, int retryAfterMs) const;
    void dbError(const QString &what, const QString &error);

    DbConnectionInfo m_info;
    std::unique_ptr<Stage> m_stage;
    Options m_options;
    StageMetrics &m_metrics;
    QString m_connName;
    QString m_listenName;
    QSqlDatabase m_db;
    std::unique_ptr<QSqlQuery> m_claimQuery;  // the claim, prepared on m_db
    bool m_running = false;
    bool m_pumping = false;
    bool m_wakePending = false;
    quint64 m_nextSeq = 1;
    std::map<quint64, Batch> m_batches;
    QTimer *m_poll = nullptr;
    QTimer *m_renew = nullptr;
    QTimer *m_backlog = nullptr;
    qint64 m_lastErrorLogMs = 0;
    int m_suppressedErrors = 0;
    quint64 m_sweeps = 0;
};

}  // namespace eos
