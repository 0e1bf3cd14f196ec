#include "ingest/alert_parser.h"

#include "ingest/json_arena.h"

#include <QDateTime>
#include <QTimeZone>

#include <openssl/evp.h>

#include <cmath>
#include <limits>

namespace eos {
namespace {

// Parsed in a JsonArena scope (see json_arena.h): the tree never outlives parse()/canonicalize().
using json = ArenaJson;

// PostgreSQL stores neither U+0000 in jsonb nor a NUL byte in text: it becomes U+FFFD, the
// replacement character, so such an alert is stored (and hashed) rather than failing its batch.
bool replaceNul(std::string &s)
{
    if (s.find('\0') == std::string::npos) return false;
    std::string out;
    out.reserve(s.size() + 8);
    for (char c : s) {
        if (c == '\0') out += "\xEF\xBF\xBD";
        else out += c;
    }
    s = std::move(out);
    return true;
}

// Whole-valued floats become integers so 1, 1.0 and 1e0 hash alike; everything else is left to
// nlohmann's shortest round-trip output. Objects are std::map: keys come out sorted bytewise.
// Also replaces NULs (above) in strings and keys.
void normalize(json &j)
{
    switch (j.type()) {
    case json::value_t::object: {
        bool nulKey = false;
        for (auto it = j.begin(); it != j.end(); ++it) {
            normalize(it.value());
            nulKey = nulKey || it.key().find('\0') != std::string::npos;
        }
        if (nulKey) {
            json fixed = json::object();
            for (auto it = j.begin(); it != j.end(); ++it) {
                std::string k = it.key();
                replaceNul(k);
                fixed[k] = std::move(it.value());
            }
            j = std::move(fixed);
        }
        break;
    }
    case json::value_t::array:
        for (auto &v : j) normalize(v);
        break;
    case json::value_t::string:
        replaceNul(j.get_ref<std::string &>());
        break;
    case json::value_t::number_float: {
        const double d = j.get<double>();
        if (std::isfinite(d) && std::trunc(d) == d && d >= -9.2e18 && d <= 9.2e18) j = static_cast<std::int64_t>(d);
        break;
    }
    case json::value_t::number_unsigned: {
        const auto u = j.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) j = static_cast<std::int64_t>(u);
        break;
    }
    default: break;
    }
}

QByteArray dumpCanonical(const json &j)
{
    const std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    return QByteArray(s.data(), qsizetype(s.size()));
}

// Lowercase hex SHA-256 (OpenSSL: ~1 µs for a 1.4 KB alert where QCryptographicHash took ~7)
QString sha256Hex(const QByteArray &bytes)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(bytes.constData(), size_t(bytes.size()), md, &len, EVP_sha256(), nullptr) != 1 || len != 32)
        qFatal("SHA-256 is unavailable (OpenSSL)");  // cannot happen with OpenSSL's default provider
    static constexpr char kHex[] = "0123456789abcdef";
    QString out(int(2 * len), Qt::Uninitialized);
    QChar *d = out.data();
    for (unsigned int i = 0; i < len; ++i) {
        *d++ = QLatin1Char(kHex[md[i] >> 4]);
        *d++ = QLatin1Char(kHex[md[i] & 15]);
    }
    return out;
}

QString str(const json &obj, const char *key)
{
    if (!obj.is_object()) return {};
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    if (it->is_string()) return QString::fromStdString(it->get<std::string>());
    if (it->is_number()) return QString::fromStdString(it->dump());
    return {};
}

QStringList strList(const json &obj, const char *key)
{
    QStringList out;
    if (!obj.is_object()) return out;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_array()) return out;
    for (const auto &v : *it)
        if (v.is_string()) out.append(QString::fromStdString(v.get<std::string>()));
    return out;
}

// Wazuh writes 2022-05-11T12:29:19.905+0000; Qt wants the offset as +00:00.
QString normalizeTimestamp(QString t)
{
    if (t.isEmpty()) return {};
    if (t.size() > 5 && (t[t.size() - 5] == u'+' || t[t.size() - 5] == u'-') && t.right(4).toInt() >= 0 &&
        t[t.size() - 3] != u':')
        t.insert(t.size() - 2, u':');
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid() || dt.toUTC().date().year() < 1) return {};  // PostgreSQL has no year 0
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

}  // namespace

