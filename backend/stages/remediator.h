// Carries out one remediation plan through the Wazuh API and records it: every attempt, whatever its
// outcome, is an audit_log row (action 'remediation' for an analyst, 'auto_response' for a policy) with
// the actor, the time, the request and the outcome, tied to the alert when there is one (so it shows in
// the alert's triage history) and to the agent.
//
// The row is written BEFORE the request (outcome "sending") and completed after it, so a crash between
// the two leaves a row saying the outcome is unknown rather than no trace; if the row cannot be written,
// nothing is sent. For a policy the limits are checked in that same transaction under an advisory lock
// per policy, so several daemons never exceed them together.
//
// Lives on a thread with an event loop (the client's); the database callback gives a connection of that
// thread. Used by the console (models/remediation_service on its worker thread), by
// `eos-console remediate` and by the auto-response policy stage.
#pragma once

#include "clients/wazuh_api_client.h"
#include "stages/remediation_plan.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>

#include <functional>

namespace eos {

class Remediator : public QObject {
    Q_OBJECT
public:
    struct Context {
        QString actor;          // the analyst, or "eos:policy"
        QString source;         // console, cli, policy
        QString policy;         // the policy's name (source policy)
        QString reason;         // free text for the audit row
        bool dryRun = false;    // record what would be sent, send nothing
    };
    // Limits of a policy, counted over its audit rows that took an action (sent or dry run).
    struct Limits {
        int perAgentMax = 0;        // 0: no limit
        int perAgentWindowMinutes = 60;
        int perPolicyMax = 0;
        int perPolicyWindowMinutes = 60;
    };
    struct Outcome {
        // ok, partial (some agents failed), failed, dry_run, refused (nothing sent: bad or protected
        // target), skipped (policy: limit, paused), error (nothing sent: the audit row could not be written)
        QString status;
        int httpStatus = 0;
        int code = 0;               // Wazuh's error code (of the first failed item)
        QString message;            // Wazuh's message, or why it was refused/skipped
        QString remediation;        // Wazuh's remediation text
        QJsonArray failedItems;     // [{code, message, remediation, ids}]
        QStringList affected;       // agents the command reached
        qint64 auditId = 0;
        bool succeeded() const { return status == QLatin1String("ok") || status == QLatin1String("partial") ||
                                        status == QLatin1String("dry_run"); }
        QString summary() const;    // one line for the CLI, the status bar and logs
        QJsonObject toJson() const;
    };
    using Done = std::function<void(const Outcome &)>;
    using DbProvider = std::function<QSqlDatabase &()>;

    // client: may be null or unconfigured (every attempt then fails with "WAZUH_API_URL is not set").
    Remediator(WazuhApiClient *client, DbProvider db, QObject *parent = nullptr);

    // Sends the plan (unless ctx.dryRun) and records it; done runs on this thread, exactly once.
    // limits: checked and recorded atomically with the audit row (policies); a limit reached gives "skipped".
    void execute(const RemediationPlan &plan, const Context &ctx, Done done, const Limits *limits = nullptr);
    // A decision without a request (refused or skipped, and why): one audit row. Returns its id (0 on error).
    static qint64 recordDecision(QSqlDatabase &db, const RemediationPlan &plan, const Context &ctx,
                                 const QString &status, const QString &why, qint64 alertId = 0,
                                 const QString &agentId = {});
    static QString auditAction(const Context &ctx);  // remediation or auto_response
    static Outcome outcomeOf(const WazuhApiClient::Result &result);

private:
    WazuhApiClient *m_client;
    DbProvider m_db;
};

}  // namespace eos
