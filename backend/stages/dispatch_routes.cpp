#include "stages/dispatch_routes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>

namespace eos {

OsMatch::OsMatch(const QString &pattern) : m_pattern(pattern)
{
    QString p = pattern;
    if (p.startsWith(u'!')) {
        m_negate = true;
        p = p.mid(1);
    }
    if (p.isEmpty()) return;
    for (QString part : p.split(u'|')) {
        Alt a;
        if (part.startsWith(u'^')) {
            a.atStart = true;
            part = part.mid(1);
        }
        if (part.endsWith(u'$')) {
            a.atEnd = true;
            part.chop(1);
        }
        a.text = part;
        m_alternatives.push_back(a);
    }
}

bool OsMatch::matches(const QString &text) const
{
    bool any = false;
    for (const Alt &a : m_alternatives) {
        if (a.atStart && a.atEnd) any = text.compare(a.text, Qt::CaseInsensitive) == 0;
        else if (a.atStart) any = text.startsWith(a.text, Qt::CaseInsensitive);
        else if (a.atEnd) any = text.endsWith(a.text, Qt::CaseInsensitive);
        else any = text.contains(a.text, Qt::CaseInsensitive);
        if (any) break;
    }
    return m_negate ? !any : any;
}

bool DispatchRoute::matches(const QJsonObject &alert) const
{
    const QJsonObject rule = alert.value(QStringLiteral("rule")).toObject();
    if (!eventLocation.isEmpty()) {
        const QJsonValue loc = alert.value(QStringLiteral("location"));
        if (!loc.isString()) return false;  // Wazuh skips alerts without a location
        if (!eventLocation.matches(loc.toString())) return false;
    }
    if (level > 0) {
        const QJsonValue lv = rule.value(QStringLiteral("level"));
        const int l = lv.isString() ? lv.toString().toInt() : lv.toInt();
        if (l < level) return false;
    }
    if (!groups.isEmpty()) {
        const QJsonArray g = rule.value(QStringLiteral("groups")).toArray();
        bool found = false;
        for (const QJsonValue &v : g)
            if (groups.contains(v.toString())) {
                found = true;
                break;
            }
        if (!found) return false;
    }
    if (!ruleIds.isEmpty()) {
        const QJsonValue idv = rule.value(QStringLiteral("id"));
        bool ok = false;
        const qint64 rid = idv.isString() ? idv.toString().trimmed().toLongLong(&ok) : qint64(idv.toDouble());
        if (idv.isDouble()) ok = true;
        if (!ok || !ruleIds.contains(rid)) return false;
    }
    return true;
}

QStringList DispatchRoute::playbookFor(const QJsonObject &alert) const
{
    const QJsonObject rule = alert.value(QStringLiteral("rule")).toObject();
    QStringList keys;
    const QJsonValue idv = rule.value(QStringLiteral("id"));
    keys << QStringLiteral("rule:") + (idv.isString() ? idv.toString() : QString::number(idv.toInteger()));
    for (const QJsonValue &g : rule.value(QStringLiteral("groups")).toArray()) keys << QStringLiteral("group:") + g.toString();
    for (const QString &k : keys) {
        const QJsonValue v = playbooks.value(k);
        if (v.isArray()) {
            QStringList steps;
            for (const QJsonValue &s : v.toArray()) steps << s.toString();
            return steps;
        }
    }
    return {};
}

QStringList DispatchRoutes::knownKinds()
{
    return {QStringLiteral("slack"), QStringLiteral("jira"), QStringLiteral("stackstorm"), QStringLiteral("webhook"),
            QStringLiteral("email")};
}

namespace {

// Wazuh writes numbers in <level> as text; JSON routes may use either.
std::optional<double> number(const QJsonValue &v)
{
    if (v.isDouble()) return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok) return d;
    }
    return std::nullopt;
}

QStringList commaList(const QJsonValue &v)
{
    QStringList out;
    if (v.isArray()) {
        for (const QJsonValue &x : v.toArray()) out << (x.isString() ? x.toString().trimmed() : QString::number(x.toDouble()));
    } else if (v.isDouble()) {
        out << QString::number(v.toInteger());
    } else {
        for (const QString &s : v.toString().split(u',', Qt::SkipEmptyParts))
            if (!s.trimmed().isEmpty()) out << s.trimmed();
    }
    return out;
}

}  // namespace

