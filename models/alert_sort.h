// The order of Live Alerts: a column's key, then the alert's own time (alert_ts), then the id, all in one
// direction (newest first by default). Evaluated in the database with the indexes of
// resources/migrations/0010_console_sort.sql; pages are fetched by keyset: "rows after this row's
// (key, alert_ts, id)" — a row comparison one index range scan answers.
#pragma once

#include "alert_row.h"

#include <QString>
#include <QVariantList>

#include <optional>

namespace eos {

class AlertSort {
public:
    enum class Key { Time, Level, Rule, Agent, SourceIp, State, Risk };

    Key key = Key::Time;
    bool descending = true;

    bool operator==(const AlertSort &o) const { return key == o.key && descending == o.descending; }
    bool operator!=(const AlertSort &o) const { return !(*this == o); }

    // "time", "level", "rule", "agent", "srcip", "state", "risk" (saved views, settings)
    static QString keyName(Key key);
    static std::optional<Key> keyFromName(const QString &name);
    // "level:desc" / "time:asc"; parse accepts what toString writes.
    QString toString() const;
    static std::optional<AlertSort> fromString(const QString &text);

    // SQL, all on table alerts:
    // the key's expression (empty for Time: the time itself is the key)
    QString keyExpression() const;
    // ORDER BY clause (without the words ORDER BY): "COALESCE(rule_level, -1) DESC, alert_ts DESC, id DESC"
    QString orderBy() const;
    // Extra SELECT column: the key's value (as read back into AlertRow::sortValue), or empty for Time.
    QString selectKey() const;
    // The keyset condition "rows after `row` in this order" (inclusive: at or after) with its binds.
    QString after(const AlertRow &row, bool inclusive, QVariantList *binds) const;
    // Compares two rows in display order: < 0 when a is shown above b.
    int compare(const AlertRow &a, const AlertRow &b) const;
};

}  // namespace eos
