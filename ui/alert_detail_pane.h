// The detail pane of Live Alerts: a summary card (AlertCard: level chip, rule, time in the console's zone,
// agent with its OS and status from the agents table, location, source IP and users, MITRE techniques with
// names, groups), the whole alert as a collapsible JSON tree
// (rule, agent, data and MITRE open, compliance lists closed), its full_log, and the
// triage history (audit trail). A placeholder when no alert is shown. Hand-off: copy the alert as JSON,
// copy a one-line summary, open it in the Wazuh dashboard (when WAZUH_DASHBOARD_URL is set). Context menu on the tree: copy value, copy field path, filter on this value.
// A failed alert (a stage gave up on it) shows which stage and why above the tree, with a Retry button.
// With a RemediationService: the response playbooks that match the alert, rendered from Markdown, with
// their actions as buttons, and a Remediate menu of every action (unavailable ones say why).
#pragma once

#include "remediation_service.h"
#include "triage_history_view.h"
#include "triage_store.h"

#include <QJsonObject>
#include <QTimeZone>
#include <QUrl>
#include <QWidget>

class QAction;
class QFormLayout;
class QFrame;
class QMenu;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTextBrowser;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace eos {

class AlertCard;
class JsonTreeModel;
class RemediationService;

class AlertDetailPane : public QWidget {
    Q_OBJECT
public:
    explicit AlertDetailPane(QWidget *parent = nullptr);

    void clear();
    void showLoading(qint64 id);
    void showDetails(qint64 id, const QByteArray &json, const QString &fullLog);
    void showError(qint64 id, const QString &message);
    void showHistory(const QList<TriageStore::HistoryEntry> &history, const QString &error = {});
    // The alert's pipeline stage: failed → "Failed in stage enrich: <error>" and Retry; a stage still
    // retrying → its last error; otherwise nothing. Ignored unless it is about the alert shown.
    void showStageStatus(const TriageStore::StageStatus &status);
    // The LLM triage's risk and summary (hidden when the alert has none). Ignored unless about the alert shown.
    void showSummary(qint64 id, const QString &risk, const QString &summary, const QString &model, bool valid);
    QLabel *summaryLabel() const { return m_summary; }
    void setTimeZone(const QTimeZone &zone);
    // Playbooks and remediation actions for the alerts shown (null: the section stays hidden).
    void setRemediation(RemediationService *service);
    QWidget *responseBox() const { return m_responseBox; }
    QTextBrowser *playbookView() const { return m_playbookView; }
    QToolButton *remediateButton() const { return m_remediateButton; }
    QList<QPushButton *> playbookButtons() const { return m_playbookButtons; }
    // The remediation menu of the alert shown (also what key r and the alert list's context menu use).
    void fillRemediationMenu(QMenu *menu);
    qint64 alertId() const { return m_id; }
    // Whether an alert was shown since the pane was made (its splitter has been laid out: its sizes are
    // worth remembering; a pane that only ever showed the placeholder has none).
    bool hasShownAlert() const { return m_shownOnce; }
    void focusTree();

    QTreeView *tree() const { return m_tree; }
    JsonTreeModel *jsonModel() const { return m_json; }
    QPlainTextEdit *fullLogView() const { return m_fullLog; }
    TriageHistoryView *historyView() const { return m_history; }
    QLabel *stageBanner() const { return m_stageBanner; }
    QPushButton *retryButton() const { return m_retryButton; }
    QSplitter *splitter() const { return m_split; }
    QList<QAction *> treeActions() const;

    // The summary card (its labels: tests, screenshots).
    AlertCard *card() const { return m_card; }
    QLabel *placeholder() const { return m_placeholder; }
    QJsonObject alert() const { return m_alert; }

    // Hand-off of the alert shown (also on the alert list's context menu). Before the alert's JSON is in,
    // a copy waits for it.
    QAction *copyJsonAction() const { return m_copyJsonAct; }
    QAction *copySummaryAction() const { return m_copySummaryAct; }
    QAction *openDashboardAction() const { return m_openDashboardAct; }  // visible only with a dashboard URL
    void addHandoffActions(QMenu *menu);
    // WAZUH_DASHBOARD_URL (empty: "Open in Wazuh dashboard" is hidden).
    void setDashboardUrl(const QString &url);
    // The dashboard link of the alert shown (invalid without a URL or an alert).
    QUrl dashboardUrl() const;


protected:
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    void filterOnTermRequested(const QString &term);
    void backToListRequested();
    void retryRequested(qint64 alertId);
    void remediationRequested(const eos::RemediationPlan &plan);
    void statusMessage(const QString &message, int timeoutMs);

private:
    enum class PendingCopy { None, Json, Summary };
    void expandDefault();
    void updateHandoffActions();
    void copyAlert(PendingCopy what);
    void openInDashboard();
    void copyValue();
    void copyPath();
    void filterOnValue();
    QModelIndex currentValueIndex() const;

    qint64 m_id = 0;
    void hideStageStatus();
    void styleBanner();
    void updateResponse();

    QLabel *m_placeholder = nullptr;
    QWidget *m_content = nullptr;
    AlertCard *m_card = nullptr;
    QAction *m_copyJsonAct = nullptr;
    QAction *m_copySummaryAct = nullptr;
    QAction *m_openDashboardAct = nullptr;
    QJsonObject m_alert;
    QString m_dashboardUrl;
    PendingCopy m_pendingCopy = PendingCopy::None;
    bool m_shownOnce = false;
    QWidget *m_stageBox;
    QLabel *m_stageBanner;
    QLabel *m_summary = nullptr;
    QPushButton *m_retryButton;
    bool m_stageFailed = false;
    QSplitter *m_split;
    QTreeView *m_tree;
    JsonTreeModel *m_json;
    QPlainTextEdit *m_fullLog;
    TriageHistoryView *m_history;
    QAction *m_copyValue;
    QAction *m_copyPath;
    QAction *m_filterOut = nullptr;
    QAction *m_filterOn;
    QAction *m_back;
    RemediationService *m_remediation = nullptr;
    QWidget *m_responseBox = nullptr;
    QWidget *m_playbookButtonRow = nullptr;
    QTextBrowser *m_playbookView = nullptr;
    QToolButton *m_remediateButton = nullptr;
    QList<QPushButton *> m_playbookButtons;
    QTimeZone m_zone;
};

}  // namespace eos
