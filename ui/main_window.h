// The analyst console's main window: navigation between the pages (Overview first, shown on start), menus whose actions carry
// every keyboard shortcut (Help → Shortcuts lists them), and a status bar with the database in use,
// pipeline health (alerts/s, the enrichment backlog, failed alerts — a click lists them) and the time of
// the last live update.
#pragma once

#include "pipeline_health.h"
#include "shortcuts_dialog.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QToolButton;

namespace eos {

class AgentsView;
class AiSummariesView;
class DispatchQueueView;
class EmailPreviewView;
class OverviewView;
class AlertsView;
class ConsoleSession;
class RemediationService;
class RemediationView;
class SavedViewsStore;
class TriageStore;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Page { Overview, LiveAlerts, Agents, Remediation, AiSummaries, DispatchQueue, EmailPreview };

    explicit MainWindow(ConsoleSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    OverviewView *overviewView() const { return m_overview; }
    AlertsView *alertsView() const { return m_alerts; }
    AgentsView *agentsView() const { return m_agents; }
    RemediationView *remediationView() const { return m_remediationView; }
    RemediationService *remediationService() const { return m_remediation.get(); }
    AiSummariesView *aiSummariesView() const { return m_aiSummaries; }
    DispatchQueueView *dispatchQueueView() const { return m_dispatch; }
    EmailPreviewView *emailPreviewView() const { return m_emailPreview; }
    QListWidget *navigation() const { return m_nav; }
    TriageStore *triageStore() const { return m_triage.get(); }
    PipelineHealth *pipelineHealth() const { return m_health; }
    QLabel *databaseLabel() const { return m_dbLabel; }
    QLabel *healthLabel() const { return m_healthLabel; }
    QLabel *liveLabel() const { return m_liveLabel; }
    QLabel *backlogLabel() const { return m_backlogLabel; }    // "Enrichment backlog: N"
    QToolButton *failedButton() const { return m_failedButton; }  // "Failed: N", shown when N > 0
    // Live Alerts filtered to the failed alerts (what the Failed button does).
    void showFailedAlerts();

    void showPage(Page page);
    Page currentPage() const;
    QString analystName() const;  // the settings' override, else EOS_ANALYST or the OS user

    // Every action with a shortcut, grouped as Help → Shortcuts shows them.
    QList<ShortcutsDialog::Group> shortcutGroups() const;
    QAction *shortcutsAction() const { return m_shortcutsAct; }
    QAction *settingsAction() const { return m_settingsAct; }
    QAction *aboutAction() const { return m_aboutAct; }

    void showShortcuts();
    void showSettings();
    void showAbout();
    QString aboutText() const;
    // Pipeline health as shown in the status bar (translated).
    static QString describeHealth(const PipelineHealth::Sample &sample);
    static QString describeBacklog(const PipelineHealth::Sample &sample);  // "Enrichment backlog: 12"
    static QString describeBacklogDetails(const PipelineHealth::Sample &sample);  // every stage, for the tooltip

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void createStores();
    void applySettings();
    void updateTitle();
    void updateNavigationPalette();

    ConsoleSession *m_session;
    std::unique_ptr<TriageStore> m_triage;
    std::unique_ptr<SavedViewsStore> m_views;
    std::unique_ptr<RemediationService> m_remediation;
    RemediationView *m_remediationView = nullptr;
    QAction *m_remediationAct = nullptr;
    QListWidget *m_nav = nullptr;
    QStackedWidget *m_stack = nullptr;
    OverviewView *m_overview = nullptr;
    QAction *m_overviewAct = nullptr;
    AlertsView *m_alerts = nullptr;
    AgentsView *m_agents = nullptr;
    AiSummariesView *m_aiSummaries = nullptr;
    QAction *m_aiAct = nullptr;
    DispatchQueueView *m_dispatch = nullptr;
    EmailPreviewView *m_emailPreview = nullptr;
    QAction *m_emailAct = nullptr;
    PipelineHealth *m_health = nullptr;
    QLabel *m_dbLabel = nullptr;
    QLabel *m_pipelineLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    QLabel *m_liveLabel = nullptr;
    QLabel *m_backlogLabel = nullptr;
    QToolButton *m_failedButton = nullptr;
    QAction *m_alertsAct = nullptr;
    QAction *m_agentsAct = nullptr;
    QAction *m_dispatchAct = nullptr;
    QAction *m_settingsAct = nullptr;
    QAction *m_quitAct = nullptr;
    QAction *m_shortcutsAct = nullptr;
    QAction *m_aboutAct = nullptr;
    QAction *m_aboutQtAct = nullptr;
    QPointer<ShortcutsDialog> m_shortcutsDialog;
};

}  // namespace eos
