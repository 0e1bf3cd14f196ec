// The summary card at the top of the alert detail pane: the level chip in the table's colours with its
// severity, the rule as the title, then a row each for the time (in the console's zone, with the alert's
// id), the agent (as the alert names it, until the agents table's view arrives: live status, keep-alive,
// OS, IP, version, groups), location, source IP and users, MITRE techniques with names, and groups. Long
// values are elided with the whole text as tooltip; empty rows are hidden. Carries the pane's Copy and
// Wazuh Dashboard buttons in its head row (the pane gives them their menus and actions).
#pragma once

#include "triage_store.h"

#include <QFrame>
#include <QJsonObject>
#include <QTimeZone>

class QFormLayout;
class QLabel;
class QToolButton;

namespace eos {

class ElidedLabel;

class AlertCard : public QFrame {
    Q_OBJECT
public:
    explicit AlertCard(QWidget *parent = nullptr);

    void reset();                        // nothing shown: no chip, empty title, every row hidden
    void setTitle(const QString &text);  // (a placeholder title while loading, or an error)
    // The alert's own fields (id: the alerts row's id, shown with the time).
    void fill(const QJsonObject &alert, qint64 id, const QTimeZone &zone);
    // The agent row from the agents table (the alert's own naming stays when the status knows no agent).
    void showAgent(const TriageStore::StageStatus &status, const QJsonObject &alert);

    static QString severityName(int level);  // Low, Medium, High, Critical (translated)

    QLabel *levelChip() const { return m_levelChip; }
    ElidedLabel *titleLabel() const { return m_title; }
    ElidedLabel *timeLabel() const { return m_time; }
    QLabel *agentLine() const { return m_agent; }
    ElidedLabel *locationLabel() const { return m_location; }
    ElidedLabel *sourceLabel() const { return m_source; }
    ElidedLabel *mitreLabel() const { return m_mitre; }
    ElidedLabel *groupsLabel() const { return m_groups; }
    QToolButton *copyButton() const { return m_copyButton; }
    QToolButton *dashboardButton() const { return m_dashboardButton; }

private:
    QFormLayout *m_form = nullptr;
    QLabel *m_levelChip = nullptr;
    ElidedLabel *m_title = nullptr;
    ElidedLabel *m_time = nullptr;
    QLabel *m_agent = nullptr;
    ElidedLabel *m_location = nullptr;
    ElidedLabel *m_source = nullptr;
    ElidedLabel *m_mitre = nullptr;
    ElidedLabel *m_groups = nullptr;
    QToolButton *m_copyButton = nullptr;
    QToolButton *m_dashboardButton = nullptr;
};

}  // namespace eos
