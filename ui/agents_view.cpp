#include "agents_view.h"

#include "agent_list_model.h"
#include "remediation_service.h"
#include "theme.h"

#include <QAction>
#include <QMenu>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace eos {
static_assert(AgentListModel::ColumnCount <= 16, "AgentsView::m_baseWidths holds 16 columns");
namespace {
// v2: the columns of the live Agents view (Since and Node added, status moved to the front)
const QString kHeaderKey = QStringLiteral("layout/agentsHeader2");
// whether the saved widths are the analyst's (a resized column) or the automatic fit of the window they were
// saved from; only the analyst's end the fitting at the next start (a layout saved without it: fitted)
const QString kOwnWidthsKey = QStringLiteral("layout/agentsOwnWidths");

// The status column: a dot in the status colour before the word (the word keeps the view's own text
// colour when the row is selected, so it stays readable on the highlight).
class StatusDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QColor c = index.data(AgentListModel::StatusColorRole).value<QColor>();
        if (!c.isValid()) return;
        const int d = std::max(6, option->fontMetrics.height() / 2);
        const qreal dpr = option->widget ? option->widget->devicePixelRatioF() : 1.0;
        QPixmap dot(QSize(d, d) * dpr);
        dot.setDevicePixelRatio(dpr);
        dot.fill(Qt::transparent);
        QPainter p(&dot);
        p.setRenderHint(QPainter::Antialiasing);
        // on the selection highlight a light ring keeps the dot apart from the blue
        if (option->state & QStyle::State_Selected) p.setPen(QPen(option->palette.color(QPalette::HighlightedText), 1.0));
        else p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(QRectF(0.5, 0.5, d - 1.0, d - 1.0));
        p.end();
        option->icon = QIcon(dot);
        option->decorationSize = QSize(d, d);
        option->features |= QStyleOptionViewItem::HasDecoration;
    }
};
}  // namespace

