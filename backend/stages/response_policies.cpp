#include "stages/response_policies.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace eos {

QByteArray ResponsePolicies::exampleJson()
{
    return QByteArrayLiteral(R"json({
  "policies": [
    {
      "name": "ssh-brute-force-disable-account",
      "description": "SSH brute force against an account: lock the account for 10 minutes; dispatch notifies.",
      "rule_id": "5712, 5720, 5763",
      "group": "authentication_failures",
      "level": 10,
      "action": "disable-account",
      "limits": {"per_agent": {"max": 3, "window_minutes": 60}, "per_policy": {"max": 20, "window_minutes": 60}},
      "dry_run": false
    },
    {
      "name": "ssh-brute-force-block-ip",
      "description": "The same attacks: block the source address for 10 minutes (dry run until trusted).",
      "rule_id": "5712, 5720, 5763",
      "level": 10,
      "action": "block-ip",
      "limits": {"per_agent": {"max": 5, "window_minutes": 60}, "per_policy": {"max": 50, "window_minutes": 60}},
      "dry_run": true
    }
  ]
})json");
}

bool ResponsePolicies::osMatch(const QString &pattern, const QString &text)
{
    for (QString alt : pattern.split(u'|')) {
        if (alt.isEmpty()) continue;
        const bool start = alt.startsWith(u'^');
        const bool end = alt.endsWith(u'$') && alt.size() > (start ? 1 : 0);
        if (start) alt.remove(0, 1);
        if (end) alt.chop(1);
        bool hit = false;
        if (start && end) hit = text.compare(alt, Qt::CaseInsensitive) == 0;
        else if (start) hit = text.startsWith(alt, Qt::CaseInsensitive);
        else if (end) hit = text.endsWith(alt, Qt::CaseInsensitive);
        else hit = text.contains(alt, Qt::CaseInsensitive);
        if (hit) return true;
    }
    return false;
}

bool ResponsePolicies::Policy::matches(const QJsonObject &alert) const
{
    if (!eventLocation.isEmpty()) {
        const QJsonValue loc = alert.value(QStringLiteral("location"));
        if (!loc.isString() || !osMatch(eventLocation, loc.toString())) return false;
    }
    const QJsonObject rule = alert.value(QStringLiteral("rule")).toObject();
    if (level > 0) {
        const QJsonValue lv = rule.value(QStringLiteral("level"));
        if ((lv.isString() ? lv.toString().toInt() : lv.toInt()) < level) return false;
    }
    if (!groups.isEmpty()) {
        bool any = false;
        for (const QJsonValue &g : rule.value(QStringLiteral("groups")).toArray()) any = any || groups.contains(g.toString());
        if (!any) return false;
    }
    if (!ruleIds.isEmpty()) {
        const QJsonValue idv = rule.value(QStringLiteral("id"));
        const QString id = idv.isDouble() ? QString::number(idv.toInt()) : idv.toString().trimmed();
        bool ok = false;
        const int n = id.toInt(&ok);
        if (!ok || !ruleIds.contains(QString::number(n))) return false;
    }
    return true;
}

ResponsePolicies ResponsePolicies::fromJson(const QByteArray &json, const QString &origin, QString *error)
{
    ResponsePolicies out;
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1:%2: not valid JSON: %3").arg(origin).arg(json.left(pe.offset).count('\n') + 1).arg(pe.errorString());
        return {};
    }
    const QJsonArray list = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("policies")).toArray();
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    static const QRegularExpression sep(QStringLiteral("[,\\s]+"));
    static const QRegularExpression num(QStringLiteral("^[0-9]{1,9}$"));
    QStringList names;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject o = list.at(i).toObject();
        const QString where = QStringLiteral("%1: policy %2").arg(origin).arg(i + 1);
        Policy p;
        p.name = o.value(QStringLiteral("name")).toString();
        if (!nameRe.match(p.name).hasMatch()) {
            *error = QStringLiteral("%1: \"name\" must be a short word (letters, digits, . _ -)").arg(where);
            return {};
        }
        if (names.contains(p.name)) {
            *error = QStringLiteral("%1: the name %2 appears twice").arg(where, p.name);
            return {};
        }
        names << p.name;
        p.description = o.value(QStringLiteral("description")).toString();
        p.enabled = o.value(QStringLiteral("enabled")).toBool(true);
        p.dryRun = o.value(QStringLiteral("dry_run")).toBool(false);
        p.action = o.value(QStringLiteral("action")).toString();
        if (p.action.isEmpty()) {
            *error = QStringLiteral("%1 (%2): no \"action\" (restart or an EOS_AR_COMMANDS id)").arg(where, p.name);
            return {};
        }
        const QJsonValue rid = o.value(QStringLiteral("rule_id"));
        const QStringList ids = rid.isDouble() ? QStringList{QString::number(rid.toInt())}
                                               : rid.toString().split(sep, Qt::SkipEmptyParts);
        for (const QString &r : ids) {
            if (!num.match(r).hasMatch()) {
                *error = QStringLiteral("%1 (%2): rule_id \"%3\" is not a number").arg(where, p.name, r);
                return {};
            }
            p.ruleIds << QString::number(r.toInt());
        }
        for (const QString &g : o.value(QStringLiteral("group")).toString().split(u',', Qt::SkipEmptyParts))
            if (!g.trimmed().isEmpty()) p.groups << g.trimmed();
        p.level = o.value(QStringLiteral("level")).toInt(0);
        if (p.level < 0 || p.level > 16) {
            *error = QStringLiteral("%1 (%2): level must be 0-16").arg(where, p.name);
            return {};
        }
        p.eventLocation = o.value(QStringLiteral("event_location")).toString();
        if (p.ruleIds.isEmpty() && p.groups.isEmpty() && p.level == 0 && p.eventLocation.isEmpty()) {
            *error = QStringLiteral("%1 (%2): matches every alert; give rule_id, group, level or event_location")
                         .arg(where, p.name);
            return {};
        }
        const QJsonObject limits = o.value(QStringLiteral("limits")).toObject();
        auto limit = [&](const QString &key, int *max, int *window) {
            const QJsonObject l = limits.value(key).toObject();
            *max = std::max(0, l.value(QStringLiteral("max")).toInt(*max));
            *window = std::clamp(l.value(QStringLiteral("window_minutes")).toInt(*window), 1, 7 * 24 * 60);
        };
        // defaults: never unbounded
        p.limits.perAgentMax = 3;
        p.limits.perPolicyMax = 20;
        limit(QStringLiteral("per_agent"), &p.limits.perAgentMax, &p.limits.perAgentWindowMinutes);
        limit(QStringLiteral("per_policy"), &p.limits.perPolicyMax, &p.limits.perPolicyWindowMinutes);
        out.m_policies << p;
    }
    return out;
}

ResponsePolicies ResponsePolicies::fromConfig(const Config &config, QString *error)
{
    const QString path = config.value(QStringLiteral("EOS_RESPONSE_POLICIES"));
    if (path.isEmpty()) return {};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("EOS_RESPONSE_POLICIES: cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return fromJson(f.read(4 * 1024 * 1024), path, error);
}

const ResponsePolicies::Policy *ResponsePolicies::find(const QString &name) const
{
    for (const Policy &p : m_policies)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace eos
