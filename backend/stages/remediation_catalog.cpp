#include "stages/remediation_catalog.h"

#include "core/json_path.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace eos {
namespace {

const QRegularExpression &userRe()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9._-]{0,31}$"));
    return re;
}
const QRegularExpression &wordRe()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._:-]{1,64}$"));
    return re;
}
const QRegularExpression &templateRe()
{
    static const QRegularExpression re(QStringLiteral("^\\{([A-Za-z_][A-Za-z0-9_]*)\\}$"));
    return re;
}

QString shown(const QString &value)
{
    // a hostile value is quoted in messages, shortened and without control characters
    QString v = value.left(80);
    for (QChar &c : v)
        if (c.category() == QChar::Other_Control) c = u'?';
    return u'"' + v + (value.size() > 80 ? QStringLiteral("…\"") : QStringLiteral("\""));
}

}  // namespace

QByteArray RemediationCatalog::defaultJson()
{
    return QByteArrayLiteral(R"json({
  "commands": [
    {"id": "block-ip", "label": "Block the source IP (firewall-drop, 10 min)", "command": "firewall-drop600",
     "description": "Drops traffic from the alert's source address on the agent for 600 s (iptables/pf).",
     "fields": {"srcip": {"from": ["data.srcip"], "type": "ip"}}},
    {"id": "host-deny", "label": "Deny the source IP in hosts.deny (10 min)", "command": "host-deny600",
     "description": "Adds the alert's source address to /etc/hosts.deny on the agent for 600 s.",
     "fields": {"srcip": {"from": ["data.srcip"], "type": "ip"}}},
    {"id": "route-null", "label": "Null-route the source IP (10 min)", "command": "route-null600",
     "description": "Routes the alert's source address to nowhere on the agent for 600 s.",
     "fields": {"srcip": {"from": ["data.srcip"], "type": "ip"}}},
    {"id": "disable-account", "label": "Disable the target account (10 min)", "command": "disable-account600",
     "description": "Locks the account the alert names (data.dstuser) on the agent for 600 s.",
     "fields": {"dstuser": {"from": ["data.dstuser"], "type": "user"}}},
    {"id": "restart-wazuh", "label": "Restart the Wazuh service (active response)", "command": "restart-wazuh0",
     "description": "Restarts the agent's Wazuh service through active response.", "fields": {}}
  ]
})json");
}

RemediationCatalog RemediationCatalog::defaults()
{
    QString error;
    return fromJson(defaultJson(), QStringLiteral("the default EOS_AR_COMMANDS"), &error);
}

