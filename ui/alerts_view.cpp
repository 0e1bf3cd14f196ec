#include "alerts_view.h"

#include "alert_columns.h"
#include "alert_detail_pane.h"
#include "alert_export_dialog.h"
#include "alert_exporter.h"
#include "view_placeholder.h"
#include "alert_histogram.h"
#include "alert_histogram_widget.h"
#include "time_range_picker.h"
#include "remediation_dialog.h"
#include "remediation_service.h"
#include "alert_group_model.h"
#include "alert_list_model.h"
#include "alert_labels.h"
#include "alert_row_delegate.h"
#include "filter_bar.h"
#include "level_delegate.h"
#include "live_place_keeper.h"
#include "new_alerts_bar.h"
#include "reason_dialog.h"
#include "saved_views_menu.h"
#include "saved_views_store.h"

#include <limits>
#include <memory>

#include <QTimer>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QDateTime>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace eos {
namespace {

const QString kGroupHeaderKey = QStringLiteral("layout/alertGroupsHeader2");
const QString kSplitKey = QStringLiteral("layout/alertsSplitter");
const QString kDetailSplitKey = QStringLiteral("layout/detailSplitter");
const QString kGroupedKey = QStringLiteral("alerts/grouped");

void setupTable(QTableView *t)
{
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::ExtendedSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setWordWrap(false);
    t->setShowGrid(false);
    t->setAlternatingRowColors(true);
    t->setSortingEnabled(false);  // the database orders (AlertListModel::sort from header clicks)
    t->setTextElideMode(Qt::ElideRight);
    t->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);  // live inserts keep the place by whole rows
    t->verticalHeader()->hide();
    // fixed row heights from the font: never measure rows (a million of them)
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm(t->font());
    t->verticalHeader()->setDefaultSectionSize(fm.height() + std::max(4, fm.height() / 3));
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    t->horizontalHeader()->setHighlightSections(false);
    t->horizontalHeader()->setSectionsMovable(true);
    t->horizontalHeader()->setStretchLastSection(true);
}

}  // namespace

