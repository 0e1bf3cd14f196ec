#include "alert_filter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace eos {
namespace {

const QStringList kStates{QStringLiteral("new"), QStringLiteral("agent_enriched"), QStringLiteral("summarized"),
                          QStringLiteral("sent"), QStringLiteral("failed"), QStringLiteral("archived")};
const QStringList kTriage{QStringLiteral("acknowledged"), QStringLiteral("false_positive"),
                          QStringLiteral("escalated"), QStringLiteral("none")};
const QStringList kKeys{QStringLiteral("level"), QStringLiteral("agent"), QStringLiteral("rule"),
                        QStringLiteral("group"), QStringLiteral("mitre"), QStringLiteral("srcip"),
                        QStringLiteral("after"), QStringLiteral("before"), QStringLiteral("last"),
                        QStringLiteral("state"), QStringLiteral("triage"), QStringLiteral("assigned"),
                        QStringLiteral("field")};

struct Token {
    QString key;    // empty = free text
    QString op;     // ":", ">=", "<=", ">", "<", "="
    QString value;
    bool quoted = false;
    int pos = 0;
};

// A PostgreSQL array literal: {"a","b"} with " and \ escaped.
QString arrayLiteral(const QStringList &items)
{
    QStringList quoted;
    for (QString v : items) {
        v.replace(u'\\', QStringLiteral("\\\\"));
        v.replace(u'"', QStringLiteral("\\\""));
        quoted << u'"' + v + u'"';
    }
    return u'{' + quoted.join(u',') + u'}';
}

QString placeholders(qsizetype n)
{
    QStringList p;
    for (qsizetype i = 0; i < n; ++i) p << QStringLiteral("?");
    return p.join(QStringLiteral(", "));
}

bool readQuoted(const QString &text, int *i, QString *out)
{
    // text[*i] == '"'
    ++*i;
    while (*i < text.size()) {
        const QChar c = text[*i];
        if (c == u'\\' && *i + 1 < text.size()) {
            out->append(text[*i + 1]);
            *i += 2;
            continue;
        }
        if (c == u'"') {
            ++*i;
            return true;
        }
        out->append(c);
        ++*i;
    }
    return false;
}

std::optional<QList<Token>> tokenize(const QString &text, QString *error, int *errorPos)
{
    static const QRegularExpression keyRe(QStringLiteral("^([A-Za-z_]+)(>=|<=|:|>|<|=)"));
    QList<Token> out;
    int i = 0;
    while (i < text.size()) {
        if (text[i].isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (text[i] == u'"') {
            if (!readQuoted(text, &i, &t.value)) {
                *error = QObject::tr("unterminated quote at position %1").arg(t.pos + 1);
                if (errorPos) *errorPos = t.pos;
                return std::nullopt;
            }
            t.quoted = true;
            out << t;
            continue;
        }
        const auto m = keyRe.match(QStringView(text).mid(i));
        if (m.hasMatch()) {
            t.key = m.captured(1).toLower();
            t.op = m.captured(2);
            i += int(m.capturedLength(0));
            if (i < text.size() && text[i] == u'"') {
                const int q = i;
                if (!readQuoted(text, &i, &t.value)) {
                    *error = QObject::tr("unterminated quote at position %1").arg(q + 1);
                    if (errorPos) *errorPos = q;
                    return std::nullopt;
                }
                t.quoted = true;
            } else {
                while (i < text.size() && !text[i].isSpace()) t.value.append(text[i++]);
            }
            out << t;
            continue;
        }
        while (i < text.size() && !text[i].isSpace()) t.value.append(text[i++]);
        out << t;
    }
    return out;
}

std::optional<QDateTime> parseTime(const QString &v)
{
    QDateTime dt = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (!dt.isValid()) dt = QDateTime::fromString(v, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(v, Qt::ISODate);
        if (d.isValid()) dt = d.startOfDay();
    }
    if (!dt.isValid()) {
        dt = QDateTime::fromString(v, QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    if (!dt.isValid()) return std::nullopt;
    return dt;
}

QString formatTime(const QDateTime &dt)
{
    if (dt.timeSpec() == Qt::LocalTime && dt.time() == QTime(0, 0)) return dt.date().toString(Qt::ISODate);
    if (dt.timeSpec() == Qt::LocalTime)
        return dt.toString(dt.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
    return dt.toString(dt.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
}

qint64 parseDuration(const QString &v)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,9})([smhdw])$"));
    const auto m = re.match(v.toLower());
    if (!m.hasMatch()) return 0;
    const qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2).at(0).unicode()) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    case 'd': return n * 86400;
    default: return n * 7 * 86400;
    }
}

