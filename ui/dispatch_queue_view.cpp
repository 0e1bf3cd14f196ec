#include "dispatch_queue_view.h"

#include "dispatch_queue_model.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QFontMetrics>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace eos {

DispatchQueueView::DispatchQueueView(const DbConnectionInfo &db, const QString &actor, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("dispatchQueueView"));
    m_model = new DispatchQueueModel(db, actor, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DispatchQueueModel::SortRole);

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    auto *routeLabel = new QLabel(tr("&Route:"), this);
    m_routeBox = new QComboBox(this);
    m_routeBox->setObjectName(QStringLiteral("dispatchRouteFilter"));
    routeLabel->setBuddy(m_routeBox);
    auto *stateLabel = new QLabel(tr("&State:"), this);
    m_stateBox = new QComboBox(this);
    m_stateBox->setObjectName(QStringLiteral("dispatchStateFilter"));
    stateLabel->setBuddy(m_stateBox);
    m_stateBox->addItem(tr("All states"), QString());
    for (const QString &s : DispatchQueueModel::states()) m_stateBox->addItem(DispatchQueueModel::stateLabel(s), s);
    fillRoutes();

    m_approve = new QAction(tr("&Approve"), this);
    m_approve->setObjectName(QStringLiteral("dispatchApprove"));
    m_approve->setToolTip(tr("Send the selected dispatches waiting for review"));
    m_retry = new QAction(tr("Retry &now"), this);
    m_retry->setObjectName(QStringLiteral("dispatchRetry"));
    m_retry->setToolTip(tr("Send the selected failed, dead, cancelled or pending dispatches now (attempts start again)"));
    m_cancel = new QAction(tr("&Cancel dispatch"), this);
    m_cancel->setObjectName(QStringLiteral("dispatchCancel"));
    m_cancel->setToolTip(tr("Do not send the selected dispatches"));
    m_refresh = new QAction(tr("Re&fresh"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_refresh);
    m_count = new QLabel(this);
    bar->addWidget(routeLabel);
    bar->addWidget(m_routeBox);
    bar->addSpacing(12);
    bar->addWidget(stateLabel);
    bar->addWidget(m_stateBox);
    bar->addStretch(1);
    bar->addWidget(m_count);
    for (QAction *a : {m_approve, m_retry, m_cancel}) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->addWidget(b);
    }
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("dispatchTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DispatchQueueModel::IdColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    {  // every header readable in every language (the default 100 px cut "Nächster Versuch")
        QHeaderView *h = m_table->horizontalHeader();
        const QFontMetrics fm(h->font());
        for (int c = 0; c < m_proxy->columnCount(); ++c) {
            const QString title = m_proxy->headerData(c, Qt::Horizontal).toString();
            h->resizeSection(c, std::max(h->sectionSize(c), fm.horizontalAdvance(title) + fm.averageCharWidth() * 4));
        }
    }
    m_tabs = new QTabWidget(split);
    auto mono = [this](const QString &name) {
        auto *e = new QPlainTextEdit(m_tabs);
        e->setObjectName(name);
        e->setReadOnly(true);
        e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
        return e;
    };
    m_payload = mono(QStringLiteral("dispatchPayload"));
    m_response = mono(QStringLiteral("dispatchResponse"));
    m_history = mono(QStringLiteral("dispatchHistory"));
    m_tabs->addTab(m_payload, tr("Payload as sent"));
    m_tabs->addTab(m_response, tr("Response"));
    m_tabs->addTab(m_history, tr("Attempts"));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_routeBox, &QComboBox::activated, this, [this] { m_model->setRouteFilter(m_routeBox->currentData().toString()); });
    connect(m_stateBox, &QComboBox::activated, this, [this] { m_model->setStateFilter(m_stateBox->currentData().toString()); });
    connect(m_model, &DispatchQueueModel::routesChanged, this, &DispatchQueueView::fillRoutes);
    connect(m_model, &DispatchQueueModel::errorOccurred, this, &DispatchQueueView::errorOccurred);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keepSelection = selectedIds(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        for (qint64 id : std::as_const(m_keepSelection)) selectId(id);
        m_keepSelection.clear();
    });
    connect(m_model, &DispatchQueueModel::loaded, this, [this] {
        if (!m_sized && m_model->rowCount() > 0) {
            // once, when the first rows are there: columns fit their content, the alert gets the room
            m_sized = true;
            m_table->resizeColumnsToContents();
            m_table->setColumnWidth(DispatchQueueModel::AlertColumn,
                                    std::min(m_table->columnWidth(DispatchQueueModel::AlertColumn), fontMetrics().averageCharWidth() * 70));
        }
        m_count->setText(tr("%n dispatch(es)", nullptr, m_model->rowCount()));
        updateDetails();
        updateActions();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_approve, &QAction::triggered, this, [this] { run(int(DispatchQueueModel::Action::Approve)); });
    connect(m_retry, &QAction::triggered, this, [this] { run(int(DispatchQueueModel::Action::Retry)); });
    connect(m_cancel, &QAction::triggered, this, [this] { run(int(DispatchQueueModel::Action::Cancel)); });
    connect(m_refresh, &QAction::triggered, m_model, &DispatchQueueModel::refresh);
    updateActions();
}

