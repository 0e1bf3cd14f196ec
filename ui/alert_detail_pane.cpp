#include "alert_detail_pane.h"

#include "json_tree_model.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace eos {

AlertDetailPane::AlertDetailPane(QWidget *parent) : QWidget(parent), m_zone(QTimeZone::systemTimeZone())
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont tf = m_title->font();
    tf.setBold(true);
    m_title->setFont(tf);
    layout->addWidget(m_title);

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("detailSplitter"));
    m_split->setChildrenCollapsible(false);
    layout->addWidget(m_split, 1);

    m_tree = new QTreeView(m_split);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_json = new JsonTreeModel(this);
    m_tree->setModel(m_json);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(0, QFontMetrics(font()).averageCharWidth() * 24);
    m_tree->setAccessibleName(tr("Alert fields"));

    auto *logBox = new QWidget(m_split);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(new QLabel(tr("Full log"), logBox));
    m_fullLog = new QPlainTextEdit(logBox);
    m_fullLog->setReadOnly(true);
    m_fullLog->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fullLog->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_fullLog->setPlaceholderText(tr("This alert has no full_log."));
    logLayout->addWidget(m_fullLog);

    auto *histBox = new QWidget(m_split);
    auto *histLayout = new QVBoxLayout(histBox);
    histLayout->setContentsMargins(0, 0, 0, 0);
    histLayout->addWidget(new QLabel(tr("Triage history"), histBox));
    m_history = new QTreeWidget(histBox);
    m_history->setObjectName(QStringLiteral("triageHistory"));
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setHeaderLabels({tr("When"), tr("Who"), tr("What"), tr("Why")});
    m_history->header()->setStretchLastSection(true);
    // the history of one alert is a handful of rows: sizing to contents is cheap here
    for (int c = 0; c < 3; ++c) m_history->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    histLayout->addWidget(m_history);
    m_split->setStretchFactor(0, 5);
    m_split->setStretchFactor(1, 2);
    m_split->setStretchFactor(2, 2);

    m_copyValue = new QAction(tr("Copy &Value"), this);
    m_copyValue->setShortcut(QKeySequence::Copy);
    m_copyValue->setShortcutContext(Qt::WidgetShortcut);
    m_copyPath = new QAction(tr("Copy Field &Path"), this);
    m_copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPath->setShortcutContext(Qt::WidgetShortcut);
    m_filterOn = new QAction(tr("&Filter on This Value"), this);
    m_filterOn->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    m_filterOn->setShortcutContext(Qt::WidgetShortcut);
    m_back = new QAction(tr("Back to the Alert List"), this);
    m_back->setShortcut(QKeySequence(Qt::Key_Escape));
    m_back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(m_copyValue);
    m_tree->addAction(m_copyPath);
    m_tree->addAction(m_filterOn);
    addAction(m_back);
    connect(m_copyValue, &QAction::triggered, this, &AlertDetailPane::copyValue);
    connect(m_copyPath, &QAction::triggered, this, &AlertDetailPane::copyPath);
    connect(m_filterOn, &QAction::triggered, this, &AlertDetailPane::filterOnValue);
    connect(m_back, &QAction::triggered, this, &AlertDetailPane::backToListRequested);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_tree->indexAt(pos);
        if (!idx.isValid()) return;
        m_tree->setCurrentIndex(idx);
        m_filterOn->setEnabled(!currentValueIndex().data(JsonTreeModel::FilterTermRole).toString().isEmpty());
        QMenu menu(this);
        menu.addAction(m_copyValue);
        menu.addAction(m_copyPath);
        menu.addSeparator();
        menu.addAction(m_filterOn);
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
        m_filterOn->setEnabled(true);
    });
    clear();
}

QList<QAction *> AlertDetailPane::treeActions() const { return {m_copyValue, m_copyPath, m_filterOn, m_back}; }

void AlertDetailPane::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    showHistory(m_entries);
}