RemediationCatalog RemediationCatalog::fromJson(const QByteArray &json, const QString &origin, QString *error)
{
    RemediationCatalog c;
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        // the line of the offset, for the analyst
        const int line = int(json.left(pe.offset).count('\n')) + 1;
        *error = QStringLiteral("%1:%2: not valid JSON: %3").arg(origin).arg(line).arg(pe.errorString());
        return {};
    }
    const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("commands")).toArray();
    if (list.isEmpty()) {
        *error = QStringLiteral("%1: no commands (expected {\"commands\": [...]})").arg(origin);
        return {};
    }
    QStringList ids;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        Command cmd;
        cmd.id = o.value(QStringLiteral("id")).toString().trimmed();
        cmd.command = o.value(QStringLiteral("command")).toString().trimmed();
        cmd.label = o.value(QStringLiteral("label")).toString(cmd.id);
        cmd.description = o.value(QStringLiteral("description")).toString();
        const QString where = QStringLiteral("%1: command %2").arg(origin).arg(i + 1);
        if (!wordRe().match(cmd.id).hasMatch() || cmd.id == QLatin1String("restart")) {
            *error = QStringLiteral("%1: \"id\" must be a short word other than \"restart\"").arg(where);
            return {};
        }
        if (ids.contains(cmd.id)) {
            *error = QStringLiteral("%1: id %2 appears twice").arg(where, cmd.id);
            return {};
        }
        ids << cmd.id;
        if (!isValidCommandName(cmd.command)) {
            *error = QStringLiteral("%1 (%2): \"command\" must be Wazuh's ar.conf command name, e.g. firewall-drop600")
                         .arg(where, cmd.id);
            return {};
        }
        const QJsonObject fields = o.value(QStringLiteral("fields")).toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            Field f;
            f.name = it.key();
            const QJsonObject fo = it.value().toObject();
            const QJsonValue from = fo.value(QStringLiteral("from"));
            if (from.isArray())
                for (const QJsonValue &v : from.toArray()) f.from << v.toString();
            else if (from.isString())
                f.from << from.toString();
            f.from.removeAll(QString());
            f.type = fo.value(QStringLiteral("type")).toString(typeForFieldName(f.name));
            if (!wordRe().match(f.name).hasMatch() || f.from.isEmpty() ||
                !QStringList{QStringLiteral("ip"), QStringLiteral("user"), QStringLiteral("word"), QStringLiteral("port")}
                     .contains(f.type)) {
                *error = QStringLiteral("%1 (%2): field %3 needs \"from\" (alert paths) and a \"type\" of ip, user, word "
                                        "or port").arg(where, cmd.id, f.name);
                return {};
            }
            cmd.fields << f;
        }
        for (const QJsonValue &a : o.value(QStringLiteral("arguments")).toArray()) {
            const QString arg = a.toString();
            const auto m = templateRe().match(arg);
            if (m.hasMatch()) {
                bool known = false;
                for (const Field &f : cmd.fields) known = known || f.name == m.captured(1);
                if (!known) {
                    *error = QStringLiteral("%1 (%2): argument %3 names no field").arg(where, cmd.id, arg);
                    return {};
                }
            } else if (!arg.isEmpty() && !wordRe().match(arg).hasMatch() && arg != QLatin1String("-")) {
                *error = QStringLiteral("%1 (%2): argument %3 is neither a {field} nor a plain word").arg(where, cmd.id, shown(arg));
                return {};
            }
            cmd.arguments << arg;
        }
        c.m_commands << cmd;
    }
    return c;
}

RemediationCatalog RemediationCatalog::fromConfig(const Config &config, QString *error)
{
    const QString path = config.value(QStringLiteral("EOS_AR_COMMANDS"));
    if (path.isEmpty()) return defaults();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("EOS_AR_COMMANDS: cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return fromJson(f.read(4 * 1024 * 1024), path, error);
}

const RemediationCatalog::Command *RemediationCatalog::find(const QString &idOrCommand) const
{
    for (const Command &c : m_commands)
        if (c.id == idOrCommand) return &c;
    for (const Command &c : m_commands)
        if (c.command == idOrCommand) return &c;
    return nullptr;
}

bool RemediationCatalog::isValidAgentId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9]{3,8}$"));
    return re.match(id).hasMatch();
}

bool RemediationCatalog::isValidCommandName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^!?[A-Za-z0-9_.-]{1,64}$"));
    return re.match(name).hasMatch() && name != QLatin1String("..") && !name.contains(QLatin1String(".."));
}

QString RemediationCatalog::typeForFieldName(const QString &name)
{
    const QString n = name.toLower();
    if (n.endsWith(QLatin1String("ip")) || n == QLatin1String("address")) return QStringLiteral("ip");
    if (n.endsWith(QLatin1String("user")) || n == QLatin1String("account")) return QStringLiteral("user");
    if (n.endsWith(QLatin1String("port"))) return QStringLiteral("port");
    return QStringLiteral("word");
}