DispatchQueueView::~DispatchQueueView() = default;

QList<QAction *> DispatchQueueView::actions() const { return {m_approve, m_retry, m_cancel, m_refresh}; }

void DispatchQueueView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_started) {
        m_started = true;
        m_model->startLive();
    }
}

void DispatchQueueView::fillRoutes()
{
    const QString current = m_routeBox->currentData().toString();
    m_routeBox->clear();
    m_routeBox->addItem(tr("All routes"), QString());
    for (const QString &r : m_model->routes()) m_routeBox->addItem(r, r);
    const int i = m_routeBox->findData(current);
    m_routeBox->setCurrentIndex(i < 0 ? 0 : i);
}

QList<qint64> DispatchQueueView::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows()) ids << i.data(DispatchQueueModel::OutboxIdRole).toLongLong();
    return ids;
}

void DispatchQueueView::selectId(qint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0) return;
    const QModelIndex p = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->select(p, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    if (!m_table->currentIndex().isValid()) m_table->selectionModel()->setCurrentIndex(p, QItemSelectionModel::NoUpdate);
}

void DispatchQueueView::updateActions()
{
    bool approve = false, retry = false, cancel = false;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows()) {
        const QString st = i.data(DispatchQueueModel::StateRole).toString();
        approve |= DispatchQueueModel::allowed(DispatchQueueModel::Action::Approve, st);
        retry |= DispatchQueueModel::allowed(DispatchQueueModel::Action::Retry, st);
        cancel |= DispatchQueueModel::allowed(DispatchQueueModel::Action::Cancel, st);
    }
    m_approve->setEnabled(approve);
    m_retry->setEnabled(retry);
    m_cancel->setEnabled(cancel);
}

void DispatchQueueView::updateDetails()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const DispatchQueueModel::Row *r = rows.size() == 1 ? m_model->rowAt(m_proxy->mapToSource(rows.first()).row()) : nullptr;
    if (!r) {
        m_payload->setPlainText(rows.isEmpty() ? tr("Select a dispatch to see what was sent.") : tr("%n dispatch(es) selected.", nullptr, int(rows.size())));
        m_response->clear();
        m_history->clear();
        return;
    }
    m_payload->setPlainText(r->payload.isEmpty() ? tr("Not sent yet.") : r->payload);
    QString resp;
    if (r->responseStatus) resp = tr("HTTP %1").arg(r->responseStatus) + QStringLiteral("\n\n");
    resp += r->response;
    if (!r->error.isEmpty()) resp += QStringLiteral("\n\n") + tr("Error: %1").arg(r->error);
    if (r->outcomeUnknown) resp += QStringLiteral("\n\n") + tr("The last attempt may have reached the service; the next one checks before sending again.");
    m_response->setPlainText(resp.trimmed());
    QStringList lines;
    for (const auto &h : r->history) {
        const QJsonObject o = h.toObject();
        lines << QStringLiteral("%1  %2  %3%4%5")
                     .arg(o.value(QStringLiteral("at")).toString(), o.value(QStringLiteral("result")).toString(),
                          o.value(QStringLiteral("status")).toInt() ? QStringLiteral("HTTP %1").arg(o.value(QStringLiteral("status")).toInt()) : QString(),
                          o.value(QStringLiteral("error")).toString().isEmpty() ? QString() : QStringLiteral("  ") + o.value(QStringLiteral("error")).toString(),
                          QStringLiteral("  (") + o.value(QStringLiteral("by")).toString() + u')');
    }
    m_history->setPlainText(lines.isEmpty() ? tr("No attempts yet.") : lines.join(u'\n'));
}

void DispatchQueueView::run(int action)
{
    const auto a = DispatchQueueModel::Action(action);
    QList<qint64> ids;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        if (DispatchQueueModel::allowed(a, i.data(DispatchQueueModel::StateRole).toString()))
            ids << i.data(DispatchQueueModel::OutboxIdRole).toLongLong();
    if (ids.isEmpty()) return;
    m_model->act(a, ids, [this, a](int changed, const QString &error) {
        if (!error.isEmpty()) return;
        const QString what = a == DispatchQueueModel::Action::Approve ? tr("Approved %n dispatch(es)", nullptr, changed)
                             : a == DispatchQueueModel::Action::Retry ? tr("Retrying %n dispatch(es) now", nullptr, changed)
                                                                      : tr("Cancelled %n dispatch(es)", nullptr, changed);
        Q_EMIT statusMessage(what, 5000);
    });
}

}  // namespace eos