QString formatDuration(qint64 s)
{
    if (s % (7 * 86400) == 0) return QString::number(s / (7 * 86400)) + u'w';
    if (s % 86400 == 0) return QString::number(s / 86400) + u'd';
    if (s % 3600 == 0) return QString::number(s / 3600) + u'h';
    if (s % 60 == 0) return QString::number(s / 60) + u'm';
    return QString::number(s) + u's';
}

// data.win[0].x -> nested JSON {"data":{"win":[{"x":value}]}}
std::optional<QJsonValue> containment(const QString &path, const QJsonValue &leaf)
{
    static const QRegularExpression seg(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    struct Part { QString key; bool index; };
    QList<Part> parts;
    auto it = seg.globalMatch(path);
    qsizetype covered = 0;
    while (it.hasNext()) {
        const auto m = it.next();
        covered += m.capturedLength(0);
        if (m.capturedLength(2) > 0) parts << Part{QString(), true};
        else parts << Part{m.captured(1), false};
    }
    const qsizetype dots = path.count(u'.');
    if (parts.isEmpty() || parts.first().index || covered + dots != path.size()) return std::nullopt;
    QJsonValue v = leaf;
    for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
        if (p->index) v = QJsonArray{v};
        else v = QJsonObject{{p->key, v}};
    }
    return v;
}

bool isInt(const QString &v) { bool ok = false; v.toLongLong(&ok); return ok; }

}  // namespace

bool AlertFilter::isEmpty() const { return *this == AlertFilter(); }

bool AlertFilter::operator==(const AlertFilter &o) const
{
    return minLevel == o.minLevel && maxLevel == o.maxLevel && agentIds == o.agentIds && ruleIds == o.ruleIds &&
           groups == o.groups && mitreIds == o.mitreIds && srcIps == o.srcIps && after == o.after &&
           before == o.before && lastSeconds == o.lastSeconds && states == o.states && triage == o.triage &&
           assignedTo == o.assignedTo && fields == o.fields && text == o.text;
}

