// The analyst console's main window: the sidebar (Sidebar: icons, counts) between the pages (Overview
// first, shown on start), menus whose actions carry every keyboard shortcut (Help → Shortcuts lists them),
// and an honest status bar, all of it fed off the GUI thread by PipelineHealth: the listener's address or
// why none runs (this process's pipeline, or any instance sharing the database), alerts/s, requests
// rejected in the last minute by reason (a click lists the last ones), the backlog of the stages that run
// somewhere, failed alerts (a click lists them), the time of the last live update and one database label.
// Alerts at or above EOS_NOTIFY_LEVEL raise a rate-limited desktop notification (AlertNotifier; shown
// through a seam, QSystemTrayIcon by default) and count on the sidebar's Live Alerts entry until the
// analyst looks.
#pragma once

#include "alert_notifier.h"
#include "pipeline_health.h"
#include "shortcuts_dialog.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QSystemTrayIcon;
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
class RejectionsDialog;
class RemediationView;
class SavedViewsStore;
class Sidebar;
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
    QListWidget *navigation() const;
    Sidebar *sidebar() const { return m_nav; }
    TriageStore *triageStore() const { return m_triage.get(); }
    PipelineHealth *pipelineHealth() const { return m_health; }
    QLabel *databaseLabel() const { return m_dbLabel; }
    QLabel *healthLabel() const { return m_healthLabel; }
    QLabel *liveLabel() const { return m_liveLabel; }
    QLabel *backlogLabel() const { return m_backlogLabel; }    // "Backlog: enrich 12 · llm 3" (running stages)
    QLabel *listenerLabel() const { return m_listenerLabel; }  // "Listener http://0.0.0.0:9000" or why not
    QToolButton *rejectedButton() const { return m_rejectedButton; }  // "Rejected (1 min): 401 token ×3"
    QToolButton *failedButton() const { return m_failedButton; }  // "Failed: N", shown when N > 0
    RejectionsDialog *rejectionsDialog() const;
    void showRejections();  // what a click on the Rejected field does

    // High-level alerts: the notifier, the seam the notification goes through (tests record it; the
    // default shows it in the system tray) and what a click on a notification does.
    using NotificationSink = std::function<void(const AlertNotifier::Notification &)>;
    AlertNotifier *alertNotifier() const { return m_notifier; }
    void setNotificationSink(NotificationSink sink) { m_notificationSink = std::move(sink); }
    void openNotification(const AlertNotifier::Notification &n);
    // Without a system tray: the notification in the status bar for 10 s, "title: text", the text elided to
    // the room left of the permanent fields (the title always whole).
    void showNotificationInStatusBar(const AlertNotifier::Notification &n);
    int statusMessageRoom() const;  // px left of the status bar's permanent fields
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
    QString databaseText() const;  // "Database: embedded (/path)" or "Database: user@host:port/db"

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void createStores();
    void applySettings();
    void updateTitle();
    void onSample(const PipelineHealth::Sample &smp);
    void onNotification(const AlertNotifier::Notification &n);
    void onUnseenChanged(int count);
    void showInTray(const AlertNotifier::Notification &n);
    void updateStatusColors();

    ConsoleSession *m_session;
    std::unique_ptr<TriageStore> m_triage;
    std::unique_ptr<SavedViewsStore> m_views;
    std::unique_ptr<RemediationService> m_remediation;
    RemediationView *m_remediationView = nullptr;
    QAction *m_remediationAct = nullptr;
    Sidebar *m_nav = nullptr;
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
    QLabel *m_listenerLabel = nullptr;
    QToolButton *m_rejectedButton = nullptr;
    QPointer<RejectionsDialog> m_rejectionsDialog;
    AlertNotifier *m_notifier = nullptr;
    NotificationSink m_notificationSink;
    QSystemTrayIcon *m_tray = nullptr;
    AlertNotifier::Notification m_lastNotification;
    bool m_listenerRunning = true;
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
