// The console's access to remediation (backend/stages/remediation_*, remediator, playbook_library,
// response_policies): what an alert offers (actions with the reason an action is not offered, e.g. a
// protected agent, and the matching playbooks) computed on the caller's thread from the alert's JSON (no
// SQL, no network); the actions themselves, the recent-actions list and the policies' state on worker
// threads, so the GUI never waits for the Wazuh API or the database.
#pragma once

#include "core/config.h"
#include "stages/playbook_library.h"
#include "stages/protected_targets.h"
#include "stages/remediation_catalog.h"
#include "stages/remediation_plan.h"
#include "stages/remediator.h"
#include "stages/response_policies.h"
#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <memory>

namespace eos {

class DbWorker;
class WorkerThread;

class RemediationService : public QObject {
    Q_OBJECT
public:
    // One remediation row of the audit log (manual or automatic), for the Remediation view.
    struct ActionRow {
        qint64 auditId = 0;
        QDateTime at;
        QString actor;
        QString kind;           // remediation, auto_response, policy_paused, policy_resumed
        QString source;         // console, cli, policy
        QString policy;
        QString agentId;
        qint64 alertId = 0;
        QString actionId;       // restart, block-ip, …
        QString endpoint;
        QString outcome;        // ok, partial, failed, dry_run, refused, skipped, sending
        QString message;
        int code = 0;
        QJsonObject details;
    };
    // One policy with how it fares (Remediation view).
    struct PolicyRow {
        QString name;
        QString description;
        QString action;
        bool enabled = true;
        bool dryRun = false;
        bool paused = false;
        QString pausedBy;
        QDateTime pausedAt;
        Remediator::Limits limits;
        int takenInWindow = 0;        // actions (or dry runs) within its per-policy window
        int busiestAgentInWindow = 0; // the most actions on one agent within the per-agent window
        int matches24h = 0;           // decisions of the last 24 h, taken or not
        QDateTime lastMatch;
    };

    RemediationService(const Config &config, DbConnectionInfo db, QString actor, QObject *parent = nullptr);
    ~RemediationService() override;

    QString actor() const { return m_actor; }
    void setActor(const QString &actor) { m_actor = actor; }
    bool isApiConfigured() const;
    QString apiUrl() const;
    // Problems with EOS_AR_COMMANDS, EOS_RESPONSE_POLICIES, EOS_PROTECTED or playbooks, for the status bar.
    QStringList configurationProblems() const { return m_problems; }

    const RemediationCatalog &catalog() const { return m_catalog; }
    const PlaybookLibrary &playbooks() const { return m_playbooks; }
    const ResponsePolicies &policies() const { return m_policies; }
    const ProtectedTargets &guard() const { return m_guard; }

    QList<RemediationCatalog::Offer> offersFor(const QJsonObject &alert, qint64 alertId) const;
    QList<PlaybookLibrary::Playbook> playbooksFor(const QJsonObject &alert) const;
    bool restartPlan(const QString &agentId, const QString &agentName, RemediationPlan *plan, QString *why) const;

    // Sends the plan on the worker thread; executed() follows (always, also when the database or the API
    // is unreachable).
    void execute(const RemediationPlan &plan, const QString &reason = {});
    int pendingActions() const { return m_pending; }

    void refreshActions(int limit = 500);
    void refreshPolicies();
    // Pauses or resumes a policy (audited: 'policy_paused' / 'policy_resumed'); policyPauseChanged follows.
    void setPolicyPaused(const QString &policy, bool paused, const QString &reason);

    // Synchronous forms (the workers run them; tests call them directly).
    static QList<ActionRow> loadActions(QSqlDatabase &db, int limit, QString *error);
    static QList<PolicyRow> loadPolicies(QSqlDatabase &db, const ResponsePolicies &policies, QString *error);
    static QString pausePolicy(QSqlDatabase &db, const QString &actor, const QString &policy, bool paused, const QString &reason);

Q_SIGNALS:
    void executed(const eos::RemediationPlan &plan, const eos::Remediator::Outcome &outcome);
    void actionsLoaded(const QList<eos::RemediationService::ActionRow> &rows, const QString &error);
    void policiesLoaded(const QList<eos::RemediationService::PolicyRow> &rows, const QString &error);
    void policyPauseChanged(const QString &policy, bool paused, const QString &error);

private:
    DbWorker *worker();

    Config m_config;
    DbConnectionInfo m_info;
    QString m_actor;
    RemediationCatalog m_catalog;
    PlaybookLibrary m_playbooks;
    ResponsePolicies m_policies;
    ProtectedTargets m_guard;
    QStringList m_problems;
    std::unique_ptr<DbWorker> m_worker;
    std::unique_ptr<WorkerThread> m_executorThread;  // the Wazuh client and the Remediator live there
    QObject *m_executor = nullptr;
    int m_pending = 0;
};

}  // namespace eos

Q_DECLARE_METATYPE(eos::RemediationPlan)
Q_DECLARE_METATYPE(eos::Remediator::Outcome)