void AlertFilter::toSql(QString *where, QVariantList *binds) const
{
    QStringList parts;
    if (minLevel) {
        parts << QStringLiteral("rule_level >= ?");
        *binds << *minLevel;
    }
    if (maxLevel) {
        parts << QStringLiteral("rule_level <= ?");
        *binds << *maxLevel;
    }
    if (!agentIds.isEmpty()) {
        parts << QStringLiteral("agent_id IN (%1)").arg(placeholders(agentIds.size()));
        for (const auto &a : agentIds) *binds << a;
    }
    if (!ruleIds.isEmpty()) {
        parts << QStringLiteral("rule_id IN (%1)").arg(placeholders(ruleIds.size()));
        for (int r : ruleIds) *binds << r;
    }
    // With a selective B-tree term (agent, rule, source IP) present, the GIN-served terms are written so
    // the planner cannot BitmapAnd them in: the posting list of a common group ("sshd": 20% of a million
    // alerts) costs ~300 ms to scan, filtering the few thousand rows of one agent a few ms.
    const bool fence = !agentIds.isEmpty() || !ruleIds.isEmpty() || !srcIps.isEmpty();
    if (!groups.isEmpty()) {  // && (overlap) is served by the GIN index alerts_groups_idx
        parts << (fence ? QStringLiteral("(groups || '{}'::text[]) && ?::text[]") : QStringLiteral("groups && ?::text[]"));
        *binds << arrayLiteral(groups);
    }
    if (!mitreIds.isEmpty()) {
        parts << (fence ? QStringLiteral("(mitre_ids || '{}'::text[]) && ?::text[]") : QStringLiteral("mitre_ids && ?::text[]"));
        *binds << arrayLiteral(mitreIds);
    }
    if (!srcIps.isEmpty()) {
        parts << QStringLiteral("src_ip IN (%1)").arg(placeholders(srcIps.size()));
        for (const auto &ip : srcIps) *binds << ip;
    }
    if (after.isValid()) {
        parts << QStringLiteral("alert_ts >= ?::timestamptz");
        *binds << after.toUTC().toString(Qt::ISODateWithMs);
    }
    if (before.isValid()) {
        parts << QStringLiteral("alert_ts < ?::timestamptz");
        *binds << before.toUTC().toString(Qt::ISODateWithMs);
    }
    if (lastSeconds > 0) {
        parts << QStringLiteral("alert_ts >= now() - ?::bigint * interval '1 second'");
        *binds << lastSeconds;
    }
    if (!states.isEmpty()) {
        QStringList p;
        for (qsizetype i = 0; i < states.size(); ++i) p << QStringLiteral("?::alert_state");
        parts << QStringLiteral("state IN (%1)").arg(p.join(QStringLiteral(", ")));
        for (const auto &st : states) *binds << st;
    }
    if (!triage.isEmpty()) {
        QStringList named;
        for (const auto &t : triage)
            if (t != QLatin1String("none")) named << t;
        QStringList alt;
        if (!named.isEmpty()) {
            alt << QStringLiteral("triage_status IN (%1)").arg(placeholders(named.size()));
            for (const auto &t : named) *binds << t;
        }
        if (triage.contains(QStringLiteral("none"))) alt << QStringLiteral("triage_status IS NULL");
        parts << (alt.size() == 1 ? alt.first() : u'(' + alt.join(QStringLiteral(" OR ")) + u')');
    }
    if (!assignedTo.isEmpty()) {
        if (assignedTo == QLatin1String("none")) {
            parts << QStringLiteral("assigned_to IS NULL");
        } else {
            parts << QStringLiteral("assigned_to = ?");
            *binds << assignedTo;
        }
    }
    for (const auto &[path, value] : fields) {
        QStringList alt;
        auto add = [&](const QJsonValue &leaf) {
            if (const auto c = containment(path, leaf)) {
                alt << QStringLiteral("raw @> ?::jsonb");
                *binds << QString::fromUtf8(c->isObject() ? QJsonDocument(c->toObject()).toJson(QJsonDocument::Compact)
                                                          : QByteArray());
            }
        };
        add(QJsonValue(value));
        bool ok = false;
        const double d = value.toDouble(&ok);
        if (ok) add(QJsonValue(d));
        if (value == QLatin1String("true") || value == QLatin1String("false")) add(QJsonValue(value == QLatin1String("true")));
        if (alt.isEmpty()) {
            parts << QStringLiteral("false");
            continue;
        }
        parts << (alt.size() == 1 ? alt.first() : u'(' + alt.join(QStringLiteral(" OR ")) + u')');
    }
    if (!text.isEmpty()) {  // ILIKE '%…%' is served by the trigram index alerts_desc_trgm_idx
        QString t = text;
        t.replace(u'\\', QStringLiteral("\\\\"));
        t.replace(u'%', QStringLiteral("\\%"));
        t.replace(u'_', QStringLiteral("\\_"));
        parts << (fence ? QStringLiteral("(rule_desc || '') ILIKE ?") : QStringLiteral("rule_desc ILIKE ?"));
        *binds << u'%' + t + u'%';
    }
    *where = parts.join(QStringLiteral(" AND "));
}

