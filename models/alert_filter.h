// The Live Alerts filter: a value type, parsed from and formatted to the filter bar's compact syntax,
// and turned into SQL that the indexes of resources/migrations/0001_base.sql serve.
//
// Syntax (written down for analysts in README.md, "Filter grammar"). Terms are ANDed; a comma list, or
// OR between terms of one key, means any of them; "-" or NOT before a term excludes what it matches:
//   level>=10  level<=7  level:12  level:7..10  level:3,12..16  rule_level (5-9 also read as a range)
//   agent:001,002   rule:5710   group:sshd   mitre:T1110   srcip:10.0.0.5      (indexed columns)
//   id:4711                                                the database id, as in eos://alert/4711
//   after:2024-01-01  before:2024-01-02T12:00              time range, local time unless an offset is given
//   last:15m | 2h | 7d                                     relative time range (evaluated when the query runs)
//   state:new,sent   triage:acknowledged,none   assigned:alice | assigned:none
//   data.srcip:10.0.0.5   data.win.eventdata.targetUserName:admin   rule.groups[0]:sshd
//                       any JSON path of the alert (containment on raw; a..b for numbers, also in strings; not indexed
//                       except the paths that are columns: data.srcip, rule.level, rule.id, agent.id)
//   field:data.srcuser=root                                the older spelling of a JSON path term
//   "free text" or bare words                              rule description contains (trigram GIN, ILIKE)
//   agent:001 OR agent:002   -agent:001   NOT group:sshd   -"text"   -word
// Keys and the words NOT/OR/AND are case-insensitive (quote "not" to search for the word); values with
// spaces or commas are quoted ("..."), \" escapes a quote. Anything else is an error naming the term.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>
#include <vector>

namespace eos {

class AlertFilter {
public:
    struct Range {
        double lo = 0, hi = 0;
        bool operator==(const Range &o) const { return lo == o.lo && hi == o.hi; }
    };
    // A JSON path term: path = any of values (strings, numbers or booleans as written), or in any of ranges.
    struct FieldTerm {
        QString path;                    // data.win.eventdata.targetUserName, rule.groups[0]
        QStringList values;
        QList<Range> ranges;
        bool operator==(const FieldTerm &o) const { return path == o.path && values == o.values && ranges == o.ranges; }
    };

    std::optional<int> minLevel;         // rule_level >= minLevel
    std::optional<int> maxLevel;         // rule_level <= maxLevel
    QList<QPair<int, int>> levelRanges;  // rule_level in any of [lo, hi] (level:3,7..10)
    QList<qint64> alertIds;              // the database id (eos://alert/<id>): any of
    QStringList agentIds;
    QList<int> ruleIds;
    QStringList groups;                  // any of (OR)
    QStringList mitreIds;                // any of (OR)
    QStringList srcIps;
    QDateTime after;                     // alert_ts >= after (invalid = open)
    QDateTime before;                    // alert_ts <  before (invalid = open)
    qint64 lastSeconds = 0;              // alert_ts >= now() - lastSeconds (0 = off)
    QStringList states;                  // alert_state values
    QStringList triage;                  // acknowledged, false_positive, escalated, none
    QString assignedTo;                  // "none" = unassigned
    QList<FieldTerm> fields;             // JSON path terms (ANDed; each any of its values)
    QString text;                        // free text in rule_desc
    // Excluded terms (-term, NOT term): each is a filter of one term; a row matches when none of them does.
    std::vector<AlertFilter> excluded;

    bool isEmpty() const;
    bool operator==(const AlertFilter &other) const;
    bool operator!=(const AlertFilter &other) const { return !(*this == other); }

    // SQL for "WHERE …" on table alerts (no leading WHERE/AND; empty when the filter is empty), with
    // positional '?' placeholders whose values are appended to *binds in order.
    void toSql(QString *where, QVariantList *binds) const;

    // Parses the filter bar's text. On a syntax error returns nullopt, sets *error to a message for the
    // analyst (naming the bad term) and *errorPos to its character offset when given.
    static std::optional<AlertFilter> parse(const QString &text, QString *error, int *errorPos = nullptr);
    // The canonical text form; parse(format()) == *this.
    QString format() const;

    // The filter term for "filter on this value" from the JSON tree: a field path like rule.level or
    // rule.mitre.id[0] and its value; indexed keys (level, rule, agent, group, mitre, srcip) where they
    // exist, else path:value. excludeTerm() makes "filter out" of it ("-agent:001").
    static QString termForField(const QString &path, const QString &value);
    static QString excludeTerm(const QString &term);

    // The time range terms of filter-bar text (last:, after:, before:; not excluded ones) replaced by
    // `terms` (empty: removed), the rest of the text kept as written.
    static QString withTimeRange(const QString &filterText, const QString &terms);
    // Appends a term (as from termForField) to filter-bar text, quoting as needed.
    static QString appendTerm(const QString &filterText, const QString &term);

    static QString quoteValue(const QString &value);  // quotes when the value has spaces, quotes, or commas
};

}  // namespace eos
