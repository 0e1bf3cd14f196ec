// Auto-response policies (EOS_RESPONSE_POLICIES, a JSON file): which alerts trigger which remediation
// action, within which limits. Matching has the semantics of Wazuh's <integration> filters, all of which
// must pass:
//   rule_id         comma/space list of rule ids, any equal to rule.id
//   group           comma list, any equal (exact string) to one of rule.groups
//   level           rule.level >= level (0: no filter)
//   event_location  an OSMatch pattern over `location` (case-insensitive, "|" alternatives, "^"/"$"
//                   anchors); an alert without location does not match
// Only the alert as Wazuh produced it is matched: never the LLM's summary, so a policy never acts on the
// strength of an LLM's output.
//
//   {"policies": [{"name": "ssh-brute-force-disable-account", "rule_id": "5710,5712", "group": "sshd",
//                  "level": 10, "action": "disable-account", "dry_run": false, "enabled": true,
//                  "limits": {"per_agent": {"max": 3, "window_minutes": 60},
//                             "per_policy": {"max": 20, "window_minutes": 60}}}]}
#pragma once

#include "core/config.h"
#include "stages/remediator.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace eos {

class ResponsePolicies {
public:
    struct Policy {
        QString name;
        QString description;
        bool enabled = true;
        bool dryRun = false;
        QStringList ruleIds;
        QStringList groups;
        int level = 0;
        QString eventLocation;
        QString action;            // "restart" or an EOS_AR_COMMANDS id
        Remediator::Limits limits;
        bool matches(const QJsonObject &alert) const;
    };

    ResponsePolicies() = default;
    static QByteArray exampleJson();
    // A bad file: *error ("path:line: what" or "path: policy N: what") and no policies.
    static ResponsePolicies fromJson(const QByteArray &json, const QString &origin, QString *error);
    // EOS_RESPONSE_POLICIES; unset: no policies, no error.
    static ResponsePolicies fromConfig(const Config &config, QString *error);
    // Wazuh's OSMatch as integratord uses it for event_location.
    static bool osMatch(const QString &pattern, const QString &text);

    const QList<Policy> &policies() const { return m_policies; }
    const Policy *find(const QString &name) const;
    bool isEmpty() const { return m_policies.isEmpty(); }

private:
    QList<Policy> m_policies;
};

}  // namespace eos
