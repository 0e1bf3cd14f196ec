// Live Alerts: filter bar (history, saved views), the windowed alert table (or similar alerts grouped
// with counts), and the detail pane (JSON tree, full_log, triage history). Owns the view's QActions —
// navigation (j/k, /, Enter) and triage (a, f, e, m, …) — which the main window puts in its menus and the
// shortcuts dialog lists.
#pragma once

#include "alert_filter.h"
#include "saved_views_store.h"
#include "triage_store.h"

#include <QJsonObject>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace eos {

class DbConnectionInfo;  // from models/ (a value the session hands out)

class AlertColumns;
class AlertDetailPane;
class AlertExportDialog;
class ViewPlaceholder;
class AlertGroupModel;
class AlertHistogram;
class AlertHistogramWidget;
class TimeRangePicker;
class AlertListModel;
class FilterBar;
class LivePlaceKeeper;
class NewAlertsBar;
class RemediationService;
class SavedViewsMenu;
struct RemediationPlan;

class AlertsView : public QWidget {
    Q_OBJECT
public:
    // triage and views outlive the view (owned by the main window).
    AlertsView(const DbConnectionInfo &db, TriageStore *triage, SavedViewsStore *views, QWidget *parent = nullptr);
    ~AlertsView() override;

    void start();  // starts the model (first rows, live feed)
    // Replaces the stores (e.g. after the analyst name changed); either may be null.
    void setStores(TriageStore *triage, SavedViewsStore *views);

    AlertListModel *model() const { return m_model; }
    AlertGroupModel *groupModel() const { return m_groups; }
    QTableView *table() const { return m_table; }
    QTableView *groupTable() const { return m_groupTable; }
    FilterBar *filterBar() const { return m_filter; }
    AlertDetailPane *detailPane() const { return m_detail; }
    QLabel *countLabel() const { return m_count; }
    SavedViewsMenu *savedViewsMenu() const { return m_viewsMenu; }
    AlertHistogram *histogram() const { return m_histogram; }
    AlertHistogramWidget *histogramWidget() const { return m_histogramWidget; }
    TimeRangePicker *timeRange() const { return m_range; }
    // "N new alerts — show" above the table (scrolled down or paused while alerts arrive).
    NewAlertsBar *newAlertsBar() const { return m_bar; }

    AlertColumns *columns() const { return m_columns; }  // the chooser, widths and kept layout

    QList<QAction *> navigationActions() const;
    QList<QAction *> triageActions() const;
    QList<QAction *> viewActions() const;  // group, pause, refresh, saved views
    QAction *triageAction(TriageStore::Action action) const;
    QAction *groupAction() const { return m_groupAct; }
    // Retry of failed alerts (a stage gave up on them): in the context menu when the selection has
    // failed alerts, in the Alert menu, and as the detail pane's Retry button.
    QAction *retryAction() const { return m_retryAct; }
    QList<qint64> selectedFailedAlertIds() const;
    // Sends the selection's failed alerts back to their stage (off the GUI thread; the status bar
    // reports the result). False when the selection has no failed alert.
    bool retrySelected();

    // Remediation of the alert shown in the detail pane (key r, context menu, playbook buttons): a menu of
    // the actions it offers, then the confirmation dialog. Null service: not offered.
    void setRemediation(RemediationService *service);
    QAction *remediateAction() const { return m_remediateAct; }
    // Opens the confirmation dialog for a plan (modeless; the action runs off the GUI thread).
    void confirmRemediation(const eos::RemediationPlan &plan);

    QList<qint64> selectedAlertIds() const;
    bool isGrouped() const;
    void setGrouped(bool grouped);
    // Puts text in the filter bar and applies it; false on a syntax error (shown in the bar).
    bool applyFilterText(const QString &text);
    // eos://alert/<id> (a mail's link, the command line): filters on that alert (id:<id>, ungrouped, any
    // time) and selects it once its row is in, so the detail pane shows it.
    void showAlert(qint64 id);
    void setTimeZone(const QTimeZone &zone);
    // WAZUH_DASHBOARD_URL: "Open in Wazuh dashboard" on the alert's context menu and the detail pane.
    void setDashboardUrl(const QString &url);

