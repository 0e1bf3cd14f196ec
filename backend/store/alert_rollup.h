// Reading and folding the hourly alert counts of migration 0013 (alert_rollup + alert_rollup_delta).
//
// A time range [from, to) is split into whole UTC hours, answered from the counts, and the parts of an hour
// at either end, answered from the alerts themselves (an index range scan of at most two hours). countsSql()
// gives one relation for a dimension over the range that readers aggregate as they like; it is exact
// whether or not the deltas have been folded. fold() moves committed deltas into alert_rollup; the daemon's
// RollupFolder calls it every few seconds.
#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace eos {

class AlertRollup {
public:
    // The dimensions: agent id, rule id, source IP, each group, each MITRE tactic, '<triage>/<state>'.
    enum class Dim { Agent, Rule, SourceIp, Group, Tactic, State };

    struct Window {
        QDateTime from, to;  // the range asked for (UTC; invalid = open)
        QDateTime h0, h1;    // the whole hours inside it: [h0, h1) from the counts (invalid = open)
        bool useCounts = false;  // at least one whole hour
    };
    // The whole hours inside [from, to); either end may be open (invalid).
    static Window split(const QDateTime &from, const QDateTime &to);

    // A parenthesised relation (hour timestamptz, key text, level smallint, n bigint) for one dimension over
    // the window: the counts of its whole hours plus the alerts at its ends, placeholders '?' with their
    // values appended to *binds. Each alert appears once per key it has (once per group, per tactic).
    static QString countsSql(Dim dim, const Window &w, QVariantList *binds);

    // Moves the committed deltas into alert_rollup: the keys folded, -1 when another session is folding
    // right now, -2 on error (*error set).
    static qint64 fold(QSqlDatabase &db, QString *error = nullptr);

    static QString dimCode(Dim dim);
};

}  // namespace eos