std::optional<std::vector<DispatchRoute>> DispatchRoutes::parse(const QByteArray &json, const QString &baseDir, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        // the line of the offset, for the admin
        const int line = int(json.left(pe.offset).count('\n')) + 1;
        *error = QStringLiteral("not valid JSON at line %1: %2").arg(line).arg(pe.errorString());
        return std::nullopt;
    }
    if (!doc.isArray()) {
        *error = QStringLiteral("the routes file must be a JSON array of routes ([{\"name\": \"slack\", ...}])");
        return std::nullopt;
    }
    static const QSet<QString> known{
        QStringLiteral("name"), QStringLiteral("hook_url"), QStringLiteral("api_key"), QStringLiteral("api_key_file"),
        QStringLiteral("level"), QStringLiteral("rule_id"), QStringLiteral("group"), QStringLiteral("event_location"),
        QStringLiteral("options"), QStringLiteral("mode"), QStringLiteral("alert_format"), QStringLiteral("max_log"),
        QStringLiteral("timeout"), QStringLiteral("retries"), QStringLiteral("id"), QStringLiteral("concurrency"),
        QStringLiteral("rate_per_second"), QStringLiteral("max_attempts"), QStringLiteral("digest_threshold"),
        QStringLiteral("digest_minutes"), QStringLiteral("digest_mode"), QStringLiteral("playbooks"), QStringLiteral("project"),
        QStringLiteral("issue_type"), QStringLiteral("api_version"), QStringLiteral("recipients"),
        QStringLiteral("user"), QStringLiteral("comment"), QStringLiteral("escalate")};
    std::vector<DispatchRoute> routes;
    QMap<QString, int> seen;
    const QJsonArray arr = doc.array();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonObject o = arr.at(i).toObject();
        QString name = o.value(QStringLiteral("name")).toString().trimmed().toLower();
        const QString where = QStringLiteral("route %1%2").arg(i + 1).arg(name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name));
        auto fail = [&](const QString &why) {
            *error = QStringLiteral("%1: %2").arg(where, why);
            return std::nullopt;
        };
        if (!arr.at(i).isObject()) return fail(QStringLiteral("not a JSON object"));
        if (name.startsWith(QStringLiteral("custom-"))) name = name.mid(7);
        if (!knownKinds().contains(name))
            return fail(QStringLiteral("\"name\" must be one of %1").arg(knownKinds().join(QStringLiteral(", "))));
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!known.contains(it.key())) return fail(QStringLiteral("unknown key \"%1\"").arg(it.key()));
        DispatchRoute r;
        r.kind = name;
        r.extra = o;
        r.hookUrl = o.value(QStringLiteral("hook_url")).toString().trimmed();
        if (r.hookUrl.isEmpty() && name != QLatin1String("email") && name != QLatin1String("jira") &&
            name != QLatin1String("stackstorm"))
            return fail(QStringLiteral("\"hook_url\" is required"));
        if (!r.hookUrl.isEmpty()) {
            const QUrl u(r.hookUrl, QUrl::StrictMode);
            if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty())
                return fail(QStringLiteral("\"hook_url\" is not an http(s) URL: %1").arg(r.hookUrl));
        }
        r.apiKey = o.value(QStringLiteral("api_key")).toString();
        if (o.contains(QStringLiteral("api_key_file"))) {
            QString path = o.value(QStringLiteral("api_key_file")).toString();
            if (QFileInfo(path).isRelative()) path = QDir(baseDir).filePath(path);
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) return fail(QStringLiteral("cannot read api_key_file %1: %2").arg(path, f.errorString()));
            r.apiKey = QString::fromUtf8(f.readAll()).trimmed();
        }
        if (o.contains(QStringLiteral("level"))) {
            const auto lv = number(o.value(QStringLiteral("level")));
            if (!lv || *lv < 0 || *lv > 16 || std::floor(*lv) != *lv) return fail(QStringLiteral("\"level\" must be a whole number 0-16"));
            r.level = int(*lv);
        }
        if (o.contains(QStringLiteral("rule_id"))) {
            // Wazuh accepts commas and spaces
            QString text;
            const QJsonValue v = o.value(QStringLiteral("rule_id"));
            text = v.isArray() ? commaList(v).join(u',') : v.isDouble() ? QString::number(v.toInteger()) : v.toString();
            for (const QString &s : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
                bool ok = false;
                const qint64 id = s.toLongLong(&ok);
                if (!ok) return fail(QStringLiteral("\"rule_id\" holds \"%1\", not a rule number").arg(s));
                r.ruleIds << id;
            }
        }
        if (o.contains(QStringLiteral("group"))) r.groups = commaList(o.value(QStringLiteral("group")));
        if (o.contains(QStringLiteral("event_location"))) {
            if (!o.value(QStringLiteral("event_location")).isString()) return fail(QStringLiteral("\"event_location\" must be a string"));
            r.eventLocation = OsMatch(o.value(QStringLiteral("event_location")).toString());
        }
        if (o.contains(QStringLiteral("options"))) {
            QJsonValue v = o.value(QStringLiteral("options"));
            if (v.isString()) {  // as in ossec.conf: the object as text
                const QJsonDocument d = QJsonDocument::fromJson(v.toString().toUtf8());
                if (!d.isObject()) return fail(QStringLiteral("\"options\" must be a JSON object"));
                v = d.object();
            }
            if (!v.isObject()) return fail(QStringLiteral("\"options\" must be a JSON object"));
            r.options = v.toObject();
        }
        const QString mode = o.value(QStringLiteral("mode")).toString(QStringLiteral("auto")).toLower();
        if (mode != QLatin1String("auto") && mode != QLatin1String("review"))
            return fail(QStringLiteral("\"mode\" must be auto or review"));
        r.review = mode == QLatin1String("review");
        const QJsonValue esc = o.value(QStringLiteral("escalate"));
        if (!esc.isUndefined() && !esc.isBool()) return fail(QStringLiteral("\"escalate\" must be true or false"));
        if (esc.toBool() && name != QLatin1String("jira")) return fail(QStringLiteral("\"escalate\" is for Jira routes"));
        r.escalate = name == QLatin1String("jira") && esc.toBool(true);
        // defaults per kind: Slack allows about one message a second per webhook
        const bool slack = name == QLatin1String("slack");
        r.concurrency = slack ? 1 : name == QLatin1String("webhook") ? 8 : 4;
        r.ratePerSecond = slack ? 1.0 : 0.0;
        r.digestThreshold = (slack || name == QLatin1String("email") || name == QLatin1String("webhook")) ? 20 : 0;
        auto intKey = [&](const char *key, int lo, int hi, int *out) -> bool {
            if (!o.contains(QLatin1String(key))) return true;
            const auto n = number(o.value(QLatin1String(key)));
            if (!n || *n < lo || *n > hi || std::floor(*n) != *n) return false;
            *out = int(*n);
            return true;
        };
        if (!intKey("concurrency", 1, 256, &r.concurrency)) return fail(QStringLiteral("\"concurrency\" must be 1-256"));
        if (!intKey("max_attempts", 1, 1000, &r.maxAttempts)) return fail(QStringLiteral("\"max_attempts\" must be 1-1000"));
        if (!intKey("digest_threshold", 0, 100000, &r.digestThreshold))
            return fail(QStringLiteral("\"digest_threshold\" must be 0 (off) or more"));
        if (!intKey("digest_minutes", 1, 1440, &r.digestMinutes)) return fail(QStringLiteral("\"digest_minutes\" must be 1-1440"));
        if (o.contains(QStringLiteral("digest_mode"))) {
            const QString digestMode = o.value(QStringLiteral("digest_mode")).toString();
            if (digestMode == QLatin1String("window")) r.digestWindow = true;
            else if (digestMode != QLatin1String("burst"))
                return fail(QStringLiteral("\"digest_mode\" must be \"burst\" (beyond digest_threshold) or \"window\" (every digest_minutes)"));
        }
        if (o.contains(QStringLiteral("rate_per_second"))) {
            const auto n = number(o.value(QStringLiteral("rate_per_second")));
            if (!n || *n < 0 || *n > 10000) return fail(QStringLiteral("\"rate_per_second\" must be 0 (unlimited) to 10000"));
            r.ratePerSecond = *n;
        }
        if (o.contains(QStringLiteral("playbooks"))) {
            if (!o.value(QStringLiteral("playbooks")).isObject())
                return fail(QStringLiteral("\"playbooks\" must be an object {\"rule:5710\": [\"step\", ...]}"));
            r.playbooks = o.value(QStringLiteral("playbooks")).toObject();
        }
        QString id = o.value(QStringLiteral("id")).toString().trimmed();
        const bool explicitId = !id.isEmpty();
        if (!explicitId) {
            const int n = ++seen[name];
            id = n == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(n);
        }
        for (const auto &other : routes)
            if (other.id == id)
                return fail(explicitId ? QStringLiteral("\"id\" %1 is used twice").arg(id)
                                       : QStringLiteral("route id %1 clashes with an explicit id; give this route an \"id\"").arg(id));
        r.id = id;
        routes.push_back(std::move(r));
    }
    return routes;
}

void DispatchRoutes::applyTokens(std::vector<DispatchRoute> &routes, const Config &config)
{
    for (DispatchRoute &r : routes)
        if (r.apiKey.isEmpty()) r.apiKey = config.value(Config::routeTokenKey(r.id));
}

std::optional<std::vector<DispatchRoute>> DispatchRoutes::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the routes file %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QString err;
    auto r = parse(f.readAll(), QFileInfo(path).absolutePath(), &err);
    if (!r) *error = QStringLiteral("%1: %2").arg(path, err);
    return r;
}

std::vector<const DispatchRoute *> DispatchRoutes::matching(const std::vector<DispatchRoute> &routes, const QJsonObject &alert)
{
    std::vector<const DispatchRoute *> out;
    for (const auto &r : routes)
        if (r.matches(alert)) out.push_back(&r);
    return out;
}

}  // namespace eos