void AlertDetailPane::clear()
{
    m_id = 0;
    m_title->setText(tr("No alert selected"));
    m_json->clear();
    m_fullLog->clear();
    m_history->clear();
    m_entries.clear();
}

void AlertDetailPane::showLoading(qint64 id)
{
    if (id != m_id) {
        m_json->clear();
        m_fullLog->clear();
        m_history->clear();
        m_entries.clear();
    }
    m_id = id;
    m_title->setText(tr("Alert %1 (loading…)").arg(id));
}

void AlertDetailPane::showDetails(qint64 id, const QByteArray &json, const QString &fullLog)
{
    if (id != m_id) return;
    QString error;
    if (!m_json->setJson(json, &error)) {
        showError(id, error);
        return;
    }
    const QJsonDocument doc = m_json->document();
    const QString desc = doc[QStringLiteral("rule")][QStringLiteral("description")].toString();
    m_title->setText(desc.isEmpty() ? tr("Alert %1").arg(id) : tr("Alert %1: %2").arg(id).arg(desc));
    m_tree->expandToDepth(0);
    m_fullLog->setPlainText(fullLog);
}

void AlertDetailPane::showError(qint64 id, const QString &message)
{
    if (id != m_id) return;
    m_title->setText(tr("Alert %1 cannot be shown: %2").arg(id).arg(message));
}

QString AlertDetailPane::actionLabel(const QString &action)
{
    if (action == QLatin1String("acknowledge")) return tr("Acknowledged");
    if (action == QLatin1String("false_positive")) return tr("Marked false positive");
    if (action == QLatin1String("escalate")) return tr("Escalated");
    if (action == QLatin1String("assign")) return tr("Assigned");
    if (action == QLatin1String("unassign")) return tr("Unassigned");
    if (action == QLatin1String("reopen")) return tr("Reopened");
    return action;
}

void AlertDetailPane::showHistory(const QList<TriageStore::HistoryEntry> &history, const QString &error)
{
    m_entries = history;
    m_history->clear();
    if (!error.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_history, {tr("History unavailable: %1").arg(error)});
        item->setFirstColumnSpanned(true);
        item->setDisabled(true);
        return;
    }
    for (const auto &h : history) {
        QString what = actionLabel(h.action);
        const QString assignee = h.details.value(QStringLiteral("assigned_to")).toString();
        if (h.action == QLatin1String("assign") && !assignee.isEmpty()) what = tr("Assigned to %1").arg(assignee);
        auto *item = new QTreeWidgetItem(m_history, {h.at.toTimeZone(m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                                     h.actor, what, h.reason});
        item->setToolTip(3, h.reason);
    }
    if (history.isEmpty() && m_id != 0) {
        auto *item = new QTreeWidgetItem(m_history, {tr("Not triaged yet")});
        item->setFirstColumnSpanned(true);
        item->setDisabled(true);
    }
}

void AlertDetailPane::focusTree()
{
    m_tree->setFocus(Qt::ShortcutFocusReason);
    if (!m_tree->currentIndex().isValid() && m_json->rowCount() > 0) m_tree->setCurrentIndex(m_json->index(0, 0));
}

QModelIndex AlertDetailPane::currentValueIndex() const
{
    const QModelIndex cur = m_tree->currentIndex();
    return cur.isValid() ? cur.siblingAtColumn(JsonTreeModel::ValueColumn) : QModelIndex();
}

void AlertDetailPane::copyValue()
{
    const QModelIndex idx = currentValueIndex();
    if (idx.isValid()) QApplication::clipboard()->setText(idx.data(JsonTreeModel::ValueTextRole).toString());
}

void AlertDetailPane::copyPath()
{
    const QModelIndex idx = currentValueIndex();
    if (idx.isValid()) QApplication::clipboard()->setText(idx.data(JsonTreeModel::PathRole).toString());
}

void AlertDetailPane::filterOnValue()
{
    const QString term = currentValueIndex().data(JsonTreeModel::FilterTermRole).toString();
    if (!term.isEmpty()) Q_EMIT filterOnTermRequested(term);
}

}  // namespace eos