bool AlertParser::nestedDeeperThan(QByteArrayView text, int maxDepth)
{
    int depth = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

QByteArray AlertParser::canonicalize(QByteArrayView text)
{
    if (nestedDeeperThan(text, kMaxDepth)) return {};
    JsonArena arena;  // before the tree, so it ends after it
    try {
        json j = json::parse(text.begin(), text.end());
        normalize(j);
        return dumpCanonical(j);
    } catch (const std::exception &) {
        return {};
    }
}

AlertParser::Error AlertParser::parse(QByteArrayView text, AlertRecord *out, QString *message)
{
    if (nestedDeeperThan(text, kMaxDepth)) {
        *message = QStringLiteral("JSON nested deeper than %1 levels").arg(kMaxDepth);
        return Error::BadJson;
    }
    JsonArena arena;  // before the tree, so it ends after it
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error &e) {
        *message = QStringLiteral("malformed JSON at byte %1").arg(e.byte);
        return Error::BadJson;
    } catch (const std::exception &) {
        *message = QStringLiteral("malformed JSON");
        return Error::BadJson;
    }
    if (!j.is_object()) {
        *message = QStringLiteral("not a Wazuh alert: the JSON is not an object");
        return Error::NotWazuh;
    }
    normalize(j);  // first: the fields below are read from the normalised document
    auto rule = j.find("rule");
    if (rule == j.end() || !rule->is_object()) {
        *message = QStringLiteral("not a Wazuh alert: no \"rule\" object");
        return Error::NotWazuh;
    }
    auto level = rule->find("level");
    std::int64_t lvl = -1;
    if (level != rule->end()) {
        if (level->is_number_unsigned()) lvl = level->get<std::uint64_t>() <= 100 ? std::int64_t(level->get<std::uint64_t>()) : -1;
        else if (level->is_number_integer()) lvl = level->get<std::int64_t>();
        else if (level->is_number_float()) {
            // range first: converting 1e30 or NaN to an integer is undefined behaviour (found by fuzz_alert_parser)
            const double d = level->get<double>();
            if (d >= 0 && d <= 100 && std::trunc(d) == d) lvl = std::int64_t(d);
        }
        else if (level->is_string()) {
            bool ok = false;
            const int v = QString::fromStdString(level->get<std::string>()).toInt(&ok);
            if (ok) lvl = v;
        }
    }
    if (level == rule->end()) {
        *message = QStringLiteral("not a Wazuh alert: no \"rule.level\"");
        return Error::NotWazuh;
    }
    if (lvl < 0 || lvl > 100) {
        *message = QStringLiteral("not a Wazuh alert: \"rule.level\" is not a level number");
        return Error::NotWazuh;
    }
    auto agent = j.find("agent");
    const QString agentId = agent != j.end() ? str(*agent, "id") : QString();
    if (agentId.isEmpty()) {
        *message = QStringLiteral("not a Wazuh alert: no \"agent.id\"");
        return Error::NotWazuh;
    }

    out->canonicalJson = dumpCanonical(j);
    out->hash = sha256Hex(out->canonicalJson);
    out->agentId = agentId;
    out->agentName = str(*agent, "name");
    out->agentIp = str(*agent, "ip");
    out->ruleLevel = int(lvl);
    bool ok = false;
    const int rid = str(*rule, "id").toInt(&ok);
    out->ruleId = ok ? rid : 0;
    out->ruleDesc = str(*rule, "description");
    out->groups = strList(*rule, "groups");
    auto mitre = rule->find("mitre");
    out->mitreIds = mitre != rule->end() ? strList(*mitre, "id") : QStringList();
    out->timestamp = normalizeTimestamp(str(j, "timestamp"));
    auto data = j.find("data");
    out->srcIp = data != j.end() ? str(*data, "srcip") : QString();
    out->location = str(j, "location");
    return Error::None;
}

}  // namespace eos
