#include "agents_view.h"

#include "agent_list_model.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace eos {
namespace {
const QString kHeaderKey = QStringLiteral("layout/agentsHeader");
}

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
    m_filter->setPlaceholderText(tr("Filter agents by id, name, IP, OS, version, status or group"));
    m_count = new QLabel(this);
    bar->addWidget(m_filter, 1);
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
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm(font());
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + std::max(4, fm.height() / 3));
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    const int pad = fm.averageCharWidth() * 3;
    auto w = [&](const char *sample) { return fm.horizontalAdvance(QString::fromLatin1(sample)) + pad; };
    const int widths[AgentListModel::ColumnCount] = {w("00000"), w("web-server-01.example"), w("192.168.100.200"),
                                                     w("Microsoft Windows Server 2022"), w("Wazuh v4.10.0"), w("never connected"),
                                                     w("2026-12-31 23:59:59"), w("default, linux, webservers"), w("Alerts (24 h)")};
    for (int c = 0; c < AgentListModel::ColumnCount; ++c) m_table->horizontalHeader()->resizeSection(c, widths[c]);
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

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_model->setFilterText(t);
        updateCount();
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_table->setFocus(Qt::ShortcutFocusReason);
        if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0) m_table->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(m_model, &AgentListModel::loaded, this, &AgentsView::updateCount);
    connect(m_model, &AgentListModel::errorOccurred, this, &AgentsView::errorOccurred);
    restoreLayout();
    updateCount();
}

AgentsView::~AgentsView() { saveLayout(); }

QList<QAction *> AgentsView::actions() const { return {m_focusFilter, m_refresh, m_open}; }

void AgentsView::refresh()
{
    m_model->refresh();
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

void AgentsView::saveLayout() const { QSettings().setValue(kHeaderKey, m_table->horizontalHeader()->saveState()); }

void AgentsView::restoreLayout() { m_table->horizontalHeader()->restoreState(QSettings().value(kHeaderKey).toByteArray()); }

}  // namespace eos
