// Confirms one remediation action and shows its result. Before sending it shows exactly what will go to
// the Wazuh API and to which agent: the action, the agent (id and name), the alert, the endpoint
// (PUT /active-response?agents_list=001), the command and its arguments, and the request body. "Send" runs
// the action off the GUI thread (RemediationService); the dialog stays responsive, says it is waiting,
// and then shows the outcome plainly: done, or Wazuh's error code, message and remediation text for each
// agent that failed (1707 agent not active, …). Every attempt is in the audit log either way.
#pragma once

#include "remediation_service.h"

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace eos {

class RemediationService;

class RemediationDialog : public QDialog {
    Q_OBJECT
public:
    RemediationDialog(RemediationService *service, const RemediationPlan &plan, QWidget *parent = nullptr);

    const RemediationPlan &plan() const { return m_plan; }
    bool isSending() const { return m_sending; }
    bool hasResult() const { return m_done; }

    // What the dialog shows, for tests: the summary lines and the body as displayed.
    QString summaryText() const;
    QLabel *endpointLabel() const { return m_endpoint; }
    QLabel *agentLabel() const { return m_agent; }
    QLabel *commandLabel() const { return m_command; }
    QLabel *argumentsLabel() const { return m_arguments; }
    QPlainTextEdit *bodyView() const { return m_body; }
    QLabel *resultLabel() const { return m_result; }
    QPushButton *sendButton() const { return m_send; }
    QLineEdit *reasonEdit() const { return m_reason; }

    void send();
    // Shows an outcome (the service's executed signal for this dialog's plan).
    void showOutcome(const Remediator::Outcome &outcome);
    static QString describeOutcome(const Remediator::Outcome &outcome);

private:
    RemediationService *m_service;
    RemediationPlan m_plan;
    bool m_sending = false;
    bool m_done = false;
    QLabel *m_action;
    QLabel *m_agent;
    QLabel *m_alert;
    QLabel *m_endpoint;
    QLabel *m_command;
    QLabel *m_arguments;
    QLabel *m_api;
    QPlainTextEdit *m_body;
    QLineEdit *m_reason;
    QLabel *m_result;
    QDialogButtonBox *m_buttons;
    QPushButton *m_send;
};

}  // namespace eos