    // Export of the filtered alerts (filter, time range and sort of the list; CSV: the visible columns in
    // their order). exportAction() asks for the file; exportTo() starts at once and returns the progress
    // dialog (modeless; deletes itself when closed).
    QAction *exportAction() const { return m_exportAct; }
    AlertExportDialog *exportTo(const QString &path, bool ndjson);
    // "No alerts match <filter>" / "No alerts yet" over the empty table.
    QLabel *emptyPlaceholder() const;
    QLabel *groupsPlaceholder() const;  // over the grouped view when the window holds no alert

    // Runs a triage action on the selection off the GUI thread; asks for a reason where required.
    // Returns nullopt when nothing was done (no selection or the reason dialog was cancelled), else a
    // result that is not ok yet: triageFinished(result) follows when the database has answered.
    std::optional<TriageStore::Result> triage(TriageStore::Action action);
    static QString describeResult(const TriageStore::Result &result);

    void saveLayout() const;
    void restoreLayout();

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs);
    void liveUpdated(const QDateTime &when);
    void errorOccurred(const QString &message);
    void triageFinished(const eos::TriageStore::Result &result);

private:
    void buildActions();
    void onFilterApplied(const AlertFilter &filter, const QString &text);
    void onCurrentChanged();
    void loadDetails();
    void loadHistory(qint64 id);
    void moveCurrent(int delta);
    void openDetails();
    void updateCount();
    SavedViewsStore::View currentView() const;
    void applyView(const QString &name, const SavedViewsStore::View &view, const QString &error);
    std::optional<TriageStore::Result> triageGroup(TriageStore::Action action);
    // The reason dialog of a false positive or an escalation of n alerts: false when cancelled.
    bool askReason(TriageStore::Action action, int n, QString *reason);
    // A triage handed to the store's worker: says so in the status bar and times the wait.
    TriageStore::Result queuedTriage(TriageStore::Action action, int n);
    void updateEmptyPlaceholder();
    void updateGroupsPlaceholder();
    void exportFiltered();

    TriageStore *m_triage;
    AlertListModel *m_model;
    AlertGroupModel *m_groups;
    FilterBar *m_filter;
    QLabel *m_count;
    NewAlertsBar *m_bar = nullptr;
    LivePlaceKeeper *m_place = nullptr;
    QLabel *m_elsewhere = nullptr;
    AlertHistogram *m_histogram = nullptr;
    AlertHistogramWidget *m_histogramWidget = nullptr;
    TimeRangePicker *m_range = nullptr;
    QComboBox *m_window;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QTableView *m_groupTable;
    AlertDetailPane *m_detail;
    QSplitter *m_split;
    SavedViewsMenu *m_viewsMenu;

    QAction *m_next = nullptr;
    QAction *m_prev = nullptr;
    QAction *m_focusFilter = nullptr;
    QAction *m_open = nullptr;
    QAction *m_groupAct = nullptr;
    QAction *m_pauseAct = nullptr;
    QAction *m_refreshAct = nullptr;
    QAction *m_saveViewAct = nullptr;
    QAction *m_retryAct = nullptr;
    QAction *m_remediateAct = nullptr;
    QAction *m_exportAct = nullptr;
    ViewPlaceholder *m_empty = nullptr;
    ViewPlaceholder *m_groupsEmpty = nullptr;
    bool m_firstRowsIn = false;  // the current filter's first page has arrived (an empty table is empty)
    std::unique_ptr<DbConnectionInfo> m_db;
    RemediationService *m_remediation = nullptr;
    QList<QPair<TriageStore::Action, QAction *>> m_triageActs;

    QMetaObject::Connection m_triageConn;
    QMetaObject::Connection m_retryConn;
    QMetaObject::Connection m_stageConn;
    QMetaObject::Connection m_stagePollConn;
    QMetaObject::Connection m_historyConn;
    QMetaObject::Connection m_appliedConn;
    QTimer m_triageWait;
    int m_stagePolls = 0;
    QTimer m_detailTimer;
    AlertColumns *m_columns = nullptr;
};

}  // namespace eos