bool RemediationCatalog::validate(const QString &type, const QString &value, QString *canonical, QString *why)
{
    if (type == QLatin1String("ip")) {
        // QHostAddress also reads "1.2.3.4 " or forms with a scope; the value must be exactly an address
        QHostAddress a;
        static const QRegularExpression chars(QStringLiteral("^[0-9A-Fa-f:.]{2,45}$"));
        if (!chars.match(value).hasMatch() || !a.setAddress(value)) {
            *why = QStringLiteral("%1 is not an IP address").arg(shown(value));
            return false;
        }
        bool v4 = false;
        const quint32 mapped = a.toIPv4Address(&v4);
        if (v4) a = QHostAddress(mapped);
        if (a.isLoopback() || a.isNull() || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6 || a.isMulticast() ||
            a.isBroadcast()) {
            *why = QStringLiteral("%1 is a loopback, unspecified, broadcast or multicast address").arg(shown(value));
            return false;
        }
        *canonical = a.toString();
        return true;
    }
    if (type == QLatin1String("user")) {
        if (!userRe().match(value).hasMatch()) {
            *why = QStringLiteral("%1 is not an account name Eos acts on (letters, digits, . _ -, at most 32)").arg(shown(value));
            return false;
        }
        *canonical = value;
        return true;
    }
    if (type == QLatin1String("port")) {
        bool ok = false;
        const int p = value.toInt(&ok);
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
        if (!ok || !digits.match(value).hasMatch() || p < 1 || p > 65535) {
            *why = QStringLiteral("%1 is not a port number").arg(shown(value));
            return false;
        }
        *canonical = QString::number(p);
        return true;
    }
    if (!wordRe().match(value).hasMatch()) {
        *why = QStringLiteral("%1 is not a plain word (letters, digits, . _ : -)").arg(shown(value));
        return false;
    }
    *canonical = value;
    return true;
}

QString RemediationCatalog::valueAt(const QJsonObject &alert, const QString &path)
{
    const QJsonValue v = JsonPath::value(alert, path);
    if (v.isString()) return v.toString();
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 17);
    if (v.isUndefined() || v.isNull()) return {};
    // arrays, objects, booleans: not a value an action takes; shown as JSON so the refusal is clear
    return v.isBool() ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                      : QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                              .toJson(QJsonDocument::Compact));
}

bool RemediationCatalog::restartPlan(const QString &agentId, const QString &agentName, qint64 alertId,
                                     const ProtectedTargets &guard, RemediationPlan *plan, QString *why)
{
    if (!isValidAgentId(agentId)) {
        *why = QStringLiteral("%1 is not a Wazuh agent id").arg(shown(agentId));
        return false;
    }
    if (const QString p = guard.protectsAgent(agentId, agentName); !p.isEmpty()) {
        *why = p;
        return false;
    }
    RemediationPlan r;
    r.kind = RemediationPlan::Kind::Restart;
    r.actionId = QStringLiteral("restart");
    r.label = QStringLiteral("Restart the agent");
    r.agentId = agentId;
    r.agentName = agentName;
    r.alertId = alertId;
    *plan = r;
    return true;
}

bool RemediationCatalog::buildActiveResponse(const Command &cmd, const QString &agentId, const QString &agentName,
                                             const QMap<QString, QString> &rawValues, qint64 alertId,
                                             const ProtectedTargets &guard, RemediationPlan *plan, QString *why) const
{
    if (!isValidAgentId(agentId)) {
        *why = QStringLiteral("%1 is not a Wazuh agent id").arg(shown(agentId));
        return false;
    }
    if (const QString p = guard.protectsAgent(agentId, agentName); !p.isEmpty()) {
        *why = p;
        return false;
    }
    RemediationPlan r;
    r.kind = RemediationPlan::Kind::ActiveResponse;
    r.actionId = cmd.id;
    r.label = cmd.label;
    r.agentId = agentId;
    r.agentName = agentName;
    r.alertId = alertId;
    r.command = cmd.command;
    QJsonObject data;
    for (const Field &f : cmd.fields) {
        if (!rawValues.contains(f.name) || rawValues.value(f.name).isEmpty()) {
            *why = QStringLiteral("the alert has no %1 (%2)").arg(f.name, f.from.join(QStringLiteral(", ")));
            return false;
        }
        QString value;
        if (!validate(f.type, rawValues.value(f.name), &value, why)) {
            *why = QStringLiteral("%1: %2").arg(f.name, *why);
            return false;
        }
        QString p;
        if (f.type == QLatin1String("ip")) p = guard.protectsAddress(value);
        else if (f.type == QLatin1String("user")) p = guard.protectsUser(value);
        if (!p.isEmpty()) {
            *why = p;
            return false;
        }
        r.fields.insert(f.name, value);
        data.insert(f.name, value);
    }
    for (const QString &a : cmd.arguments) {
        const auto m = templateRe().match(a);
        r.arguments << (m.hasMatch() ? r.fields.value(m.captured(1)) : a);
    }
    if (!data.isEmpty()) r.alertContext = QJsonObject{{QStringLiteral("data"), data}};
    *plan = r;
    return true;
}

