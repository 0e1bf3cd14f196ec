#include "alert_filter.h"

#include "filter_tokenizer.h"
#include "filter_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace eos {
namespace {

using Token = FilterTokenizer::Token;

const QStringList kStates{QStringLiteral("new"), QStringLiteral("agent_enriched"), QStringLiteral("summarized"),
                          QStringLiteral("sent"), QStringLiteral("failed"), QStringLiteral("archived")};
const QStringList kTriage{QStringLiteral("acknowledged"), QStringLiteral("false_positive"),
                          QStringLiteral("escalated"), QStringLiteral("none")};
const QStringList kKeys{QStringLiteral("id"), QStringLiteral("level"), QStringLiteral("agent"), QStringLiteral("rule"),
                        QStringLiteral("group"), QStringLiteral("mitre"), QStringLiteral("srcip"),
                        QStringLiteral("after"), QStringLiteral("before"), QStringLiteral("last"),
                        QStringLiteral("state"), QStringLiteral("triage"), QStringLiteral("assigned"),
                        QStringLiteral("field")};

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

// JSON paths that are columns of their own (indexed): written as their key
QString aliasForPath(const QString &path)
{
    if (path == QLatin1String("data.srcip")) return QStringLiteral("srcip");
    if (path == QLatin1String("rule.level")) return QStringLiteral("level");
    if (path == QLatin1String("rule.id")) return QStringLiteral("rule");
    if (path == QLatin1String("agent.id")) return QStringLiteral("agent");
    if (path == QLatin1String("rule.groups")) return QStringLiteral("group");
    if (path == QLatin1String("rule.mitre.id")) return QStringLiteral("mitre");
    return {};
}

bool isPathKey(const QString &key) { return key.contains(u'.') || key.contains(u'['); }

bool isOperatorWord(const Token &t, const char *word)
{
    return t.key.isEmpty() && !t.quoted && !t.minus && t.value.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
}

}  // namespace

bool AlertFilter::isEmpty() const { return *this == AlertFilter(); }

