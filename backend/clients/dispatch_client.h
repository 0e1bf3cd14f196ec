// DispatchClient: what the outbox sender (stages/dispatch_sender) asks of a notification service. One
// subclass per service (SlackClient, JiraClient, StackStormClient, WebhookClient, SmtpClient): it shapes the
// message from the alert and speaks the service's protocol, one attempt per send() (the outbox does the
// retries, backoff and rate limits), and tells how the attempt ended. Clients never see the store;
// the sender hands them a DispatchRequest and records the DispatchResult.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <vector>

namespace eos {

// One alert as a message needs it.
struct DispatchAlert {
    qint64 alertId = 0;
    QJsonObject raw;         // the Wazuh alert
    QString summary;         // the LLM's text (response_text), may be empty
    QString risk;            // the LLM's risk word when it gave one ("high"), may be empty
    QStringList playbook;    // the matching playbook's steps, may be empty
    // (with initialisers, so brace-initialised DispatchAlerts may leave them out)
    QString hash = {};       // alerts.alert_hash (email: $alert_id is its first 8 characters)
    QString agentOs = {};    // agents.os ("Ubuntu 22.04"), may be empty
};

struct DispatchRequest {
    qint64 outboxId = 0;
    QString routeId;
    QUrl url;                     // hook_url
    QString apiKey;
    QJsonObject options;          // merged into the message
    QJsonObject routeConfig;      // the route's whole JSON (kind-specific keys)
    std::vector<DispatchAlert> alerts;  // one alert, or the members of a digest
    bool digest = false;
    bool outcomeUnknown = false;  // a previous attempt may have landed (lease expired in `sending`)
    QString existingIssueKey;     // Jira: the open issue for this agent and rule, tracked locally
    QString openedAtIso;          // digest: when the window began
    bool escalation = false;      // an analyst escalated the alert in the console (not the route's filters)
    QString escalatedBy, escalationReason;
};

struct DispatchResult {
    enum class Kind {
        Sent,        // the service accepted it
        Retry,       // transient (5xx, time-out, connection): again after backoff
        Throttled,   // 429: again after retryAfterMs, not counted as an attempt
        Dead,        // refused for good (4xx other than 408/429, bad configuration)
        Hold,        // this route cannot make its messages now (email: a template error): the row waits
                     // (state failed, error shown) for retryAfterMs and the route pauses; not an attempt
    };
    Kind kind = Kind::Retry;
    int httpStatus = 0;
    QString remoteId;         // Jira key, message id, StackStorm trace id
    QString action;           // Jira: created | commented | found (label eos-<id> already there)
    QString closedIssueKey;   // Jira: the tracked issue turned out to be resolved or gone
    QByteArray payload;       // the request body as sent (the last request of the attempt)
    QByteArray response;      // the answer's body (truncated by the sender)
    int retryAfterMs = -1;
    QString error;            // in words, for the Dispatch Queue
};

class DispatchClient : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~DispatchClient() override = default;
    virtual QString kind() const = 0;
    // One attempt. done runs once, on the client's thread (possibly synchronously on a bad request).
    virtual void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) = 0;

    // Shared helpers for the alert's fields.
    static QString str(const QJsonObject &o, const QString &path);  // "rule.description"
    static int level(const QJsonObject &alert);
};

}  // namespace eos
