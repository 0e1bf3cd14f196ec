// Reading and folding the hourly alert counts of migration 0013 (alert_rollup + alert_rollup_delta).
//
// A time range [from, to) is split into whole UTC hours, answered from the counts, and the parts of an hour
// at either end, answered from the alerts themselves (an index range scan of at most two hours): at each end
// either the part of the hour inside the range is added, or the whole hour is counted and the part outside
// the range subtracted, whichever reads fewer alerts — a range that ends now subtracts the rest of the
// current hour, which lies in the future and holds no alerts, instead of reading the hour so far (at 2,000
// alerts/s that was up to 7M rows for every Overview refresh). countsSql()
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
        QDateTime h0, h1;    // the whole hours counted: [h0, h1) from the counts (invalid = open)
        bool useCounts = false;  // at least one whole hour; else the alerts of [from, to) themselves
        bool subtractFrom = false;  // h0 < from: the alerts of [h0, from) are subtracted (else [from, h0) added)
        bool subtractTo = false;    // h1 > to: the alerts of [to, h1) are subtracted (else [h1, to) added)
    };
    // The whole hours for [from, to); either end may be open (invalid). `now` (default: the clock) tells
    // which part of an hour lies in the future (no alerts to read there).
    static Window split(const QDateTime &from, const QDateTime &to, const QDateTime &now = {});

    // A parenthesised relation (hour timestamptz, key text, level smallint, n bigint) for one dimension over
    // the window: the counts of its whole hours plus (or minus: n = -1) the alerts at its ends, placeholders
    // '?' with their values appended to *binds. Each alert counts once per key it has (once per group, per
    // tactic); readers sum n per hour and key.
    static QString countsSql(Dim dim, const Window &w, QVariantList *binds);

    // Moves the committed deltas into alert_rollup: the keys folded, -1 when another session is folding
    // right now, -2 on error (*error set).
    static qint64 fold(QSqlDatabase &db, QString *error = nullptr);

    static QString dimCode(Dim dim);
};

}  // namespace eos
