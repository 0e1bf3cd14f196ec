// Triage actions on alerts with an audit trail (resources/migrations/0002_console.sql). Each action on
// one or many alerts is one transaction: the alerts' triage columns are updated and one audit_log row is
// written per alert. The console uses the asynchronous calls (applyAsync, requestHistory,
// requestStageStatus, retryAsync), which run on the store's database worker, never on the GUI thread:
// an action waits there while the database does not answer and is applied when it does (or refused with
// the reason after kQueueSeconds without a connection); a history request superseded by the next one
// (the analyst moved on) is cancelled in PostgreSQL. apply() and history() block the calling thread
// (tests and command-line tools).
//
// Failed alerts (a stage gave up on them, resources/migrations/0004_stages.sql): retryAsync() sends them
// back to the state they failed from, and requestStageStatus() reads an alert's stage columns for the
// detail pane — both on a worker thread of the store, never on the caller's.
#pragma once

#include "core/config.h"
#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace eos {

class DbWorker;

class TriageStore : public QObject {
    Q_OBJECT
public:
    enum class Action { Acknowledge, FalsePositive, Escalate, AssignToMe, Unassign, Reopen };
    Q_ENUM(Action)

    struct Result {
        bool ok = false;
        Action action = Action::Acknowledge;
        QList<qint64> changed;   // alerts updated (audit row written)
        QList<qint64> missing;   // ids not found (deleted by retention meanwhile)
        QString error;           // for the analyst when !ok
        QString summary() const; // "Acknowledged 3 alerts (1 not found)"
    };

    struct HistoryEntry {
        qint64 id = 0;
        QDateTime at;
        QString actor;
        QString action;          // acknowledge, false_positive, escalate, assign, unassign, reopen
        QString reason;
        QJsonObject details;     // {"from": previous status, "to": new status, "assigned_to": …}
    };

    // A retry of failed alerts (retryAsync / retry).
    struct RetryResult {
        bool ok = false;
        QList<qint64> retried;          // sent back to their stage (audit row written)
        QList<qint64> skipped;          // not failed (or nothing to return to) or not found: untouched
        QMap<QString, qint64> notified; // NOTIFY channel -> the highest retried id announced on it
        QString error;                  // for the analyst when !ok
    };

    // An alert's pipeline stage for the detail pane (requestStageStatus).
    struct StageStatus {
        qint64 id = 0;
        bool found = false;
        QString state;          // alert_state
        QString failedStage;    // state 'failed': the stage that gave up ("enrich")
        QString failedFrom;     // state 'failed': the state a retry returns to
        QString stageError;     // the last error of the current (or failed) stage
        int attempts = 0;       // attempts of the current stage so far
        QString error;          // the query failed
        // The alert's agent as the enrichment stage knows it (agents table, from the Wazuh API)
        QString agentId;
        bool agentKnown = false;         // the Wazuh API answered for it (or older rows carry its details)
        bool agentUnknownToApi = false;  // the Wazuh API said it has no such agent (1701)
        QString agentName, agentIp, agentOs, agentVersion, agentStatus;  // status_text: active, disconnected…
        QStringList agentGroups;
        QDateTime agentLastKeepAlive;
        bool isFailed() const { return state == QLatin1String("failed"); }
        bool canRetry() const { return isFailed() && !failedFrom.isEmpty(); }
    };

    // actor: the analyst name for the audit trail (see actorFromConfig()).
    TriageStore(DbConnectionInfo db, QString actor, QObject *parent = nullptr);
    ~TriageStore() override;

    // EOS_ANALYST when set, else the OS user ($USER / $LOGNAME / getpwuid), else "unknown".
    static QString actorFromConfig(const Config &config);
    QString actor() const { return m_actor; }

    static bool reasonRequired(Action action);  // FalsePositive, Escalate
    static QString actionName(Action action);   // the audit_log.action text

    // How long a queued action waits for a connection before it is refused.
    static constexpr int kQueueSeconds = 120;

