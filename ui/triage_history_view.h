// The detail pane's triage history of one alert, oldest first: when (in the console's zone), who (an analyst,
// or "Eos pipeline (<stage>)" for the stages' own rows), what (the action in words: assigned to whom, failed in
// which stage after how many attempts, a remediation's action, agent and outcome, the Jira dispatches of an
// escalation) and why (the analyst's reason, a policy, Wazuh's message, a stage's last error), wrapped and
// in the tooltips. "Not triaged yet" for an alert without rows; the reason when the history cannot be read.
#pragma once

#include "triage_store.h"

#include <QTimeZone>
#include <QTreeWidget>

namespace eos {

class TriageHistoryView : public QTreeWidget {
    Q_OBJECT
public:
    explicit TriageHistoryView(QWidget *parent = nullptr);

    // forAnAlert: an alert is shown (an empty history then reads "Not triaged yet"); error: it could not be read.
    void setEntries(const QList<TriageStore::HistoryEntry> &history, const QString &error, bool forAnAlert);
    void clearEntries();
    void setTimeZone(const QTimeZone &zone);  // shows the rows' times again in this zone
    const QList<TriageStore::HistoryEntry> &entries() const { return m_entries; }

    static QString actionLabel(const QString &action);                      // "Acknowledged", "Stage gave up", …
    static QString describeEntry(const TriageStore::HistoryEntry &entry);   // the "What" column

private:
    QList<TriageStore::HistoryEntry> m_entries;
    QString m_error;
    bool m_forAnAlert = false;
    QTimeZone m_zone;
};

}  // namespace eos