AlertsView::AlertsView(const DbConnectionInfo &db, TriageStore *triage, SavedViewsStore *views, QWidget *parent)
    : QWidget(parent), m_triage(triage)
{
    setObjectName(QStringLiteral("alertsView"));
    m_db = std::make_unique<DbConnectionInfo>(db);
    m_model = new AlertListModel(db, this);
    m_groups = new AlertGroupModel(db, this);
    m_histogram = new AlertHistogram(db, this);

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_filter = new FilterBar(this);
    bar->addWidget(m_filter, 1);
    m_range = new TimeRangePicker(this);
    bar->addWidget(m_range);
    m_window = new QComboBox(this);
    m_window->addItem(tr("within 15 minutes"), 15 * 60);
    m_window->addItem(tr("within 1 hour"), 3600);
    m_window->addItem(tr("within 24 hours"), 24 * 3600);
    m_window->addItem(tr("within 7 days"), 7 * 24 * 3600);
    m_window->setCurrentIndex(1);
    m_window->setToolTip(tr("Alerts of the same rule and agent within this time are grouped"));
    m_window->setVisible(false);
    auto *groupButton = new QToolButton(this);
    auto *viewsButton = new QToolButton(this);
    bar->addWidget(groupButton);
    bar->addWidget(m_window);
    bar->addWidget(viewsButton);
    layout->addLayout(bar);

    auto *info = new QHBoxLayout;
    m_count = new QLabel(this);
    info->addWidget(m_count);
    info->addStretch();
    m_elsewhere = new QLabel(this);
    m_elsewhere->setObjectName(QStringLiteral("newElsewhere"));
    m_elsewhere->setVisible(false);
    m_elsewhere->setTextFormat(Qt::RichText);
    connect(m_elsewhere, &QLabel::linkActivated, this, [this] { m_model->refresh(); });
    info->addWidget(m_elsewhere);
    layout->addLayout(info);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("alertsSplitter"));
    auto *left = new QWidget(m_split);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_histogramWidget = new AlertHistogramWidget(left);
    leftLayout->addWidget(m_histogramWidget);
    m_bar = new NewAlertsBar(left);
    leftLayout->addWidget(m_bar);
    m_stack = new QStackedWidget(left);
    leftLayout->addWidget(m_stack, 1);
    m_table = new QTableView(m_stack);
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setAccessibleName(tr("Live alerts"));
    setupTable(m_table);
    m_table->setModel(m_model);
    // one delegate for every column: triage look, arrival highlight, the level badge and the state chip
    m_table->setItemDelegate(new AlertRowDelegate(this));
    m_empty = new ViewPlaceholder(m_table);
    {
        // every column with a key sorts in the database; others keep the current order
        QHeaderView *h = m_table->horizontalHeader();
        h->setSectionsClickable(true);
        h->setSortIndicatorShown(true);
        h->setSortIndicator(AlertListModel::TimeColumn, Qt::DescendingOrder);
        // the description takes the slack; the other columns keep their widths (fitted at 1366 px)
        h->setStretchLastSection(false);
        h->setSectionResizeMode(AlertListModel::DescriptionColumn, QHeaderView::Stretch);
        h->setMinimumSectionSize(std::max(h->minimumSectionSize(), QFontMetrics(h->font()).averageCharWidth() * 4));
        connect(h, &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder order) {
            if (!AlertListModel::sortKeyForColumn(column)) {
                const AlertSort cur = m_model->sortOrder();
                const QSignalBlocker block(m_table->horizontalHeader());
                m_table->horizontalHeader()->setSortIndicator(AlertListModel::columnForSortKey(cur.key),
                                                              cur.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
                return;
            }
            m_model->sort(column, order);
        });
        connect(m_model, &AlertListModel::sortChanged, this, [this](const AlertSort &sort) {
            const QSignalBlocker block(m_table->horizontalHeader());
            m_table->horizontalHeader()->setSortIndicator(AlertListModel::columnForSortKey(sort.key),
                                                          sort.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
            m_elsewhere->setVisible(false);
        });
    }
    m_groupTable = new QTableView(m_stack);
    m_groupTable->setObjectName(QStringLiteral("alertGroupsTable"));
    m_groupTable->setAccessibleName(tr("Similar alerts grouped"));
    setupTable(m_groupTable);
    m_groupTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupTable->setModel(m_groups);
    m_groupTable->horizontalHeader()->setStretchLastSection(false);
    m_groupTable->horizontalHeader()->setSectionResizeMode(AlertGroupModel::DescriptionColumn, QHeaderView::Stretch);
    m_groupTable->setItemDelegateForColumn(AlertGroupModel::LevelColumn, new LevelDelegate(AlertGroupModel::LevelRole, this));
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_groupTable);
    m_groupsEmpty = new ViewPlaceholder(m_groupTable);
    m_groupsEmpty->hide();
    // the detail pane scrolls sideways when it is narrower than its widest row (the remediation buttons):
    // at 1366 px the table keeps the width its default columns need instead of yielding it to the pane
    auto *detailScroll = new QScrollArea(m_split);
    detailScroll->setObjectName(QStringLiteral("detailScroll"));
    detailScroll->setFrameShape(QFrame::NoFrame);
    detailScroll->setWidgetResizable(true);
    detailScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_detail = new AlertDetailPane(detailScroll);
    detailScroll->setWidget(m_detail);
    m_split->addWidget(left);
    m_split->addWidget(detailScroll);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    layout->addWidget(m_split, 1);
    // the chooser, widths and kept layout of the table's columns
    m_columns = new AlertColumns(m_table, m_groupTable, this);
    m_columns->fitWidths();

    m_viewsMenu = new SavedViewsMenu([this] { return currentView(); }, this);
    connect(m_viewsMenu, &SavedViewsMenu::viewLoaded, this, &AlertsView::applyView);
    connect(m_viewsMenu, &SavedViewsMenu::statusMessage, this, &AlertsView::statusMessage);
    buildActions();
    groupButton->setDefaultAction(m_groupAct);
    groupButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    viewsButton->setText(tr("Views"));
    viewsButton->setMenu(m_viewsMenu);
    viewsButton->setPopupMode(QToolButton::InstantPopup);

    // model wiring
    connect(m_filter, &FilterBar::filterApplied, this, &AlertsView::onFilterApplied);
    connect(m_filter, &FilterBar::escapePressed, this, [this] { m_table->setFocus(Qt::ShortcutFocusReason); });
    // the analyst's place while live rows arrive above it; the new-alerts bar
    m_place = new LivePlaceKeeper(m_table, m_model, m_bar, this);
    connect(m_place, &LivePlaceKeeper::resumeRequested, this, [this] { m_pauseAct->setChecked(false); });
    connect(m_model, &AlertListModel::firstRowsLoaded, this, [this](int, qint64) {
        updateCount();
        if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0 && m_table->hasFocus())
            m_table->setCurrentIndex(m_model->index(0, 0));
    });
    connect(m_model, &AlertListModel::countKnown, this, &AlertsView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        m_detail->clear();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertsView::updateCount);
    connect(m_model, &AlertListModel::rowsLoaded, this, [this](int first, int last) {
        const int cur = m_table->currentIndex().row();
        if (cur >= first && cur <= last && m_model->alertId(cur) != m_detail->alertId()) onCurrentChanged();
    });
    connect(m_model, &AlertListModel::newAlertsElsewhere, this, [this](int n) {
        m_elsewhere->setText(tr("%n new alert(s) further down in this order — <a href=\"refresh\">show</a>", "", n));
        m_elsewhere->setVisible(true);
    });
    connect(m_model, &QAbstractItemModel::modelReset, m_elsewhere, &QWidget::hide);
    // histogram: follows the filter, refreshed live at most once a second while the range reaches now
    connect(m_histogram, &AlertHistogram::updated, m_histogramWidget, &AlertHistogramWidget::setResult);
    connect(m_model, &AlertListModel::liveUpdated, this, [this] {
        if (!m_histogram->filter().before.isValid()) m_histogram->scheduleRefresh();
    });
    connect(m_histogramWidget, &AlertHistogramWidget::rangeSelected, this, [this](const QDateTime &from, const QDateTime &to) {
        applyFilterText(AlertFilter::withTimeRange(m_filter->text(), TimeRangePicker::termsFor(from, to)));
    });
    connect(m_range, &TimeRangePicker::rangeChosen, this, [this](const QString &terms) {
        applyFilterText(AlertFilter::withTimeRange(m_filter->text(), terms));
    });
    connect(m_model, &AlertListModel::liveUpdated, this, &AlertsView::liveUpdated);
    connect(m_model, &AlertListModel::errorOccurred, this, &AlertsView::errorOccurred);
    connect(m_model, &AlertListModel::detailsReady, this, [this](qint64 id, const QByteArray &json, const QString &log) {
        m_detail->showDetails(id, json, log);
    });
    connect(m_model, &AlertListModel::detailsFailed, m_detail, &AlertDetailPane::showError);
    connect(m_model, &AlertListModel::summaryReady, m_detail, &AlertDetailPane::showSummary);
    connect(m_groups, &AlertGroupModel::errorOccurred, this, &AlertsView::errorOccurred);
    connect(m_groups, &AlertGroupModel::loaded, this, &AlertsView::updateCount);
    connect(m_groups, &AlertGroupModel::loaded, this, &AlertsView::updateGroupsPlaceholder);
    // a reload (after a group triage, a filter) keeps the analyst on the same group
    {
        auto key = std::make_shared<QPair<int, QString>>();
        connect(m_groups, &QAbstractItemModel::modelAboutToBeReset, this, [this, key] {
            const QModelIndex cur = m_groupTable->currentIndex();
            *key = cur.isValid() ? qMakePair(cur.data(AlertGroupModel::RuleIdRole).toInt(), cur.data(AlertGroupModel::AgentIdRole).toString())
                                 : qMakePair(0, QString());
        });
        connect(m_groups, &AlertGroupModel::loaded, this, [this, key] {
            if (key->first == 0) return;
            for (int r = 0; r < m_groups->rowCount(); ++r) {
                const QModelIndex i = m_groups->index(r, 0);
                if (i.data(AlertGroupModel::RuleIdRole).toInt() == key->first && i.data(AlertGroupModel::AgentIdRole).toString() == key->second) {
                    m_groupTable->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                    return;
                }
            }
        });
    }
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AlertsView::onCurrentChanged);
    // grouped: the detail pane shows the newest alert of the current group
    connect(m_groupTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &cur) {
        const qint64 id = cur.isValid() ? cur.data(AlertGroupModel::LatestIdRole).toLongLong() : 0;
        if (id == 0 || id == m_detail->alertId()) return;
        m_detail->showLoading(id);
        m_model->requestDetails(id);
        loadHistory(id);
    });
    connect(m_table, &QTableView::doubleClicked, this, &AlertsView::openDetails);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_table->indexAt(pos);
        if (!idx.isValid()) return;
        if (!m_table->selectionModel()->isRowSelected(idx.row(), {})) {
            m_table->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
        QMenu menu(this);
        const QString term = idx.data(AlertListModel::FilterTermRole).toString();
        QAction *filterOn = menu.addAction(tr("Filter on “%1”").arg(term));
        filterOn->setEnabled(!term.isEmpty());
        connect(filterOn, &QAction::triggered, this, [this, term] { applyFilterText(AlertFilter::appendTerm(m_filter->text(), term)); });
        const QString out = term.isEmpty() ? QString() : AlertFilter::excludeTerm(term);
        QAction *filterOut = menu.addAction(tr("Filter out “%1”").arg(out));
        filterOut->setEnabled(!term.isEmpty());
        connect(filterOut, &QAction::triggered, this, [this, out] { applyFilterText(AlertFilter::appendTerm(m_filter->text(), out)); });
        menu.addSeparator();
        // hand-off of the alert under the mouse (the detail pane fetches it now if it has not yet)
        if (m_table->currentIndex().row() != idx.row())
            m_table->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::NoUpdate);
        if (m_model->alertId(idx.row()) != m_detail->alertId()) {
            m_detailTimer.stop();
            loadDetails();
        }
        m_detail->addHandoffActions(&menu);
        menu.addAction(m_exportAct);
        menu.addSeparator();
        for (QAction *a : triageActions()) menu.addAction(a);
        const int failed = int(selectedFailedAlertIds().size());
        if (failed > 0) {
            menu.addSeparator();
            m_retryAct->setText(tr("Re&try %n Failed Alert(s)", "", failed));
            menu.addAction(m_retryAct);
        }
        if (m_remediation && m_model->alertId(idx.row()) == m_detail->alertId()) {
            menu.addSeparator();
            m_detail->fillRemediationMenu(menu.addMenu(tr("Re&mediate")));
        }
        menu.exec(m_table->viewport()->mapToGlobal(pos));
        m_retryAct->setText(tr("Re&try Failed Alerts"));
    });
    connect(m_groupTable, &QTableView::activated, this, [this](const QModelIndex &idx) {
        const QString text = idx.data(AlertGroupModel::FilterTextRole).toString();
        setGrouped(false);
        applyFilterText(text);
    });
    connect(m_window, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_groups->setWindowSeconds(m_window->currentData().toLongLong());
        if (isGrouped()) m_groups->refresh();
    });
    connect(m_detail, &AlertDetailPane::filterOnTermRequested, this, [this](const QString &term) {
        applyFilterText(AlertFilter::appendTerm(m_filter->text(), term));
    });
    connect(m_detail, &AlertDetailPane::remediationRequested, this, &AlertsView::confirmRemediation);
    connect(m_detail, &AlertDetailPane::statusMessage, this, &AlertsView::statusMessage);
    // the empty-table placeholder follows the rows
    connect(m_model, &AlertListModel::firstRowsLoaded, this, [this] {
        m_firstRowsIn = true;
        updateEmptyPlaceholder();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_firstRowsIn = false;  // (re)loading: not known to be empty yet
        updateEmptyPlaceholder();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertsView::updateEmptyPlaceholder);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AlertsView::updateEmptyPlaceholder);
    connect(m_detail, &AlertDetailPane::backToListRequested, this, [this] { m_table->setFocus(Qt::ShortcutFocusReason); });
    connect(m_detail, &AlertDetailPane::retryRequested, this, [this](qint64 id) {
        if (!m_triage) return;
        m_detail->retryButton()->setEnabled(false);  // until the alert's new state is back
        m_triage->retryAsync({id});
    });
    setStores(triage, views);
    // a triage action the database has not answered within a second: say that it waits
    m_triageWait.setSingleShot(true);
    m_triageWait.setInterval(1000);
    connect(&m_triageWait, &QTimer::timeout, this, [this] {
        if (m_triage && m_triage->pendingActions() > 0)
            Q_EMIT statusMessage(tr("Waiting for the database: %n triage action(s) queued; they are applied when it "
                                    "answers", "", m_triage->pendingActions()), 0);
    });
    m_detailTimer.setSingleShot(true);
    m_detailTimer.setInterval(60);  // arrow-key repeat does not fetch every alert it passes
    connect(&m_detailTimer, &QTimer::timeout, this, &AlertsView::loadDetails);
    setFocusProxy(m_table);
    restoreLayout();
}