bool AlertFilter::operator==(const AlertFilter &o) const
{
    return minLevel == o.minLevel && maxLevel == o.maxLevel && levelRanges == o.levelRanges && alertIds == o.alertIds && agentIds == o.agentIds &&
           ruleIds == o.ruleIds && groups == o.groups && mitreIds == o.mitreIds && srcIps == o.srcIps &&
           after == o.after && before == o.before && lastSeconds == o.lastSeconds && states == o.states &&
           triage == o.triage && assignedTo == o.assignedTo && fields == o.fields && text == o.text &&
           excluded == o.excluded;
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
    if (!levelRanges.isEmpty()) {
        QStringList alt;
        for (const auto &[lo, hi] : levelRanges) {
            if (lo == hi) {
                alt << QStringLiteral("rule_level = ?");
                *binds << lo;
            } else {
                alt << QStringLiteral("rule_level BETWEEN ? AND ?");
                *binds << lo << hi;
            }
        }
        parts << (alt.size() == 1 ? alt.first() : u'(' + alt.join(QStringLiteral(" OR ")) + u')');
    }
    if (!alertIds.isEmpty()) {  // the primary key
        parts << QStringLiteral("id IN (%1)").arg(placeholders(alertIds.size()));
        for (qint64 id : alertIds) *binds << id;
    }
    if (!agentIds.isEmpty()) {
        // written as the sort index's key (0010_console_sort.sql): one range scan already in time order
        parts << QStringLiteral("(COALESCE(agent_id, '') COLLATE \"C\") IN (%1)").arg(placeholders(agentIds.size()));
        for (const auto &a : agentIds) *binds << a;
    }
    if (!ruleIds.isEmpty()) {
        parts << QStringLiteral("COALESCE(rule_id, -1) IN (%1)").arg(placeholders(ruleIds.size()));
        for (int r : ruleIds) *binds << r;
    }
    // With a selective B-tree term (agent, rule, source IP) present, the GIN-served terms are written so
    // the planner cannot BitmapAnd them in: the posting list of a common group ("sshd": 20% of a million
    // alerts) costs ~300 ms to scan, filtering the few thousand rows of one agent a few ms.
    const bool fence = !alertIds.isEmpty() || !agentIds.isEmpty() || !ruleIds.isEmpty() || !srcIps.isEmpty();
    if (!groups.isEmpty()) {  // && (overlap) is served by the GIN index alerts_groups_idx
        parts << (fence ? QStringLiteral("(groups || '{}'::text[]) && ?::text[]") : QStringLiteral("groups && ?::text[]"));
        *binds << arrayLiteral(groups);
    }
    if (!mitreIds.isEmpty()) {
        parts << (fence ? QStringLiteral("(mitre_ids || '{}'::text[]) && ?::text[]") : QStringLiteral("mitre_ids && ?::text[]"));
        *binds << arrayLiteral(mitreIds);
    }
    if (!srcIps.isEmpty()) {
        parts << QStringLiteral("(COALESCE(src_ip, '') COLLATE \"C\") IN (%1)").arg(placeholders(srcIps.size()));
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
    for (const FieldTerm &ft : fields) {
        QStringList alt;
        auto add = [&](const QJsonValue &leaf) {
            if (const auto c = FilterValues::containment(ft.path, leaf)) {
                alt << QStringLiteral("raw @> ?::jsonb");
                *binds << QString::fromUtf8(c->isObject() ? QJsonDocument(c->toObject()).toJson(QJsonDocument::Compact)
                                                          : QByteArray());
            }
        };
        for (const QString &value : ft.values) {
            add(QJsonValue(value));
            bool ok = false;
            const double d = value.toDouble(&ok);
            if (ok) add(QJsonValue(d));
            if (value == QLatin1String("true") || value == QLatin1String("false")) add(QJsonValue(value == QLatin1String("true")));
        }
        for (const Range &r : ft.ranges) {
            // numbers, and numbers in strings as Wazuh's decoders write ports and sizes ("srcport": "3527"):
            // .double() reads both; for a word it fails, which a filter predicate takes as no match
            alt << QStringLiteral("jsonb_path_exists(raw, ?::jsonpath)");  // (not @?: QPSQL reads its ? as a placeholder)
            *binds << QStringLiteral("%1 ? (@.double() >= %2 && @.double() <= %3)")
                          .arg(FilterValues::jsonPath(ft.path), FilterValues::formatNumber(r.lo), FilterValues::formatNumber(r.hi));
        }
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
    for (const AlertFilter &x : excluded) {
        // NULL (a missing value) is not a match: "-group:sshd" keeps alerts without groups
        QString w;
        x.toSql(&w, binds);
        if (!w.isEmpty()) parts << QStringLiteral("(%1) IS NOT TRUE").arg(w);
    }
    *where = parts.join(QStringLiteral(" AND "));
}

namespace {

// One term into filter f (positive, or the one-term filter of an exclusion). Returns an error message.
QString applyTerm(AlertFilter &f, QStringList &words, const Token &t)
{
    if (t.key.isEmpty()) {
        if (t.quoted) {
            if (!f.text.isEmpty()) f.text += u' ';
            f.text += t.value;
        } else if (!t.value.trimmed().isEmpty()) {
            words << t.value.trimmed();
        }
        return {};
    }
    const QString term = t.key + t.op + t.value;
    QString key = t.key;
    const bool path = isPathKey(key);
    if (path) {
        const QString alias = aliasForPath(key);
        if (!alias.isEmpty()) key = alias;
    }
    if (!path && !kKeys.contains(key))
        return QObject::tr("unknown filter \"%1\" (known: %2, or a JSON path such as data.srcip; quote free text that "
                           "contains a colon)").arg(t.key, kKeys.join(QStringLiteral(", ")));
    if (t.value.isEmpty()) return QObject::tr("\"%1\" needs a value").arg(t.key + t.op);
    if (key != QLatin1String("level") && t.op != QLatin1String(":") &&
        !(key == QLatin1String("field") && t.op == QLatin1String("=")))
        return QObject::tr("\"%1\": use %2:value").arg(term, t.key);
    const QStringList list = t.quoted ? QStringList{t.value} : t.value.split(u',', Qt::SkipEmptyParts);
    if (list.isEmpty()) return QObject::tr("\"%1\" needs a value").arg(t.key + t.op);
    if (key == QLatin1String("level")) {
        if (t.op == QLatin1String(":") || t.op == QLatin1String("=")) {
            for (const QString &v : list) {
                bool ok = false;
                const int n = v.toInt(&ok);
                if (ok && n >= 0 && n <= 16) {
                    f.levelRanges.append({n, n});
                    continue;
                }
                const auto r = FilterValues::parseRange(v, true);
                if (!r || r->first != int(r->first) || r->second != int(r->second) || r->first < 0 || r->second > 16)
                    return QObject::tr("\"%1\": a level is a number from 0 to 16 (or a range like 7..10)").arg(term);
                if (r->first > r->second) return QObject::tr("\"%1\": the range is empty").arg(term);
                f.levelRanges.append({int(r->first), int(r->second)});
            }
            return {};
        }
        bool ok = false;
        const int n = t.value.toInt(&ok);
        if (!ok || n < 0 || n > 16)
            return QObject::tr("\"%1\": a level is a number from 0 to 16 (or a range like 7..10)").arg(term);
        if (t.op == QLatin1String(">=")) f.minLevel = std::max(f.minLevel.value_or(0), n);
        else if (t.op == QLatin1String(">")) f.minLevel = std::max(f.minLevel.value_or(0), n + 1);
        else if (t.op == QLatin1String("<=")) f.maxLevel = std::min(f.maxLevel.value_or(16), n);
        else f.maxLevel = std::min(f.maxLevel.value_or(16), n - 1);
        if (f.minLevel && f.maxLevel && *f.minLevel > *f.maxLevel) return QObject::tr("\"%1\": the range is empty").arg(term);
    } else if (key == QLatin1String("id")) {
        for (const auto &v : list) {
            bool ok = false;
            const qint64 id = v.toLongLong(&ok);
            if (!ok || id <= 0) return QObject::tr("\"%1\": an alert id is a positive number (as in eos://alert/<id>)").arg(term);
            f.alertIds << id;
        }
    } else if (key == QLatin1String("agent")) {
        f.agentIds << list;
    } else if (key == QLatin1String("rule")) {
        for (const auto &r : list) {
            bool ok = false;
            const int id = r.toInt(&ok);
            if (!ok || id < 0) return QObject::tr("\"%1\": a rule id is a number").arg(term);
            f.ruleIds << id;
        }
    } else if (key == QLatin1String("group")) {
        f.groups << list;
    } else if (key == QLatin1String("mitre")) {
        f.mitreIds << list;
    } else if (key == QLatin1String("srcip")) {
        f.srcIps << list;
    } else if (key == QLatin1String("after") || key == QLatin1String("before")) {
        const auto dt = FilterValues::parseTime(t.value);
        if (!dt)
            return QObject::tr("\"%1\": expected a date like 2024-01-31 or 2024-01-31T08:00 "
                               "(optionally with Z or +02:00)").arg(term);
        (key == QLatin1String("after") ? f.after : f.before) = *dt;
    } else if (key == QLatin1String("last")) {
        const qint64 s = FilterValues::parseDuration(t.value);
        if (s <= 0) return QObject::tr("\"%1\": expected a duration like 30s, 15m, 2h, 7d or 1w").arg(term);
        f.lastSeconds = s;
    } else if (key == QLatin1String("state")) {
        for (const auto &st : list) {
            if (!kStates.contains(st.toLower()))
                return QObject::tr("\"%1\": a state is one of %2").arg(term, kStates.join(QStringLiteral(", ")));
            f.states << st.toLower();
        }
    } else if (key == QLatin1String("triage")) {
        for (const auto &st : list) {
            if (!kTriage.contains(st.toLower()))
                return QObject::tr("\"%1\": triage is one of %2").arg(term, kTriage.join(QStringLiteral(", ")));
            f.triage << st.toLower();
        }
    } else if (key == QLatin1String("assigned")) {
        f.assignedTo = t.value;
    } else {
        // a JSON path: data.srcuser:root  (or the older field:data.srcuser=root)
        QString p = key;
        QStringList values = list;
        if (key == QLatin1String("field")) {
            const auto eq = t.value.indexOf(u'=');
            p = eq > 0 ? t.value.left(eq) : QString();
            if (p.isEmpty() || !FilterValues::containment(p, QJsonValue(0)))
                return QObject::tr("\"%1\": expected field:path=value, e.g. field:data.srcuser=root").arg(term);
            values = {t.value.mid(eq + 1)};
        } else if (!FilterValues::containment(p, QJsonValue(0))) {
            return QObject::tr("\"%1\": not a JSON path of the alert (e.g. data.srcip, rule.groups[0])").arg(term);
        }
        auto it = std::find_if(f.fields.begin(), f.fields.end(), [&](const AlertFilter::FieldTerm &x) { return x.path == p; });
        if (it == f.fields.end()) {
            f.fields.append({p, {}, {}});
            it = f.fields.end() - 1;
        }
        for (const QString &v : values) {
            if (!t.quoted && key != QLatin1String("field")) {
                if (const auto r = FilterValues::parseRange(v, false)) {
                    if (r->first > r->second) return QObject::tr("\"%1\": the range is empty").arg(term);
                    it->ranges.append({r->first, r->second});
                    continue;
                }
            }
            it->values << v;
        }
    }
    return {};
}

QString canonicalKey(const Token &t)
{
    if (t.key.isEmpty()) return {};
    const QString alias = isPathKey(t.key) ? aliasForPath(t.key) : QString();
    return alias.isEmpty() ? t.key : alias;
}

}  // namespace

std::optional<AlertFilter> AlertFilter::parse(const QString &input, QString *error, int *errorPos)
{
    QString dummy;
    if (!error) error = &dummy;
    const auto tokens = FilterTokenizer::tokenize(input, error, errorPos);
    if (!tokens) return std::nullopt;
    AlertFilter f;
    QStringList words;
    auto fail = [&](const Token &t, const QString &msg) -> std::optional<AlertFilter> {
        *error = msg;
        if (errorPos) *errorPos = t.pos;
        return std::nullopt;
    };
    bool pendingNot = false;
    const Token *notToken = nullptr;
    const Token *orToken = nullptr;
    const Token *last = nullptr;  // the previous term (for OR)
    bool lastNegated = false;
    for (qsizetype i = 0; i < tokens->size(); ++i) {
        const Token &t = tokens->at(i);
        const bool isLast = i + 1 == tokens->size();
        if (isOperatorWord(t, "NOT")) {
            if (pendingNot) return fail(t, QObject::tr("\"NOT NOT\": one NOT excludes a term"));
            if (isLast) return fail(t, QObject::tr("NOT needs a term after it, e.g. NOT agent:001"));
            pendingNot = true;
            notToken = &t;
            continue;
        }
        if (isOperatorWord(t, "AND")) {
            if (!last || isLast || pendingNot || orToken)
                return fail(t, QObject::tr("AND needs a term on each side (terms are ANDed anyway)"));
            continue;
        }
        if (isOperatorWord(t, "OR")) {
            if (!last || isLast || pendingNot || orToken)
                return fail(t, QObject::tr("OR needs a term on each side, e.g. agent:001 OR agent:002"));
            orToken = &t;
            continue;
        }
        const bool negated = t.minus || pendingNot;
        if (t.minus && pendingNot) return fail(t, QObject::tr("\"NOT -%1\": use either NOT or -").arg(t.key.isEmpty() ? t.value : t.key));
        pendingNot = false;
        if (orToken) {
            if (negated || lastNegated)
                return fail(*orToken, QObject::tr("OR cannot join excluded terms: exclude each one (-agent:001 -agent:002) "
                                                  "or exclude a list (-agent:001,002)"));
            const QString k1 = canonicalKey(*last), k2 = canonicalKey(t);
            if (k1 != k2 || k1.isEmpty())
                return fail(*orToken, QObject::tr("OR joins terms of one key (agent:001 OR agent:002); terms of different "
                                                  "keys are always ANDed"));
            if (k1 == QLatin1String("last") || k1 == QLatin1String("after") || k1 == QLatin1String("before") ||
                k1 == QLatin1String("assigned") ||
                (k1 == QLatin1String("level") && (t.op != QLatin1String(":") || last->op != QLatin1String(":"))))
                return fail(*orToken, QObject::tr("OR does not apply to %1 terms").arg(k1));
            orToken = nullptr;
        }
        if (negated) {
            AlertFilter x;
            QStringList xwords;
            const QString err = applyTerm(x, xwords, t);
            if (!err.isEmpty()) return fail(t, err);
            if (!xwords.isEmpty()) x.text = xwords.join(u' ');
            if (x.isEmpty()) return fail(notToken && !t.minus ? *notToken : t, QObject::tr("nothing to exclude"));
            f.excluded.push_back(x);
        } else {
            const QString err = applyTerm(f, words, t);
            if (!err.isEmpty()) return fail(t, err);
        }
        last = &t;
        lastNegated = negated;
        notToken = nullptr;
    }
    if (!words.isEmpty()) f.text = f.text.isEmpty() ? words.join(u' ') : f.text + u' ' + words.join(u' ');
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

namespace {
QString quoteText(const QString &text)
{
    QString q = text;
    q.replace(u'\\', QStringLiteral("\\\\"));
    q.replace(u'"', QStringLiteral("\\\""));
    return u'"' + q + u'"';
}
}  // namespace

QString AlertFilter::format() const
{
    QStringList out;
    auto list = [&](const QString &key, const QStringList &values) {
        // values containing commas cannot be written as one comma list: one term each, joined by OR
        const bool plain = std::none_of(values.begin(), values.end(), [](const QString &v) { return quoteValue(v) != v; });
        if (values.isEmpty()) return;
        if (plain) {
            out << key + u':' + values.join(u',');
        } else {
            QStringList terms;
            for (const auto &v : values) terms << key + u':' + quoteValue(v);
            out << terms.join(QStringLiteral(" OR "));
        }
    };
    if (minLevel && maxLevel && *minLevel == *maxLevel) out << QStringLiteral("level>=%1 level<=%1").arg(*minLevel);
    else {
        if (minLevel) out << QStringLiteral("level>=%1").arg(*minLevel);
        if (maxLevel) out << QStringLiteral("level<=%1").arg(*maxLevel);
    }
    if (!levelRanges.isEmpty()) {
        QStringList r;
        for (const auto &[lo, hi] : levelRanges) r << (lo == hi ? QString::number(lo) : QStringLiteral("%1..%2").arg(lo).arg(hi));
        out << QStringLiteral("level:") + r.join(u',');
    }
    QStringList ids;
    for (qint64 id : alertIds) ids << QString::number(id);
    list(QStringLiteral("id"), ids);
    list(QStringLiteral("agent"), agentIds);
    QStringList rules;
    for (int r : ruleIds) rules << QString::number(r);
    list(QStringLiteral("rule"), rules);
    list(QStringLiteral("group"), groups);
    list(QStringLiteral("mitre"), mitreIds);
    list(QStringLiteral("srcip"), srcIps);
    if (after.isValid()) out << QStringLiteral("after:") + FilterValues::formatTime(after);
    if (before.isValid()) out << QStringLiteral("before:") + FilterValues::formatTime(before);
    if (lastSeconds > 0) out << QStringLiteral("last:") + FilterValues::formatDuration(lastSeconds);
    list(QStringLiteral("state"), states);
    list(QStringLiteral("triage"), triage);
    if (!assignedTo.isEmpty()) out << QStringLiteral("assigned:") + quoteValue(assignedTo);
    for (const FieldTerm &ft : fields) {
        QStringList values;
        for (const auto &v : ft.values) {
            // a value that reads as a range is quoted so it stays a value
            const QString q = quoteValue(v);
            values << (q == v && FilterValues::parseRange(v, false) ? quoteText(v) : q);
        }
        for (const auto &r : ft.ranges) values << FilterValues::formatNumber(r.lo) + QStringLiteral("..") + FilterValues::formatNumber(r.hi);
        const bool plain = std::all_of(ft.values.begin(), ft.values.end(), [](const QString &v) { return quoteValue(v) == v; });
        if (plain || values.size() == 1) {
            out << ft.path + u':' + values.join(u',');
        } else {
            QStringList terms;
            for (const auto &v : values) terms << ft.path + u':' + v;
            out << terms.join(QStringLiteral(" OR "));
        }
    }
    if (!text.isEmpty()) {
        // bare words would be read back as text too, but a word like "a:b" or "or" would not: quote when unsure
        static const QRegularExpression opWord(QStringLiteral("(^|\\s)(not|or|and|-\\S*)(\\s|$)"),
                                               QRegularExpression::CaseInsensitiveOption);
        const bool bare = !text.contains(u':') && !text.contains(u'"') && !text.contains(u'\\') &&
                          !text.contains(u'=') && !text.contains(u'<') && !text.contains(u'>') &&
                          text.simplified() == text && !opWord.match(text).hasMatch();
        out << (bare ? text : quoteText(text));
    }
    for (const AlertFilter &x : excluded) {
        // an exclusion's text is always quoted: -"login failed" excludes the phrase
        AlertFilter copy = x;
        const QString t = copy.text;
        copy.text.clear();
        QString body = copy.format();
        if (!t.isEmpty()) body = body.isEmpty() ? quoteText(t) : body + u' ' + quoteText(t);
        if (!body.isEmpty()) out << u'-' + body;
    }
    return out.join(u' ');
}

QString AlertFilter::termForField(const QString &path, const QString &value)
{
    static const QRegularExpression groupRe(QStringLiteral("^rule\\.groups\\[\\d+\\]$"));
    static const QRegularExpression mitreRe(QStringLiteral("^rule\\.mitre\\.id\\[\\d+\\]$"));
    static const QRegularExpression pathRe(QStringLiteral("^%1$").arg(FilterTokenizer::pathPattern()));
    if (path == QLatin1String("rule.level") && FilterValues::isInt(value)) return QStringLiteral("level:") + value;
    if (path == QLatin1String("rule.id") && FilterValues::isInt(value)) return QStringLiteral("rule:") + value;
    if (path == QLatin1String("agent.id")) return QStringLiteral("agent:") + quoteValue(value);
    if (groupRe.match(path).hasMatch()) return QStringLiteral("group:") + quoteValue(value);
    if (mitreRe.match(path).hasMatch()) return QStringLiteral("mitre:") + quoteValue(value);
    if (path == QLatin1String("data.srcip")) return QStringLiteral("srcip:") + quoteValue(value);
    if (path == QLatin1String("rule.description")) return quoteText(value);
    if (pathRe.match(path).hasMatch() && isPathKey(path) && !kKeys.contains(path)) {
        const QString q = quoteValue(value);
        return path + u':' + (q == value && FilterValues::parseRange(value, false) ? quoteText(value) : q);
    }
    return QStringLiteral("field:") + quoteValue(path + u'=' + value);
}

QString AlertFilter::excludeTerm(const QString &term) { return term.startsWith(u'-') ? term : u'-' + term; }

QString AlertFilter::appendTerm(const QString &filterText, const QString &term)
{
    const QString t = filterText.trimmed();
    return t.isEmpty() ? term : t + u' ' + term;
}

QString AlertFilter::withTimeRange(const QString &filterText, const QString &terms)
{
    QString err;
    const auto tokens = FilterTokenizer::tokenize(filterText, &err, nullptr);
    QString out = filterText;
    if (tokens) {
        // from the end, so earlier positions stay valid
        for (auto it = tokens->crbegin(); it != tokens->crend(); ++it) {
            if (it->minus) continue;
            if (it->key != QLatin1String("last") && it->key != QLatin1String("after") && it->key != QLatin1String("before"))
                continue;
            int from = it->pos, to = it->end;
            while (to < out.size() && out[to].isSpace()) ++to;  // and the space after it
            out.remove(from, to - from);
        }
    }
    out = out.trimmed();
    return terms.isEmpty() ? out : appendTerm(out, terms);
}

}  // namespace eos