std::optional<AlertFilter> AlertFilter::parse(const QString &input, QString *error, int *errorPos)
{
    QString dummy;
    if (!error) error = &dummy;
    const auto tokens = tokenize(input, error, errorPos);
    if (!tokens) return std::nullopt;
    AlertFilter f;
    QStringList words;
    auto fail = [&](const Token &t, const QString &msg) -> std::optional<AlertFilter> {
        *error = msg;
        if (errorPos) *errorPos = t.pos;
        return std::nullopt;
    };
    for (const Token &t : *tokens) {
        if (t.key.isEmpty()) {
            if (!t.value.trimmed().isEmpty()) words << t.value.trimmed();
            continue;
        }
        const QString term = t.key + t.op + t.value;
        if (!kKeys.contains(t.key))
            return fail(t, QObject::tr("unknown filter \"%1\" (known: %2; quote free text that contains a colon)")
                               .arg(t.key, kKeys.join(QStringLiteral(", "))));
        if (t.value.isEmpty()) return fail(t, QObject::tr("\"%1\" needs a value").arg(t.key + t.op));
        if (t.key != QLatin1String("level") && t.op != QLatin1String(":") &&
            !(t.key == QLatin1String("field") && t.op == QLatin1String("=")))
            return fail(t, QObject::tr("\"%1\": use %2:value").arg(term, t.key));
        const QStringList list = t.quoted ? QStringList{t.value} : t.value.split(u',', Qt::SkipEmptyParts);
        if (t.key == QLatin1String("level")) {
            static const QRegularExpression range(QStringLiteral("^(\\d{1,2})-(\\d{1,2})$"));
            bool ok = false;
            const int n = t.value.toInt(&ok);
            const auto rm = range.match(t.value);
            if (t.op == QLatin1String(":") && rm.hasMatch()) {
                f.minLevel = rm.captured(1).toInt();
                f.maxLevel = rm.captured(2).toInt();
                if (*f.minLevel > *f.maxLevel) return fail(t, QObject::tr("\"%1\": the range is empty").arg(term));
                continue;
            }
            if (!ok || n < 0 || n > 16)
                return fail(t, QObject::tr("\"%1\": a level is a number from 0 to 16 (or a range like 5-9)").arg(term));
            if (t.op == QLatin1String(":") || t.op == QLatin1String("=")) f.minLevel = f.maxLevel = n;
            else if (t.op == QLatin1String(">=")) f.minLevel = n;
            else if (t.op == QLatin1String(">")) f.minLevel = n + 1;
            else if (t.op == QLatin1String("<=")) f.maxLevel = n;
            else f.maxLevel = n - 1;
        } else if (t.key == QLatin1String("agent")) {
            f.agentIds << list;
        } else if (t.key == QLatin1String("rule")) {
            for (const auto &r : list) {
                bool ok = false;
                const int id = r.toInt(&ok);
                if (!ok || id < 0) return fail(t, QObject::tr("\"%1\": a rule id is a number").arg(term));
                f.ruleIds << id;
            }
        } else if (t.key == QLatin1String("group")) {
            f.groups << list;
        } else if (t.key == QLatin1String("mitre")) {
            f.mitreIds << list;
        } else if (t.key == QLatin1String("srcip")) {
            f.srcIps << list;
        } else if (t.key == QLatin1String("after") || t.key == QLatin1String("before")) {
            const auto dt = parseTime(t.value);
            if (!dt)
                return fail(t, QObject::tr("\"%1\": expected a date like 2024-01-31 or 2024-01-31T08:00 "
                                           "(optionally with Z or +02:00)").arg(term));
            (t.key == QLatin1String("after") ? f.after : f.before) = *dt;
        } else if (t.key == QLatin1String("last")) {
            const qint64 s = parseDuration(t.value);
            if (s <= 0) return fail(t, QObject::tr("\"%1\": expected a duration like 30s, 15m, 2h, 7d or 1w").arg(term));
            f.lastSeconds = s;
        } else if (t.key == QLatin1String("state")) {
            for (const auto &st : list) {
                if (!kStates.contains(st.toLower()))
                    return fail(t, QObject::tr("\"%1\": a state is one of %2").arg(term, kStates.join(QStringLiteral(", "))));
                f.states << st.toLower();
            }
        } else if (t.key == QLatin1String("triage")) {
            for (const auto &st : list) {
                if (!kTriage.contains(st.toLower()))
                    return fail(t, QObject::tr("\"%1\": triage is one of %2").arg(term, kTriage.join(QStringLiteral(", "))));
                f.triage << st.toLower();
            }
        } else if (t.key == QLatin1String("assigned")) {
            f.assignedTo = t.value;
        } else if (t.key == QLatin1String("field")) {
            // field:path=value (also accepted: field=path=value)
            const auto eq = t.value.indexOf(u'=');
            const QString path = eq > 0 ? t.value.left(eq) : QString();
            if (path.isEmpty() || !containment(path, QJsonValue(0)))
                return fail(t, QObject::tr("\"%1\": expected field:path=value, e.g. field:data.srcuser=root").arg(term));
            f.fields.append({path, t.value.mid(eq + 1)});
        }
    }
    f.text = words.join(u' ');
    return f;
}

