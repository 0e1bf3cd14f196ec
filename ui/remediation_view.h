// Remediation: the recent remediation actions, manual (console, command line) and automatic (policies),
// with their outcome, filterable by text and outcome; and each auto-response policy with its recent
// matches and how close it is to its limits. A policy can be paused or resumed from here (with a reason,
// audited). Data comes from RemediationService on its worker thread; refreshed while shown.
#pragma once

#include "remediation_service.h"

#include <QTimeZone>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace eos {

class RemediationView : public QWidget {
    Q_OBJECT
public:
    explicit RemediationView(RemediationService *service, QWidget *parent = nullptr);

    QTreeWidget *actionsTable() const { return m_actions; }
    QTreeWidget *policiesTable() const { return m_policies; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *outcomeFilter() const { return m_outcome; }
    QPushButton *pauseButton() const { return m_pause; }
    QLabel *countLabel() const { return m_count; }
    void setTimeZone(const QTimeZone &zone);
    void refresh();
    // Pauses or resumes the selected policy; asks for a reason (nullopt-like: false when cancelled).
    bool togglePauseSelected(const QString &reasonForTests = {});
    static QString describeOutcome(const QString &outcome);

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs);
    // An action row was activated: Live Alerts on that agent's alerts.
    void agentAlertsRequested(const QString &agentId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;  // a theme switch re-colours the rows

private:
    void showActions(const QList<RemediationService::ActionRow> &rows, const QString &error);
    void showPolicies(const QList<RemediationService::PolicyRow> &rows, const QString &error);
    void applyFilter();
    void updatePauseButton();

    RemediationService *m_service;
    QLineEdit *m_filter;
    QComboBox *m_outcome;
    QLabel *m_count;
    QTreeWidget *m_actions = nullptr;
    QTreeWidget *m_policies = nullptr;
    QPushButton *m_pause;
    QLabel *m_policyNote = nullptr;
    QTimer m_timer;
    QTimeZone m_zone;
    QList<RemediationService::ActionRow> m_rows;
    QList<RemediationService::PolicyRow> m_policyRows;
};

}  // namespace eos