bool RemediationCatalog::planForAlert(const QString &actionId, const QJsonObject &alert, qint64 alertId,
                                      const ProtectedTargets &guard, RemediationPlan *plan, QString *why) const
{
    const QJsonObject agent = alert.value(QStringLiteral("agent")).toObject();
    const QString agentId = agent.value(QStringLiteral("id")).toString();
    const QString agentName = agent.value(QStringLiteral("name")).toString();
    if (agentId.isEmpty()) {
        *why = QStringLiteral("the alert names no agent");
        return false;
    }
    if (actionId == QLatin1String("restart")) return restartPlan(agentId, agentName, alertId, guard, plan, why);
    const Command *cmd = nullptr;
    for (const Command &c : m_commands)
        if (c.id == actionId) cmd = &c;
    if (!cmd) {
        *why = QStringLiteral("no action %1 in EOS_AR_COMMANDS").arg(shown(actionId));
        return false;
    }
    QMap<QString, QString> raw;
    for (const Field &f : cmd->fields)
        for (const QString &path : f.from) {
            const QString v = valueAt(alert, path);
            if (!v.isNull()) {
                raw.insert(f.name, v);
                break;
            }
        }
    return buildActiveResponse(*cmd, agentId, agentName, raw, alertId, guard, plan, why);
}

QList<RemediationCatalog::Offer> RemediationCatalog::offersFor(const QJsonObject &alert, qint64 alertId,
                                                               const ProtectedTargets &guard) const
{
    QList<Offer> out;
    QStringList ids{QStringLiteral("restart")};
    for (const Command &c : m_commands) ids << c.id;
    for (const QString &id : ids) {
        Offer o;
        o.id = id;
        const Command *c = id == QLatin1String("restart") ? nullptr : find(id);
        o.label = c ? c->label : QStringLiteral("Restart the agent");
        o.available = planForAlert(id, alert, alertId, guard, &o.plan, &o.why);
        out << o;
    }
    return out;
}

bool RemediationCatalog::planFromValues(const QString &commandOrId, const QString &agentId,
                                        const QMap<QString, QString> &values, qint64 alertId,
                                        const ProtectedTargets &guard, RemediationPlan *plan, QString *why) const
{
    Command cmd;
    if (const Command *known = find(commandOrId)) {
        cmd = *known;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            bool declared = false;
            for (const Field &f : cmd.fields) declared = declared || f.name == it.key();
            if (!declared) {
                *why = QStringLiteral("%1 takes no argument %2 (it takes: %3)")
                           .arg(cmd.command, shown(it.key()),
                                cmd.fields.isEmpty() ? QStringLiteral("none") : [&] {
                                    QStringList n;
                                    for (const Field &f : cmd.fields) n << f.name;
                                    return n.join(QStringLiteral(", "));
                                }());
                return false;
            }
        }
    } else {
        if (!isValidCommandName(commandOrId)) {
            *why = QStringLiteral("%1 is not an active-response command name").arg(shown(commandOrId));
            return false;
        }
        cmd.id = commandOrId;
        cmd.label = commandOrId;
        cmd.command = commandOrId;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (!wordRe().match(it.key()).hasMatch()) {
                *why = QStringLiteral("%1 is not an argument name").arg(shown(it.key()));
                return false;
            }
            cmd.fields << Field{it.key(), {QStringLiteral("data.") + it.key()}, typeForFieldName(it.key())};
        }
    }
    return buildActiveResponse(cmd, agentId, QString(), values, alertId, guard, plan, why);
}

}  // namespace eos
