// The remediation actions Eos offers, and the one place where values from an alert become part of a
// request to the Wazuh API.
//
// Actions: "restart" (PUT /agents/{id}/restart) and the active-response commands of EOS_AR_COMMANDS (a
// JSON file; defaultJson() when unset). Each command names Wazuh's ar.conf command (whose name carries the
// timeout: firewall-drop600), the fields it takes from the alert with their type, and optional extra
// arguments (literals or "{field}" templates):
//   {"commands": [{"id": "block-ip", "label": "Block the source IP", "command": "firewall-drop600",
//                  "fields": {"srcip": {"from": ["data.srcip"], "type": "ip"}}, "arguments": []}]}
// Types: ip (parsed as an IPv4/IPv6 address and sent in its canonical form; loopback, unspecified and
// multicast refused), user (a conservative account name: ^[A-Za-z_][A-Za-z0-9._-]{0,31}$), word
// (^[A-Za-z0-9._:-]{1,64}$) and port (1-65535). A value that does not fit is refused, never cleaned: a
// hostile alert (srcip "1.2.3.4; rm -rf /") cannot put anything into a command. The `alert` sent with an
// active response is built from the validated fields alone ({"data": {"srcip": "1.2.3.4"}}), never copied
// from the alert, because Wazuh's scripts read their target from it. EOS_PROTECTED (ProtectedTargets) is
// checked for the agent, every address and every account.
#pragma once

#include "core/config.h"
#include "stages/protected_targets.h"
#include "stages/remediation_plan.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace eos {

class RemediationCatalog {
public:
    struct Field {
        QString name;        // the key in alert.data of the request: "srcip"
        QStringList from;    // dotted paths in the alert, first present wins: "data.srcip"
        QString type;        // ip, user, word, port
    };
    struct Command {
        QString id;          // "block-ip"
        QString label;       // shown on buttons and in the dialog
        QString command;     // Wazuh's ar.conf name: "firewall-drop600"
        QString description;
        QList<Field> fields;
        QStringList arguments;  // literals or "{field}" templates
    };
    // What an alert offers: every action, available or with the reason it is not.
    struct Offer {
        QString id;
        QString label;
        bool available = false;
        QString why;            // when !available
        RemediationPlan plan;   // when available
    };

    RemediationCatalog() = default;
    static QByteArray defaultJson();
    static RemediationCatalog defaults();
    // Parses EOS_AR_COMMANDS' JSON; nullopt-like: *error set and an empty catalog on a bad file.
    static RemediationCatalog fromJson(const QByteArray &json, const QString &origin, QString *error);
    // EOS_AR_COMMANDS when set (an unreadable or bad file is an error), else the defaults.
    static RemediationCatalog fromConfig(const Config &config, QString *error);

    const QList<Command> &commands() const { return m_commands; }
    // By id ("block-ip") or by Wazuh command name ("firewall-drop600").
    const Command *find(const QString &idOrCommand) const;

    QList<Offer> offersFor(const QJsonObject &alert, qint64 alertId, const ProtectedTargets &guard) const;
    // One action ("restart" or a command id) for an alert.
    bool planForAlert(const QString &actionId, const QJsonObject &alert, qint64 alertId, const ProtectedTargets &guard,
                      RemediationPlan *plan, QString *why) const;
    // Restart of an agent (Agents view, command line).
    static bool restartPlan(const QString &agentId, const QString &agentName, qint64 alertId,
                            const ProtectedTargets &guard, RemediationPlan *plan, QString *why);
    // An active response from explicit values (command line: --command firewall-drop600 --arg srcip=…).
    // A command of the catalog takes its field types from there; another name (Wazuh checks it against
    // ar.conf) gets types from the field names (…ip → ip, …user → user, port → port, else word).
    bool planFromValues(const QString &commandOrId, const QString &agentId, const QMap<QString, QString> &values,
                        qint64 alertId, const ProtectedTargets &guard, RemediationPlan *plan, QString *why) const;

    // Checks one value; on success *canonical is what is sent.
    static bool validate(const QString &type, const QString &value, QString *canonical, QString *why);
    static bool isValidAgentId(const QString &id);
    static bool isValidCommandName(const QString &name);
    static QString typeForFieldName(const QString &name);
    // A dotted path into the alert ("data.srcip"); numbers become text; absent: null QString.
    static QString valueAt(const QJsonObject &alert, const QString &path);

private:
    bool buildActiveResponse(const Command &cmd, const QString &agentId, const QString &agentName,
                             const QMap<QString, QString> &rawValues, qint64 alertId, const ProtectedTargets &guard,
                             RemediationPlan *plan, QString *why) const;
    QList<Command> m_commands;
};

}  // namespace eos
