// The Live Alerts filter: a value type, parsed from and formatted to the filter bar's compact syntax,
// and turned into SQL that the indexes of resources/migrations/0001_base.sql serve.
//
// Syntax (terms are ANDed; a key may repeat where a list makes sense, values may be comma lists = OR):
//   level>=10  level<=7  level>5  level:12  level:5-9     rule_level range
//   agent:001,002                                          agent id(s)            (alerts_agent_idx)
//   rule:5710,5712                                         rule id(s)             (alerts_rule_idx)
//   group:sshd                                             rule group             (GIN on groups)
//   mitre:T1110                                            MITRE technique id     (GIN on mitre_ids)
//   srcip:10.0.0.5                                         source IP              (alerts_src_ip_idx)
//   after:2024-01-01  before:2024-01-02T12:00              time range, local time unless an offset is given
//   last:15m | 2h | 7d                                     relative time range (evaluated when the query runs)
//   state:new,sent                                         pipeline state
//   triage:acknowledged,false_positive,escalated,none      triage status (none = not triaged)
//   assigned:alice | assigned:none                         assignee
//   field:data.srcuser=root                                any JSON field (containment on raw; not indexed,
//                                                          combine it with an indexed term on big tables)
//   "free text" or bare words                              rule description contains (trigram GIN, ILIKE)
// Keys are case-insensitive; values with spaces are quoted ("..."), \" escapes a quote.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace eos {

class AlertFilter {
public:
    std::optional<int> minLevel;         // rule_level >= minLevel
    std::optional<int> maxLevel;         // rule_level <= maxLevel
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
    QList<QPair<QString, QString>> fields;  // JSON path (a.b[0].c) = value
    QString text;                        // free text in rule_desc

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
    // exist, else field:path=value.
    static QString termForField(const QString &path, const QString &value);
    // Appends a term (as from termForField) to filter-bar text, quoting as needed.
    static QString appendTerm(const QString &filterText, const QString &term);

    static QString quoteValue(const QString &value);  // quotes when the value has spaces, quotes, or commas
};

}  // namespace eos