AlertsView::~AlertsView() { saveLayout(); }

void AlertsView::setStores(TriageStore *triage, SavedViewsStore *views)
{
    disconnect(m_triageConn);
    disconnect(m_retryConn);
    disconnect(m_stageConn);
    disconnect(m_stagePollConn);
    disconnect(m_historyConn);
    disconnect(m_appliedConn);
    m_triage = triage;
    m_viewsMenu->setStore(views);
    if (m_triage) {
        m_historyConn = connect(m_triage, &TriageStore::historyReady, this,
                                [this](qint64 id, const QList<TriageStore::HistoryEntry> &entries, const QString &error) {
                                    if (id == m_detail->alertId()) m_detail->showHistory(entries, error);
                                });
        m_appliedConn = connect(m_triage, &TriageStore::applied, this, [this](quint64, const TriageStore::Result &r) {
            if (m_triage->pendingActions() == 0) m_triageWait.stop();
            if (!r.ok) Q_EMIT statusMessage(tr("Triage failed: %1").arg(r.error), 15000);
            else Q_EMIT statusMessage(describeResult(r), 8000);
            Q_EMIT triageFinished(r);
        });
        m_triageConn = connect(m_triage, &TriageStore::alertsChanged, this, [this](const QList<qint64> &ids) {
            m_model->refreshAlerts(ids);
            if (isGrouped()) m_groups->refresh();  // the groups' open counts
            if (ids.contains(m_detail->alertId())) loadHistory(m_detail->alertId());
        });
        m_retryConn = connect(m_triage, &TriageStore::retryFinished, this, [this](const TriageStore::RetryResult &r) {
            Q_EMIT statusMessage(TriageStore::describe(r), r.ok ? 8000 : 15000);
            // the detail pane's banner and Retry button follow the alert's state now (also when the retry
            // failed, or someone else had retried it already)
            if (m_detail->alertId() != 0) m_triage->requestStageStatus(m_detail->alertId());
        });
        m_stageConn = connect(m_triage, &TriageStore::stageStatusReady, m_detail, &AlertDetailPane::showStageStatus);
        // an alert that has just arrived is enriched within moments: ask again until its agent is known
        m_stagePollConn = connect(m_triage, &TriageStore::stageStatusReady, this, [this](const TriageStore::StageStatus &st) {
            if (st.id != m_detail->alertId() || st.state != QLatin1String("new")) {
                m_stagePolls = 0;
                return;
            }
            if (++m_stagePolls > 60) return;  // half a minute: enrichment is stuck or off; the banner says why
            QTimer::singleShot(500, this, [this, id = st.id] {
                if (m_triage && m_detail->alertId() == id) m_triage->requestStageStatus(id);
            });
        });
    }
}