AgentsView::AgentsView(const DbConnectionInfo &db, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("agentsView"));
    m_model = new AgentListModel(db, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AgentListModel::SortRole);

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("agentFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter agents by id, name, IP, OS, version, status, group or node"));
    m_statusCounts = new QLabel(this);
    m_statusCounts->setObjectName(QStringLiteral("agentStatusCounts"));
    m_statusCounts->setTextFormat(Qt::RichText);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("agentCount"));
    const int gap = QFontMetrics(font()).averageCharWidth() * 2;
    m_statusCounts->setContentsMargins(gap, 0, gap, 0);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_statusCounts);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("agentsTable"));
    m_table->setAccessibleName(tr("Agents"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AgentListModel::IdColumn, Qt::AscendingOrder);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setItemDelegateForColumn(AgentListModel::StatusColumn, new StatusDelegate(this));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm(font());
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + std::max(4, fm.height() / 3));
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    const int pad = fm.averageCharWidth() * 3;
    auto w = [&](const char *sample) { return fm.horizontalAdvance(QString::fromLatin1(sample)) + pad; };
    const int dot = std::max(6, fm.height() / 2) + fm.averageCharWidth();
    const int widths[AgentListModel::ColumnCount] = {w("00000"), w("wazuh-manager (manager)"), w("Never connected") + dot,
                                                     w("2026-12-31 23:59:59"), w("59 min ago"), w("Microsoft Windows Server 2022"),
                                                     w("192.168.100.200"), w("Wazuh v4.10.0"), w("default, linux, webservers"),
                                                     w("node01"), w("Alerts (24 h)")};
    for (int c = 0; c < AgentListModel::ColumnCount; ++c) {
        m_baseWidths[c] = widths[c];
        m_table->horizontalHeader()->resizeSection(c, widths[c]);
    }
    m_minElastic = w("wazuh-mana…");
    // the analyst's own widths (or a restored layout) end the automatic fitting
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
        if (!m_fitting) m_userWidths = true;
    });
    layout->addWidget(m_table, 1);
    setFocusProxy(m_table);

    m_focusFilter = new QAction(tr("Focus the Agent Filter"), this);
    m_focusFilter->setShortcut(QKeySequence(Qt::Key_Slash));
    m_focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_focusFilter);
    connect(m_focusFilter, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    m_refresh = new QAction(tr("Refresh Agents"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_refresh);
    connect(m_refresh, &QAction::triggered, this, &AgentsView::refresh);
    m_open = new QAction(tr("Show the Agent's Alerts"), this);
    m_open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_open->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(m_open);
    connect(m_open, &QAction::triggered, this, [this] { activate(m_table->currentIndex()); });
    connect(m_table, &QTableView::doubleClicked, this, &AgentsView::activate);
    m_restart = new QAction(tr("&Restart Agent…"), this);
    m_restart->setObjectName(QStringLiteral("restartAgentAction"));
    m_restart->setShortcut(QKeySequence(Qt::Key_R));
    m_restart->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_restart->setToolTip(tr("Restart the selected agent through the Wazuh API (with confirmation)"));
    m_restart->setVisible(false);
    addAction(m_restart);
    connect(m_restart, &QAction::triggered, this, [this] {
        RemediationPlan plan;
        QString why;
        if (restartPlanForCurrent(&plan, &why)) Q_EMIT remediationRequested(plan);
        else Q_EMIT errorOccurred(tr("Cannot restart: %1").arg(why));
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_table->indexAt(pos);
        if (!idx.isValid()) return;
        m_table->setCurrentIndex(idx);
        QMenu menu(this);
        menu.addAction(m_open);
        if (m_remediation) {
            RemediationPlan plan;
            QString why;
            const bool ok = restartPlanForCurrent(&plan, &why);
            m_restart->setEnabled(ok);
            m_restart->setText(ok ? tr("&Restart Agent…") : tr("Restart Agent (not offered: %1)").arg(why));
            menu.addSeparator();
            menu.addAction(m_restart);
        }
        menu.exec(m_table->viewport()->mapToGlobal(pos));
        m_restart->setEnabled(true);
        m_restart->setText(tr("&Restart Agent…"));
    });

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_model->setFilterText(t);
        updateCount();
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_table->setFocus(Qt::ShortcutFocusReason);
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0) m_table->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_model, &AgentListModel::loaded, this, &AgentsView::updateCount);
    connect(m_model, &AgentListModel::statusCountsChanged, this, &AgentsView::updateStatusCounts);
    connect(m_model, &AgentListModel::errorOccurred, this, &AgentsView::errorOccurred);
    connect(m_model, &AgentListModel::listeningChanged, this, [this](bool listening) {
        m_count->setToolTip(listening ? tr("Live: updated when the Wazuh API reports a change")
                                      : tr("Live updates unavailable: the list is reloaded every minute"));
    });
    restoreLayout();
    updateCount();
    updateStatusCounts();
    m_model->startLive();
}

AgentsView::~AgentsView() { saveLayout(); }

QList<QAction *> AgentsView::actions() const { return {m_focusFilter, m_refresh, m_open, m_restart}; }

void AgentsView::setRemediation(RemediationService *service)
{
    m_remediation = service;
    m_restart->setVisible(service != nullptr);
}

bool AgentsView::restartPlanForCurrent(RemediationPlan *plan, QString *why) const
{
    if (!m_remediation) {
        *why = tr("remediation is not available");
        return false;
    }
    const QModelIndex cur = m_table->currentIndex();
    if (!cur.isValid()) {
        *why = tr("no agent selected");
        return false;
    }
    const QString id = cur.data(AgentListModel::AgentIdRole).toString();
    const QString name = cur.siblingAtColumn(AgentListModel::NameColumn).data().toString();
    return m_remediation->restartPlan(id, name, plan, why);
}

void AgentsView::refresh()
{
    m_model->refresh();
}

void AgentsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_userWidths) fitColumns();
}

