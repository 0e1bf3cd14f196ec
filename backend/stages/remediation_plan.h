// One remediation action, fully resolved: exactly what will be sent to the Wazuh API and to which agent.
// Built by RemediationCatalog from an alert (or from the command line) after every value taken from the
// alert was validated; shown verbatim in the confirmation dialog and by `eos-console remediate`, sent by
// the Remediator, and stored in the audit row.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace eos {

struct RemediationPlan {
    enum class Kind { Restart, ActiveResponse };
    Kind kind = Kind::Restart;
    QString actionId;          // "restart" or the EOS_AR_COMMANDS id ("block-ip")
    QString label;             // "Block the source IP (firewall-drop, 10 min)"
    QString agentId;           // "001"
    QString agentName;         // for display; may be empty
    qint64 alertId = 0;        // 0: not about an alert (Agents view, CLI without --alert)
    QString command;           // active response: Wazuh's ar.conf name, "firewall-drop600"
    QStringList arguments;     // active response: extra arguments (validated)
    QMap<QString, QString> fields;  // validated values taken from the alert: srcip -> 203.0.113.7
    QJsonObject alertContext;  // active response: the `alert` sent, {"data": {<fields>}} only

    bool isActiveResponse() const { return kind == Kind::ActiveResponse; }
    QString method() const { return QStringLiteral("PUT"); }
    QString path() const
    {
        return kind == Kind::Restart ? QStringLiteral("/agents/%1/restart").arg(agentId) : QStringLiteral("/active-response");
    }
    QString query() const { return kind == Kind::Restart ? QString() : QStringLiteral("agents_list=") + agentId; }
    QString endpoint() const { return method() + u' ' + path() + (query().isEmpty() ? QString() : u'?' + query()); }
    QJsonObject body() const
    {
        if (kind == Kind::Restart) return {};
        QJsonObject b{{QStringLiteral("command"), command}, {QStringLiteral("arguments"), QJsonArray::fromStringList(arguments)}};
        if (!alertContext.isEmpty()) b.insert(QStringLiteral("alert"), alertContext);
        return b;
    }
    QString bodyText() const
    {
        const QJsonObject b = body();
        return b.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(b).toJson(QJsonDocument::Indented)).trimmed();
    }
    // The request as it goes into the audit row.
    QJsonObject toJson() const
    {
        QJsonObject o{{QStringLiteral("action"), actionId},
                      {QStringLiteral("kind"), kind == Kind::Restart ? QStringLiteral("restart") : QStringLiteral("active_response")},
                      {QStringLiteral("agent"), agentId},
                      {QStringLiteral("endpoint"), endpoint()}};
        if (!agentName.isEmpty()) o.insert(QStringLiteral("agent_name"), agentName);
        if (kind == Kind::ActiveResponse) {
            o.insert(QStringLiteral("command"), command);
            o.insert(QStringLiteral("body"), body());
        }
        return o;
    }
};

}  // namespace eos