void AlertsView::start()
{
    m_model->setTimeZone(m_model->timeZone());
    m_model->start();
    m_histogram->refresh();  // the histogram of the starting filter (later ones follow onFilterApplied)
    updateCount();
}

void AlertsView::buildActions()
{
    auto make = [this](const QString &text, const QList<QKeySequence> &keys, Qt::ShortcutContext ctx, QWidget *owner) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(ctx);
        owner->addAction(a);
        return a;
    };
    m_next = make(tr("Next Alert"), {QKeySequence(Qt::Key_J)}, Qt::WidgetWithChildrenShortcut, this);
    m_prev = make(tr("Previous Alert"), {QKeySequence(Qt::Key_K)}, Qt::WidgetWithChildrenShortcut, this);
    m_focusFilter = make(tr("Focus the Filter"), {QKeySequence(Qt::Key_Slash)}, Qt::WidgetWithChildrenShortcut, this);
    m_open = make(tr("Open Details"), {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)}, Qt::WidgetShortcut, m_table);
    connect(m_next, &QAction::triggered, this, [this] { moveCurrent(+1); });
    connect(m_prev, &QAction::triggered, this, [this] { moveCurrent(-1); });
    connect(m_focusFilter, &QAction::triggered, m_filter, &FilterBar::focusFilter);
    connect(m_open, &QAction::triggered, this, &AlertsView::openDetails);

    const struct {
        TriageStore::Action action;
        QString text;
        QKeySequence key;
    } defs[] = {
        {TriageStore::Action::Acknowledge, tr("&Acknowledge"), QKeySequence(Qt::Key_A)},
        {TriageStore::Action::FalsePositive, tr("Mark &False Positive…"), QKeySequence(Qt::Key_F)},
        {TriageStore::Action::Escalate, tr("&Escalate…"), QKeySequence(Qt::Key_E)},
        {TriageStore::Action::AssignToMe, tr("Assign to &Me"), QKeySequence(Qt::Key_M)},
        {TriageStore::Action::Unassign, tr("&Unassign"), QKeySequence(Qt::SHIFT | Qt::Key_M)},
        {TriageStore::Action::Reopen, tr("&Reopen"), QKeySequence(Qt::SHIFT | Qt::Key_R)},
    };
    for (const auto &t : defs) {
        QAction *a = make(t.text, {t.key}, Qt::WidgetWithChildrenShortcut, this);
        const TriageStore::Action action = t.action;
        connect(a, &QAction::triggered, this, [this, action] { triage(action); });
        m_triageActs.append({action, a});
    }

    m_groupAct = make(tr("&Group Similar Alerts"), {QKeySequence(Qt::Key_G)}, Qt::WidgetWithChildrenShortcut, this);
    m_groupAct->setCheckable(true);
    m_groupAct->setToolTip(tr("Group alerts of the same rule and agent, with counts"));
    connect(m_groupAct, &QAction::toggled, this, &AlertsView::setGrouped);
    m_pauseAct = make(tr("&Pause Live Updates"), {QKeySequence(Qt::Key_P)}, Qt::WidgetWithChildrenShortcut, this);
    m_pauseAct->setCheckable(true);
    connect(m_pauseAct, &QAction::toggled, this, [this](bool paused) {
        m_model->setLive(!paused);
        m_place->reset();
        if (!paused) m_model->refresh();
    });
    m_refreshAct = make(tr("&Refresh"), {QKeySequence(QKeySequence::Refresh)}, Qt::WidgetWithChildrenShortcut, this);
    connect(m_refreshAct, &QAction::triggered, this, [this] {
        if (isGrouped()) m_groups->refresh();
        else m_model->refresh();
    });
    m_saveViewAct = m_viewsMenu->saveAction();  // Ctrl+S while the view has the focus
    m_saveViewAct->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_saveViewAct);
    m_exportAct = make(tr("E&xport Filtered Alerts…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)}, Qt::WidgetWithChildrenShortcut, this);
    m_exportAct->setObjectName(QStringLiteral("exportAlerts"));
    m_exportAct->setToolTip(tr("Write the alerts of the current filter, time range and order to a CSV or NDJSON file"));
    connect(m_exportAct, &QAction::triggered, this, &AlertsView::exportFiltered);
    m_retryAct = new QAction(tr("Re&try Failed Alerts"), this);
    m_retryAct->setToolTip(tr("Send the selected failed alerts back to the stage that gave up on them"));
    connect(m_retryAct, &QAction::triggered, this, &AlertsView::retrySelected);
    m_remediateAct = make(tr("Re&mediate…"), {QKeySequence(Qt::Key_R)}, Qt::WidgetWithChildrenShortcut, this);
    m_remediateAct->setObjectName(QStringLiteral("remediateAction"));
    m_remediateAct->setToolTip(tr("Restart the alert's agent or run an active-response command on it, with confirmation"));
    m_remediateAct->setVisible(false);
    connect(m_remediateAct, &QAction::triggered, this, [this] {
        if (!m_remediation || m_detail->alertId() == 0) {
            Q_EMIT statusMessage(tr("Select an alert to remediate."), 5000);
            return;
        }
        QMenu menu(this);
        m_detail->fillRemediationMenu(&menu);
        const QRect r = m_table->visualRect(m_table->currentIndex());
        menu.exec(m_table->viewport()->mapToGlobal(r.isValid() ? r.bottomLeft() : QPoint(0, 0)));
    });
}

void AlertsView::setRemediation(RemediationService *service)
{
    m_remediation = service;
    m_remediateAct->setVisible(service != nullptr);
    m_detail->setRemediation(service);
    if (!service) return;
    connect(service, &RemediationService::executed, this, [this](const RemediationPlan &plan, const Remediator::Outcome &o) {
        Q_EMIT statusMessage(tr("%1 on agent %2: %3").arg(plan.label, plan.agentId, o.summary()), o.succeeded() ? 8000 : 15000);
        if (plan.alertId != 0 && plan.alertId == m_detail->alertId()) loadHistory(plan.alertId);
    });
}

void AlertsView::confirmRemediation(const RemediationPlan &plan)
{
    if (!m_remediation) return;
    auto *d = new RemediationDialog(m_remediation, plan, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->show();
    d->raise();
    d->activateWindow();
}

QList<QAction *> AlertsView::navigationActions() const
{
    QList<QAction *> out{m_next, m_prev, m_focusFilter, m_open};
    out += m_detail->treeActions();
    return out;
}

QList<QAction *> AlertsView::triageActions() const
{
    QList<QAction *> out;
    for (const auto &p : m_triageActs) out.append(p.second);
    return out;
}

QList<QAction *> AlertsView::viewActions() const { return {m_groupAct, m_pauseAct, m_refreshAct, m_exportAct, m_saveViewAct}; }

QAction *AlertsView::triageAction(TriageStore::Action action) const
{
    for (const auto &p : m_triageActs)
        if (p.first == action) return p.second;
    return nullptr;
}

void AlertsView::saveLayout() const
{
    QSettings s;
    m_columns->save();
    s.setValue(kGroupHeaderKey, m_groupTable->horizontalHeader()->saveState());
    s.setValue(kSplitKey, m_split->saveState());
    // (a pane that never showed an alert was never laid out: keep what was remembered)
    if (m_detail->hasShownAlert()) s.setValue(kDetailSplitKey, m_detail->splitter()->saveState());
    s.setValue(kGroupedKey, isGrouped());
}

void AlertsView::restoreLayout()
{
    QSettings s;
    m_columns->restoreSaved();
    m_groupTable->horizontalHeader()->restoreState(s.value(kGroupHeaderKey).toByteArray());
    if (!m_split->restoreState(s.value(kSplitKey).toByteArray())) {
        // the table gets what its default columns need at 1366 px; the detail pane the rest
        const int w = QFontMetrics(font()).averageCharWidth();
        m_split->setSizes({w * 150, w * 52});
    }
    m_detail->splitter()->restoreState(s.value(kDetailSplitKey).toByteArray());
    m_groupAct->setChecked(s.value(kGroupedKey, false).toBool());
}

void AlertsView::setTimeZone(const QTimeZone &zone)
{
    m_model->setTimeZone(zone);
    m_histogramWidget->setTimeZone(zone);
    m_detail->setTimeZone(zone);
}

bool AlertsView::isGrouped() const { return m_stack->currentWidget() == m_groupTable; }

void AlertsView::setGrouped(bool grouped)
{
    if (m_groupAct->isChecked() != grouped) {
        m_groupAct->setChecked(grouped);  // re-enters through toggled
        return;
    }
    m_stack->setCurrentWidget(grouped ? static_cast<QWidget *>(m_groupTable) : m_table);
    m_window->setVisible(grouped);
    // grouped, triage acts on every alert of the current group (with the count in a confirmation)
    m_retryAct->setEnabled(!grouped);
    if (grouped) {
        m_groups->setWindowSeconds(m_window->currentData().toLongLong());
        m_groups->setFilter(m_model->filter());
        m_groups->refresh();
    }
    (grouped ? m_groupTable : m_table)->setFocus();
    m_place->setGrouped(grouped);
    updateCount();
}

bool AlertsView::applyFilterText(const QString &text) { return m_filter->setTextAndApply(text); }

void AlertsView::showAlert(qint64 id)
{
    if (id <= 0) return;
    if (isGrouped()) setGrouped(false);
    // select it when the filtered first page is in (the query runs off the GUI thread)
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(m_model, &AlertListModel::firstRowsLoaded, this, [this, id, conn](int rows, qint64) {
        QObject::disconnect(*conn);
        for (int r = 0; r < rows; ++r) {
            if (m_model->alertId(r) != id) continue;
            m_table->setCurrentIndex(m_model->index(r, 0));
            m_table->selectRow(r);
            return;
        }
        Q_EMIT statusMessage(tr("Alert #%1 is not in the database (deleted by retention?)").arg(id), 10000);
    });
    applyFilterText(QStringLiteral("id:%1").arg(id));
}

void AlertsView::onFilterApplied(const AlertFilter &filter, const QString &)
{
    // another filter: the alert shown may not be in it; nothing is shown until the analyst picks one
    m_detailTimer.stop();
    m_detail->clear();
    m_firstRowsIn = false;
    m_model->setFilter(filter);
    m_histogram->setFilter(filter);
    m_range->showFilter(filter);
    if (isGrouped()) {
        m_groups->setFilter(filter);
        m_groups->refresh();
    }
    m_table->scrollToTop();
    m_table->setFocus(Qt::OtherFocusReason);
}

void AlertsView::updateCount()
{
    const QLocale loc;
    if (isGrouped()) {
        m_count->setText(tr("%n group(s) of similar alerts", "", m_groups->rowCount()));
        return;
    }
    const int n = m_model->rowCount();
    if (m_model->isCountExact()) m_count->setText(tr("%Ln alert(s)", "", n));
    else m_count->setText(tr("%1+ alerts (counting…)").arg(loc.toString(n)));
}

void AlertsView::moveCurrent(int delta)
{
    QTableView *t = isGrouped() ? m_groupTable : m_table;
    const int rows = t->model()->rowCount();
    if (rows == 0) return;
    const QModelIndex cur = t->currentIndex();
    const int row = cur.isValid() ? std::clamp(cur.row() + delta, 0, rows - 1) : 0;
    const QModelIndex idx = t->model()->index(row, cur.isValid() ? cur.column() : 0);
    t->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    t->scrollTo(idx);
    if (!t->hasFocus() && !m_detail->isAncestorOf(focusWidget())) t->setFocus();
}

void AlertsView::openDetails()
{
    if (isGrouped()) {
        const QModelIndex idx = m_groupTable->currentIndex();
        if (idx.isValid()) Q_EMIT m_groupTable->activated(idx);
        return;
    }
    if (!m_table->currentIndex().isValid()) return;
    QList<int> sizes = m_split->sizes();
    if (sizes.size() == 2 && sizes[1] == 0) m_split->setSizes({sizes[0] * 3 / 5, sizes[0] * 2 / 5});
    m_detailTimer.stop();
    loadDetails();
    m_detail->focusTree();
}

void AlertsView::onCurrentChanged() { m_detailTimer.start(); }

void AlertsView::loadDetails()
{
    const QModelIndex cur = m_table->currentIndex();
    const qint64 id = cur.isValid() ? m_model->alertId(cur.row()) : 0;
    if (id == 0) {
        if (!cur.isValid()) m_detail->clear();
        return;  // not loaded yet: rowsLoaded retries
    }
    if (id == m_detail->alertId()) return;
    m_detail->showLoading(id);
    m_model->requestDetails(id);
    loadHistory(id);
}

void AlertsView::loadHistory(qint64 id)
{
    if (!m_triage) return;
    // both off the GUI thread; moving on to the next alert cancels what is still running for this one
    m_triage->requestHistory(id);
    m_triage->requestStageStatus(id);  // failed in which stage, and why
}

QList<qint64> AlertsView::selectedFailedAlertIds() const
{
    QList<qint64> ids;
    if (isGrouped()) return ids;
    QList<int> rows;
    for (const QModelIndex &r : m_table->selectionModel()->selectedRows()) rows << r.row();
    if (rows.isEmpty() && m_table->currentIndex().isValid()) rows << m_table->currentIndex().row();
    for (int row : rows) {
        const QModelIndex idx = m_model->index(row, 0);
        const qint64 id = m_model->alertId(row);
        if (id != 0 && idx.data(AlertListModel::PipelineStateRole).toString() == QLatin1String("failed")) ids << id;
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool AlertsView::retrySelected()
{
    if (!m_triage) return false;
    const QList<qint64> ids = selectedFailedAlertIds();
    if (ids.isEmpty()) {
        Q_EMIT statusMessage(tr("The selection has no failed alert to retry."), 5000);
        return false;
    }
    m_triage->retryAsync(ids);
    return true;
}

QList<qint64> AlertsView::selectedAlertIds() const
{
    QList<qint64> ids;
    if (isGrouped()) return ids;
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &r : rows) {
        const qint64 id = m_model->alertId(r.row());
        if (id != 0) ids.append(id);
    }
    if (ids.isEmpty() && m_table->currentIndex().isValid()) {
        const qint64 id = m_model->alertId(m_table->currentIndex().row());
        if (id != 0) ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

QString AlertsView::describeResult(const TriageStore::Result &r)
{
    const int n = int(r.changed.size());
    QString s;
    switch (r.action) {
    case TriageStore::Action::Acknowledge: s = tr("Acknowledged %n alert(s)", "", n); break;
    case TriageStore::Action::FalsePositive: s = tr("Marked %n alert(s) as false positive", "", n); break;
    case TriageStore::Action::Escalate: s = tr("Escalated %n alert(s)", "", n); break;
    case TriageStore::Action::AssignToMe: s = tr("Assigned %n alert(s) to you", "", n); break;
    case TriageStore::Action::Unassign: s = tr("Unassigned %n alert(s)", "", n); break;
    case TriageStore::Action::Reopen: s = tr("Reopened %n alert(s)", "", n); break;
    }
    if (!r.missing.isEmpty()) s += tr(" (%n no longer in the database)", "", int(r.missing.size()));
    return s;
}

bool AlertsView::askReason(TriageStore::Action action, int n, QString *reason)
{
    const bool fp = action == TriageStore::Action::FalsePositive;
    const auto answer = ReasonDialog::ask(
        this, fp ? tr("Mark as False Positive") : tr("Escalate"),
        fp ? tr("Why is this a false positive? (%n alert(s))", "", n) : tr("Why escalate? (%n alert(s))", "", n));
    if (!answer) return false;
    *reason = *answer;
    return true;
}

TriageStore::Result AlertsView::queuedTriage(TriageStore::Action action, int n)
{
    Q_EMIT statusMessage(tr("Applying the triage to %n alert(s)…", "", n), 0);
    m_triageWait.start();
    TriageStore::Result queued;
    queued.action = action;
    return queued;
}

std::optional<TriageStore::Result> AlertsView::triageGroup(TriageStore::Action action)
{
    const QModelIndex cur = m_groupTable->currentIndex();
    QString where;
    QVariantList binds;
    if (!cur.isValid() || !m_groups->selection(cur.row(), &where, &binds)) {
        Q_EMIT statusMessage(tr("Select a group of alerts first."), 5000);
        return std::nullopt;
    }
    const qint64 count = cur.data(AlertGroupModel::CountRole).toLongLong();
    const int n = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
    QString reason;
    if (TriageStore::reasonRequired(action)) {
        // the reason dialog names the count: answering it is the confirmation
        if (!askReason(action, n, &reason)) return std::nullopt;
    } else {
        QString question;
        switch (action) {
        case TriageStore::Action::Acknowledge: question = tr("Acknowledge %Ln alert(s)?", "", n); break;
        case TriageStore::Action::AssignToMe: question = tr("Assign %Ln alert(s) to you?", "", n); break;
        case TriageStore::Action::Unassign: question = tr("Unassign %Ln alert(s)?", "", n); break;
        case TriageStore::Action::Reopen: question = tr("Reopen %Ln alert(s)?", "", n); break;
        default: break;
        }
        QMessageBox box(QMessageBox::Question, tr("Triage a Group"), question, QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("groupTriageConfirmation"));
        box.setInformativeText(tr("Every alert of the group “%1” on agent %2 (%3 not triaged yet); each gets its own "
                                  "row in the audit trail.")
                                   .arg(cur.sibling(cur.row(), AlertGroupModel::DescriptionColumn).data().toString(),
                                        cur.data(AlertGroupModel::AgentIdRole).toString(),
                                        QLocale().toString(cur.data(AlertGroupModel::OpenRole).toLongLong())));
        box.setDefaultButton(QMessageBox::Yes);
        if (box.exec() != QMessageBox::Yes) return std::nullopt;
    }
    m_triage->applyMatchingAsync(action, where, binds, reason);
    return queuedTriage(action, n);
}

std::optional<TriageStore::Result> AlertsView::triage(TriageStore::Action action)
{
    if (!m_triage) return std::nullopt;
    if (isGrouped()) return triageGroup(action);
    const QList<qint64> ids = selectedAlertIds();
    if (ids.isEmpty()) {
        Q_EMIT statusMessage(tr("Select one or more alerts first."), 5000);
        return std::nullopt;
    }
    const int n = int(ids.size());
    QString reason;
    if (TriageStore::reasonRequired(action) && !askReason(action, n, &reason)) return std::nullopt;
    // on the store's worker: the window never waits for the database; applied() reports the outcome
    m_triage->applyAsync(action, ids, reason);
    return queuedTriage(action, n);
}

// The view as it is now, for the Saved Views menu: the filter, the columns by key (shown, hidden, order,
// widths; consoles before the column chooser read "header"), grouping and order.
SavedViewsStore::View AlertsView::currentView() const
{
    SavedViewsStore::View v;
    v.filterText = m_filter->text();
    v.columnLayout.insert(QStringLiteral("columns"), m_columns->layout().value(QStringLiteral("columns")));
    v.columnLayout.insert(QStringLiteral("header"), QString::fromLatin1(m_table->horizontalHeader()->saveState().toBase64()));
    v.columnLayout.insert(QStringLiteral("grouped"), isGrouped());
    v.columnLayout.insert(QStringLiteral("sort"), m_model->sortOrder().toString());
    return v;
}

void AlertsView::applyView(const QString &name, const SavedViewsStore::View &v, const QString &error)
{
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Cannot load view “%1”: %2").arg(name, error), 8000);
        return;
    }
    if (v.columnLayout.contains(QStringLiteral("columns"))) {
        QJsonObject cols;
        cols.insert(QStringLiteral("columns"), v.columnLayout.value(QStringLiteral("columns")));
        m_columns->apply(cols);
    }
    // (a view saved before the column chooser has a "header" by position only: its columns are left as they are)
    // the order first (no reload yet: the filter below reloads once)
    const auto sort = AlertSort::fromString(v.columnLayout.value(QStringLiteral("sort")).toString());
    const AlertSort order = sort.value_or(AlertSort());
    {
        const QSignalBlocker block(m_model);
        m_model->setSort(order);
    }
    {
        const QSignalBlocker block(m_table->horizontalHeader());
        m_table->horizontalHeader()->setSortIndicator(AlertListModel::columnForSortKey(order.key),
                                                      order.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    setGrouped(v.columnLayout.value(QStringLiteral("grouped")).toBool());
    if (applyFilterText(v.filterText)) Q_EMIT statusMessage(tr("Loaded view “%1”").arg(name), 5000);
}


}  // namespace eos

namespace eos {

QLabel *AlertsView::emptyPlaceholder() const { return m_empty; }

void AlertsView::updateEmptyPlaceholder()
{
    const bool empty = m_firstRowsIn && m_model->rowCount() == 0;
    if (empty) {
        const QString filter = m_model->filter().isEmpty() ? QString() : m_model->filter().format();
        m_empty->setText(filter.isEmpty() ? tr("No alerts yet") : tr("No alerts match %1").arg(filter));
    }
    m_empty->setVisible(empty);
}

// The groups count only the chosen window back from now (whatever the time range says): an empty grouped
// view says so rather than looking broken when the alerts are older.
void AlertsView::updateGroupsPlaceholder()
{
    const bool empty = m_groups->rowCount() == 0;
    if (empty)
        m_groupsEmpty->setText(tr("No similar alerts %1. Choose a longer window to group older alerts.").arg(m_window->currentText()));
    m_groupsEmpty->setVisible(empty);
}

QLabel *AlertsView::groupsPlaceholder() const { return m_groupsEmpty; }

void AlertsView::setDashboardUrl(const QString &url) { m_detail->setDashboardUrl(url); }

void AlertsView::exportFiltered()
{
    QString selected;
    const QString csv = tr("CSV, the visible columns (*.csv)");
    const QString ndjson = tr("NDJSON, one whole alert per line (*.ndjson)");
    QSettings s;
    const QString dir = s.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    const QString name = AlertExporter::suggestedFileName(AlertExporter::Format::Csv, QDateTime::currentDateTime());
    QString path = QFileDialog::getSaveFileName(this, tr("Export Filtered Alerts"), QDir(dir).filePath(name),
                                                csv + QStringLiteral(";;") + ndjson, &selected);
    if (path.isEmpty()) return;
    const bool asNdjson = selected == ndjson || path.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive) ||
                          path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive);
    if (asNdjson && path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) path.chop(4);
    if (asNdjson && QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".ndjson");
    s.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    exportTo(path, asNdjson);
}

AlertExportDialog *AlertsView::exportTo(const QString &path, bool ndjson)
{
    AlertExporter::Options o;
    o.format = ndjson ? AlertExporter::Format::Ndjson : AlertExporter::Format::Csv;
    o.path = path;
    o.filter = m_model->filter();
    o.sort = m_model->sortOrder();
    o.zone = m_model->timeZone();
    // the visible columns in the order shown
    const QHeaderView *h = m_table->horizontalHeader();
    for (int v = 0; v < h->count(); ++v) {
        const int c = h->logicalIndex(v);
        if (h->isSectionHidden(c)) continue;
        o.columns << c;
        o.headers << m_model->headerData(c, Qt::Horizontal).toString();
    }
    auto *d = new AlertExportDialog(*m_db, o, this);
    connect(d, &AlertExportDialog::statusMessage, this, &AlertsView::statusMessage);
    d->show();
    d->start();
    return d;
}

}  // namespace eos