QString AlertFilter::quoteValue(const QString &value)
{
    bool needs = value.isEmpty();
    for (const QChar c : value)
        if (c.isSpace() || c == u'"' || c == u',' || c == u'\\') needs = true;
    if (!needs) return value;
    QString v = value;
    v.replace(u'\\', QStringLiteral("\\\\"));
    v.replace(u'"', QStringLiteral("\\\""));
    return u'"' + v + u'"';
}

QString AlertFilter::format() const
{
    QStringList out;
    auto list = [&](const QString &key, const QStringList &values) {
        // values containing commas cannot be written as one comma list: one term each
        const bool plain = std::none_of(values.begin(), values.end(), [](const QString &v) { return quoteValue(v) != v; });
        if (values.isEmpty()) return;
        if (plain) out << key + u':' + values.join(u',');
        else for (const auto &v : values) out << key + u':' + quoteValue(v);
    };
    if (minLevel && maxLevel && *minLevel == *maxLevel) out << QStringLiteral("level:%1").arg(*minLevel);
    else if (minLevel && maxLevel) out << QStringLiteral("level:%1-%2").arg(*minLevel).arg(*maxLevel);
    else if (minLevel) out << QStringLiteral("level>=%1").arg(*minLevel);
    else if (maxLevel) out << QStringLiteral("level<=%1").arg(*maxLevel);
    list(QStringLiteral("agent"), agentIds);
    QStringList rules;
    for (int r : ruleIds) rules << QString::number(r);
    list(QStringLiteral("rule"), rules);
    list(QStringLiteral("group"), groups);
    list(QStringLiteral("mitre"), mitreIds);
    list(QStringLiteral("srcip"), srcIps);
    if (after.isValid()) out << QStringLiteral("after:") + formatTime(after);
    if (before.isValid()) out << QStringLiteral("before:") + formatTime(before);
    if (lastSeconds > 0) out << QStringLiteral("last:") + formatDuration(lastSeconds);
    list(QStringLiteral("state"), states);
    list(QStringLiteral("triage"), triage);
    if (!assignedTo.isEmpty()) out << QStringLiteral("assigned:") + quoteValue(assignedTo);
    for (const auto &[path, value] : fields) out << QStringLiteral("field:") + quoteValue(path + u'=' + value);
    if (!text.isEmpty()) {
        // bare words would be read back as text too, but a word like "a:b" would not: quote when unsure
        const bool bare = !text.contains(u':') && !text.contains(u'"') && !text.contains(u'\\') &&
                          !text.contains(u'=') && !text.contains(u'<') && !text.contains(u'>') &&
                          text.simplified() == text;
        QString q = text;
        q.replace(u'\\', QStringLiteral("\\\\"));
        q.replace(u'"', QStringLiteral("\\\""));
        out << (bare ? text : u'"' + q + u'"');
    }
    return out.join(u' ');
}

QString AlertFilter::termForField(const QString &path, const QString &value)
{
    static const QRegularExpression groupRe(QStringLiteral("^rule\\.groups\\[\\d+\\]$"));
    static const QRegularExpression mitreRe(QStringLiteral("^rule\\.mitre\\.id\\[\\d+\\]$"));
    if (path == QLatin1String("rule.level") && isInt(value)) return QStringLiteral("level:") + value;
    if (path == QLatin1String("rule.id") && isInt(value)) return QStringLiteral("rule:") + value;
    if (path == QLatin1String("agent.id")) return QStringLiteral("agent:") + quoteValue(value);
    if (groupRe.match(path).hasMatch()) return QStringLiteral("group:") + quoteValue(value);
    if (mitreRe.match(path).hasMatch()) return QStringLiteral("mitre:") + quoteValue(value);
    if (path == QLatin1String("data.srcip")) return QStringLiteral("srcip:") + quoteValue(value);
    if (path == QLatin1String("rule.description")) {
        QString v = value;
        v.replace(u'\\', QStringLiteral("\\\\"));
        v.replace(u'"', QStringLiteral("\\\""));
        return u'"' + v + u'"';
    }
    return QStringLiteral("field:") + quoteValue(path + u'=' + value);
}

QString AlertFilter::appendTerm(const QString &filterText, const QString &term)
{
    const QString t = filterText.trimmed();
    return t.isEmpty() ? term : t + u' ' + term;
}

}  // namespace eos