    // A reason is required for FalsePositive and Escalate (Result.error otherwise, nothing changed).
    // On the worker; applied(result) follows (and alertsChanged). Returns a ticket passed to applied.
    quint64 applyAsync(Action action, const QList<qint64> &alertIds, const QString &reason = {});
    // Blocking, on a connection of the calling thread (tests, tools).
    Result apply(Action action, const QList<qint64> &alertIds, const QString &reason = {});
    // The same on db (what the worker runs).
    static Result apply(QSqlDatabase &db, const QString &actor, Action action, const QList<qint64> &alertIds,
                        const QString &reason);
    // The same on every alert matching an SQL condition on alerts (a group row of AlertGroupModel: its
    // selection()): the ids are read on the worker and the action is applied to them as above — one
    // transaction, one audit row per alert, exactly as a selection of those alerts would be.
    quint64 applyMatchingAsync(Action action, const QString &where, const QVariantList &binds, const QString &reason = {});
    static Result applyMatching(QSqlDatabase &db, const QString &actor, Action action, const QString &where,
                                const QVariantList &binds, const QString &reason);
    // Actions posted and not yet answered.
    int pendingActions() const { return m_pendingActions; }
    Result acknowledge(const QList<qint64> &ids, const QString &reason = {}) { return apply(Action::Acknowledge, ids, reason); }
    Result markFalsePositive(const QList<qint64> &ids, const QString &reason) { return apply(Action::FalsePositive, ids, reason); }
    Result escalate(const QList<qint64> &ids, const QString &reason) { return apply(Action::Escalate, ids, reason); }
    Result assignToMe(const QList<qint64> &ids) { return apply(Action::AssignToMe, ids); }

    // The audit trail of one alert, oldest first: on the worker, historyReady follows; a newer request
    // supersedes (cancels) an older one still running.
    void requestHistory(qint64 alertId);
    // Blocking (tests), and on db (the worker).
    QList<HistoryEntry> history(qint64 alertId, QString *error = nullptr);
    static QList<HistoryEntry> history(QSqlDatabase &db, qint64 alertId, QString *error);

    // Sends failed alerts back to the state they failed from, on the store's worker thread: in one
    // transaction the stage columns are cleared, an audit row 'stage_retry' is written per alert and the
    // channel of each state they return to is notified (with the highest id), so the stage picks them up.
    // Alerts that are not failed are untouched. retryFinished (and alertsChanged) follow.
    void retryAsync(const QList<qint64> &alertIds);
    // The same, synchronously on db (the worker runs it; tests call it directly).
    static RetryResult retry(QSqlDatabase &db, const QString &actor, const QList<qint64> &alertIds);
    // Reads the alert's stage columns on the worker thread; stageStatusReady follows.
    void requestStageStatus(qint64 alertId);
    static StageStatus stageStatus(QSqlDatabase &db, qint64 alertId);
    // The NOTIFY channel that wakes the consumer of alerts in this state (new_alert, agent_enriched,
    // new_response), or empty.
    static QString channelForState(const QString &state);
    static QString describe(const RetryResult &result);  // "Sent 3 alerts back to their stage"

Q_SIGNALS:
    // After a successful action: models refresh these rows (AlertListModel::refreshAlerts).
    void alertsChanged(const QList<qint64> &ids);
    void applied(quint64 ticket, const eos::TriageStore::Result &result);
    void historyReady(qint64 alertId, const QList<eos::TriageStore::HistoryEntry> &entries, const QString &error);
    void retryFinished(const eos::TriageStore::RetryResult &result);
    void stageStatusReady(const eos::TriageStore::StageStatus &status);

private:
    bool ensureOpen(QString *error);
    DbWorker *worker();

    DbConnectionInfo m_info;
    QString m_actor;
    QString m_connName;
    std::unique_ptr<DbWorker> m_worker;  // created on first use
    int m_pendingActions = 0;
    quint64 m_nextTicket = 0;
};

}  // namespace eos
