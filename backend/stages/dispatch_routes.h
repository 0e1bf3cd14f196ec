// Dispatch routes (EOS_ROUTES_FILE): a JSON array of routes whose keys are the element names of Wazuh's
// <integration> block, with Wazuh's filter semantics (src/os_integrator/integrator.c), so an admin reads
// the file at once:
//   name            slack | jira | stackstorm | webhook | email   (Wazuh's custom-NAME is accepted as NAME)
//   hook_url        where to send (Jira: the site's base URL, e.g. https://acme.atlassian.net)
//   api_key | api_key_file   the credential (Slack: none; Jira: the API token; StackStorm: St2-Api-Key);
//                   without either, EOS_ROUTE_TOKEN_<ID> (env file, environment, _FILE, or the OS keyring)
//   level           number: rule.level >= level (0 or absent: no filter)
//   rule_id         "5710, 5712": any equal (comma or space separated integers)
//   group           "authentication_failed,sshd": any entry equal (exact) to any of rule.groups
//   event_location  OSMatch pattern on the alert's `location`: case-insensitive substring, `|` alternatives,
//                   `^` / `$` anchors, a leading `!` negates; an alert without location never matches
//   options         JSON object merged into the message (Slack: into the message; webhook: into the body;
//                   Jira: into `fields`)
//   mode            auto (default) | review: queued until an analyst approves it in the Dispatch Queue
// Eos's own keys (all optional): id (unique route id; default the name, "-2", "-3" for repeats),
// concurrency, rate_per_second, max_attempts, digest_threshold and digest_minutes (more than
// digest_threshold alerts within digest_minutes become one digest message; digest_mode "window": every alert
// waits, and those of each digest_minutes window go out as one digest), playbooks (object: "rule:<id>"
// or "group:<name>" -> [steps], shown in Jira descriptions), and per kind: project, issue_type,
// api_version (Jira), recipients (email), escalate (Jira: an analyst's Escalate creates a dispatch on this
// route; default true, false opts the route out). Wazuh's alert_format, max_log, timeout and retries are accepted
// and ignored (Eos always works on JSON and retries from its outbox).
#pragma once

#include "core/config.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace eos {

// Wazuh's OSMatch: case-insensitive, `|` separates alternatives, `^` anchors at the start and `$` at the
// end of an alternative, otherwise a substring; a leading `!` negates the whole pattern.
class OsMatch {
public:
    OsMatch() = default;
    explicit OsMatch(const QString &pattern);
    bool isEmpty() const { return m_alternatives.empty(); }
    bool matches(const QString &text) const;
    QString pattern() const { return m_pattern; }

private:
    struct Alt {
        QString text;
        bool atStart = false, atEnd = false;
    };
    QString m_pattern;
    bool m_negate = false;
    std::vector<Alt> m_alternatives;
};

struct DispatchRoute {
    QString id;              // unique within the file: outbox rows name their route by it
    QString kind;            // slack, jira, stackstorm, webhook, email
    QString hookUrl;
    QString apiKey;
    int level = 0;
    QList<qint64> ruleIds;
    QStringList groups;
    OsMatch eventLocation;
    QJsonObject options;
    bool review = false;     // mode: review
    bool escalate = false;   // the console's Escalate creates a dispatch here (Jira routes unless "escalate": false)
    int concurrency = 4;
    double ratePerSecond = 0;   // 0 = unlimited
    int maxAttempts = 0;        // 0 = EOS_DISPATCH_MAX_ATTEMPTS
    int digestThreshold = 0;    // 0 = never digest
    int digestMinutes = 1;
    bool digestWindow = false;  // digest_mode "window": the route's alerts wait and go out together every digestMinutes
    QJsonObject playbooks;
    QJsonObject extra;          // the route's whole JSON object (kind-specific keys: project, recipients, ...)

    // Wazuh's filters, all must pass. alert: the Wazuh alert JSON.
    bool matches(const QJsonObject &alert) const;
    // The playbook steps for this alert (rule:<id> first, then group:<name> in rule.groups order), or empty.
    QStringList playbookFor(const QJsonObject &alert) const;
};

class DispatchRoutes {
public:
    static QStringList knownKinds();
    // Parses the JSON text of a routes file. Errors name the route (index and name) and the key; a file
    // with an error yields nullopt (a half-loaded routing table would silently drop alerts).
    // baseDir resolves a relative api_key_file.
    static std::optional<std::vector<DispatchRoute>> parse(const QByteArray &json, const QString &baseDir,
                                                           QString *error);
    static std::optional<std::vector<DispatchRoute>> load(const QString &path, QString *error);
    // Routes without api_key/api_key_file take their token from Config::routeTokenKey(id)
    // (EOS_ROUTE_TOKEN_<ID>: the env file, the environment, a _FILE, or the console's OS keyring).
    static void applyTokens(std::vector<DispatchRoute> &routes, const Config &config);
    // The routes an alert goes to (in file order).
    static std::vector<const DispatchRoute *> matching(const std::vector<DispatchRoute> &routes, const QJsonObject &alert);
};

}  // namespace eos