// Default widths that fit the view without horizontal scrolling: the name, OS and groups columns give
// up room first (down to a readable minimum) and take the slack of a wide window.
void AgentsView::fitColumns()
{
    QHeaderView *h = m_table->horizontalHeader();
    const int avail = m_table->viewport()->width() - 2;
    if (avail <= 0) return;
    const int elastic[] = {AgentListModel::NameColumn, AgentListModel::OsColumn, AgentListModel::GroupsColumn};
    int fixed = 0, flexible = 0;
    for (int c = 0; c < AgentListModel::ColumnCount; ++c) {
        if (h->isSectionHidden(c)) continue;
        if (std::find(std::begin(elastic), std::end(elastic), c) != std::end(elastic)) flexible += m_baseWidths[c];
        else fixed += m_baseWidths[c];
    }
    if (flexible <= 0) return;
    const double scale = std::max(0.0, double(avail - fixed)) / double(flexible);
    m_fitting = true;
    for (int c = 0; c < AgentListModel::ColumnCount; ++c) h->resizeSection(c, m_baseWidths[c]);
    for (int c : elastic) h->resizeSection(c, std::max(m_minElastic, int(m_baseWidths[c] * scale)));
    m_fitting = false;
}

void AgentsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();  // agents change rarely; a cheap reload whenever the view is shown keeps counts fresh
}

void AgentsView::activate(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid()) return;
    const QModelIndex src = m_proxy->mapToSource(proxyIndex);
    const QString id = src.siblingAtColumn(0).data(AgentListModel::AgentIdRole).toString();
    QString filter = src.siblingAtColumn(0).data(AgentListModel::FilterTextRole).toString();
    if (filter.isEmpty() && !id.isEmpty()) filter = QStringLiteral("agent:") + id;
    Q_EMIT agentActivated(id, filter);
}

void AgentsView::updateCount()
{
    const QLocale loc;
    if (m_model->filterText().isEmpty()) m_count->setText(tr("%1 agents").arg(loc.toString(m_model->totalCount())));
    else
        m_count->setText(tr("%1 of %2 agents").arg(loc.toString(m_model->rowCount()), loc.toString(m_model->totalCount())));
}

void AgentsView::updateStatusCounts()
{
    // "● Active 18 · ● Disconnected 2 · ● Never connected 1", each dot in its status colour
    const QMap<QString, int> counts = m_model->statusCounts();
    const bool dark = Theme::isDark(palette());
    const QLocale loc;
    QStringList parts;
    for (const QString &s : AgentListModel::statusOrder()) {
        const int n = counts.value(s);
        if (n == 0) continue;
        parts << QStringLiteral("<span style=\"color:%1\">\u25CF</span> %2 %3")
                     .arg(AgentListModel::statusColor(s, dark).name(), AgentListModel::statusLabel(s).toHtmlEscaped(), loc.toString(n));
    }
    m_statusCounts->setText(parts.join(QStringLiteral(" · ")));
    m_statusCounts->setAccessibleName(m_model->statusSummary());
    m_statusCounts->setVisible(!parts.isEmpty());
}

void AgentsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) updateStatusCounts();  // light ↔ dark: the dots' colours
}

void AgentsView::saveLayout() const
{
    QSettings settings;
    settings.setValue(kHeaderKey, m_table->horizontalHeader()->saveState());
    settings.setValue(kOwnWidthsKey, m_userWidths);
}

void AgentsView::restoreLayout()
{
    // the column order and hidden columns always come back; the widths end the fitting only when the analyst
    // had set them (fitted widths saved from another window size overflowed a 1366 px window: they were taken
    // for the analyst's)
    const QSettings settings;
    m_fitting = true;
    const bool restored = m_table->horizontalHeader()->restoreState(settings.value(kHeaderKey).toByteArray());
    m_fitting = false;
    m_userWidths = restored && settings.value(kOwnWidthsKey, false).toBool();
    if (!m_userWidths) fitColumns();
}

}  // namespace eos
