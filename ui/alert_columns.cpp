#include "alert_columns.h"

#include "alert_group_model.h"
#include "alert_labels.h"
#include "alert_list_model.h"
#include "column_layout.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QJsonDocument>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTableView>

#include <algorithm>

namespace eos {
namespace {

// the columns by key (ColumnLayout); "layout/alertsHeader" (a QHeaderView state by position) is no
// longer read: its positions predate the Assignee column
const QString kColumnsKey = QStringLiteral("layout/alertsColumns");

QStringList columnKeys()
{
    QStringList keys;
    for (int c = 0; c < AlertListModel::ColumnCount; ++c) keys << AlertListModel::columnKey(c);
    return keys;
}

}  // namespace

AlertColumns::AlertColumns(QTableView *table, QTableView *groupTable, QObject *parent)
    : QObject(parent), m_table(table), m_groupTable(groupTable)
{
    QHeaderView *h = m_table->horizontalHeader();
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(h, &QHeaderView::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = createMenu(m_table);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->horizontalHeader()->mapToGlobal(pos));
    });
    connect(h, &QHeaderView::sectionMoved, this, [this] {
        if (!m_applying) save();
    });
}

QList<int> AlertColumns::defaultHidden()
{
    // time, level, description, agent, source IP, groups, state and assignee fit at 1366 px; the rest is
    // one click away in the column chooser
    return {AlertListModel::RuleIdColumn, AlertListModel::MitreColumn, AlertListModel::RiskColumn};
}

void AlertColumns::fitWidths()
{
    // widths from the font's real advances of typical contents and of the header's own label (with its
    // sort indicator where the column sorts), never from measuring rows: time, level, description, agent,
    // source IP, groups, state and assignee fit a 1366 px window beside the detail pane
    const QFontMetrics fm(m_table->font());
    const int pad = fm.averageCharWidth() * 2;
    auto w = [&](const QString &sample) { return fm.horizontalAdvance(sample) + pad; };
    auto wl = [&](const char *sample) { return w(QString::fromLatin1(sample)); };
    const QFontMetrics hfm(m_table->horizontalHeader()->font());
    const QAbstractItemModel *model = m_table->model();
    auto header = [&](int column) {
        const int mark = AlertListModel::sortKeyForColumn(column)
                             ? m_table->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, m_table) + 4 : 0;
        return hfm.horizontalAdvance(model->headerData(column, Qt::Horizontal).toString()) + hfm.averageCharWidth() * 2 + mark;
    };
    // bold: escalated rows are painted bold, and their time must not be cut
    QFont bold = m_table->font();
    bold.setBold(true);
    const int time = QFontMetrics(bold).horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")) + pad;
    // the state chip: the longest state word in the current language, plus the chip's padding
    int state = 0;
    for (const char *t : {"acknowledged", "false_positive", "escalated"})
        state = std::max(state, w(AlertLabels::stateColumn(QString::fromLatin1(t), QString(), QString())));
    for (const char *p : {"new", "agent_enriched", "failed"})
        state = std::max(state, w(AlertLabels::pipelineState(QString::fromLatin1(p))));
    state += fm.averageCharWidth();
    auto *h = m_table->horizontalHeader();
    const int widths[AlertListModel::ColumnCount] = {time, wl("12"), wl("100002"), wl("sshd: brute force trying"),
                                                     wl("web-01 (001)"), wl("203.0.113.255"), wl("syslog, sshd"),
                                                     wl("T1059, T1190"), state, wl("Critical"), wl("j.doe")};
    for (int c = 0; c < AlertListModel::ColumnCount; ++c)
        if (c != AlertListModel::DescriptionColumn) h->resizeSection(c, std::max(widths[c], header(c)));
    auto *g = m_groupTable->horizontalHeader();
    const QAbstractItemModel *groups = m_groupTable->model();
    const int gw[AlertGroupModel::ColumnCount] = {wl("100002"), wl("Level"), 0, wl("web-01 (001)"), wl("100,000"), wl("100,000"),
                                                  time, time};
    for (int c = 0; c < AlertGroupModel::ColumnCount; ++c)
        if (c != AlertGroupModel::DescriptionColumn)
            g->resizeSection(c, std::max(gw[c], hfm.horizontalAdvance(groups->headerData(c, Qt::Horizontal).toString()) + pad * 2));
}

void AlertColumns::reset()
{
    m_applying = true;
    QHeaderView *h = m_table->horizontalHeader();
    for (int c = 0; c < AlertListModel::ColumnCount; ++c) {
        const int from = h->visualIndex(c);
        if (from != c) h->moveSection(from, c);
        h->setSectionHidden(c, defaultHidden().contains(c));
    }
    fitWidths();
    m_applying = false;
    save();
}

QJsonObject AlertColumns::layout() const
{
    return ColumnLayout::save(m_table->horizontalHeader(), columnKeys(), AlertListModel::DescriptionColumn);
}

bool AlertColumns::apply(const QJsonObject &layout)
{
    m_applying = true;
    const bool ok = ColumnLayout::restore(m_table->horizontalHeader(), columnKeys(), layout, AlertListModel::DescriptionColumn);
    m_applying = false;
    if (ok) save();
    return ok;
}

void AlertColumns::setVisible(int column, bool visible)
{
    if (column < 0 || column >= AlertListModel::ColumnCount) return;
    QHeaderView *h = m_table->horizontalHeader();
    if (!visible && h->count() - h->hiddenSectionCount() <= 1) return;  // never a table without columns
    if (h->isSectionHidden(column) == !visible) return;
    h->setSectionHidden(column, !visible);
    if (visible && column != AlertListModel::DescriptionColumn && h->sectionSize(column) < h->minimumSectionSize() * 2)
        h->resizeSection(column, h->defaultSectionSize());
    save();
}

QMenu *AlertColumns::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("Columns"), parent);
    menu->setObjectName(QStringLiteral("columnChooser"));
    menu->setToolTipsVisible(true);
    QHeaderView *h = m_table->horizontalHeader();
    const int visible = h->count() - h->hiddenSectionCount();
    for (int v = 0; v < h->count(); ++v) {
        const int column = h->logicalIndex(v);
        QAction *a = menu->addAction(m_table->model()->headerData(column, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!h->isSectionHidden(column));
        a->setData(column);
        a->setEnabled(!(a->isChecked() && visible <= 1));
        connect(a, &QAction::toggled, this, [this, column](bool on) { setVisible(column, on); });
    }
    menu->addSeparator();
    QAction *hint = menu->addAction(tr("Drag a column's header to move it"));
    hint->setEnabled(false);
    QAction *resetAct = menu->addAction(tr("Reset Columns"));
    resetAct->setObjectName(QStringLiteral("resetColumns"));
    connect(resetAct, &QAction::triggered, this, &AlertColumns::reset);
    return menu;
}

void AlertColumns::save() const
{
    QSettings().setValue(kColumnsKey, QString::fromUtf8(QJsonDocument(layout()).toJson(QJsonDocument::Compact)));
}

void AlertColumns::restoreSaved()
{
    m_applying = true;
    QHeaderView *h = m_table->horizontalHeader();
    for (int c : defaultHidden()) h->setSectionHidden(c, true);
    const QJsonObject cols = QJsonDocument::fromJson(QSettings().value(kColumnsKey).toString().toUtf8()).object();
    if (!cols.isEmpty()) ColumnLayout::restore(h, columnKeys(), cols, AlertListModel::DescriptionColumn);
    m_applying = false;
}

}  // namespace eos
