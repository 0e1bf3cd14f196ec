// AlertColumns: the Live Alerts table's default columns, fitted widths, the column chooser, and the layout
// kept by column keys in QSettings (and applied from saved views). Plain tables over the real models,
// which never query here (their models are not started).
#include "alert_columns.h"
#include "alert_group_model.h"
#include "alert_list_model.h"
#include "store/db_connection_info.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace eos;

namespace {

// One console's pair of tables with their models and columns, as the Live Alerts view builds them.
struct Tables {
    AlertListModel model{DbConnectionInfo()};
    AlertGroupModel groups{DbConnectionInfo()};
    QTableView table;
    QTableView groupTable;
    std::unique_ptr<AlertColumns> columns;
    Tables()
    {
        table.setModel(&model);
        groupTable.setModel(&groups);
        table.horizontalHeader()->setSectionsMovable(true);
        table.horizontalHeader()->setSectionResizeMode(AlertListModel::DescriptionColumn, QHeaderView::Stretch);
        columns = std::make_unique<AlertColumns>(&table, &groupTable);
        columns->fitWidths();
    }
    QHeaderView *header() const { return table.horizontalHeader(); }
    QList<int> visibleOrder() const
    {
        QList<int> out;
        for (int v = 0; v < header()->count(); ++v)
            if (!header()->isSectionHidden(header()->logicalIndex(v))) out << header()->logicalIndex(v);
        return out;
    }
};

QList<QAction *> columnEntries(QMenu *menu)
{
    QList<QAction *> out;
    for (QAction *a : menu->actions())
        if (a->isCheckable()) out << a;
    return out;
}

}  // namespace

class TestAlertColumns : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void init()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("eos-test"));
        QCoreApplication::setApplicationName(QStringLiteral("alert-columns"));
        QSettings().clear();
    }

    void defaultsHideRuleMitreAndRisk()
    {
        Tables t;
        t.columns->restoreSaved();  // nothing kept yet: the defaults
        for (int c = 0; c < AlertListModel::ColumnCount; ++c)
            QCOMPARE(t.header()->isSectionHidden(c), AlertColumns::defaultHidden().contains(c));
        QVERIFY(AlertColumns::defaultHidden().contains(AlertListModel::MitreColumn));
        QVERIFY(!AlertColumns::defaultHidden().contains(AlertListModel::TimeColumn));
    }

    // Widths come from the font: every fixed column is at least as wide as its header label, and the time
    // column holds a full timestamp in bold (escalated rows).
    void widthsFitLabelsAndTimestamps()
    {
        Tables t;
        const QFontMetrics hfm(t.header()->font());
        for (int c = 0; c < AlertListModel::ColumnCount; ++c) {
            if (c == AlertListModel::DescriptionColumn) continue;
            const QString label = t.model.headerData(c, Qt::Horizontal).toString();
            QVERIFY2(t.header()->sectionSize(c) >= hfm.horizontalAdvance(label), qPrintable(label));
        }
        QFont bold = t.table.font();
        bold.setBold(true);
        QVERIFY(t.header()->sectionSize(AlertListModel::TimeColumn) >
                QFontMetrics(bold).horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")));
        const QHeaderView *g = t.groupTable.horizontalHeader();
        for (int c = 0; c < AlertGroupModel::ColumnCount; ++c)
            if (c != AlertGroupModel::DescriptionColumn)
                QVERIFY(g->sectionSize(c) >= hfm.horizontalAdvance(t.groups.headerData(c, Qt::Horizontal).toString()));
    }

    void chooserListsColumnsInHeaderOrderAndToggles()
    {
        Tables t;
        t.columns->reset();
        t.header()->moveSection(t.header()->visualIndex(AlertListModel::AgentColumn), 0);
        std::unique_ptr<QMenu> menu(t.columns->createMenu(nullptr));
        const QList<QAction *> entries = columnEntries(menu.get());
        QCOMPARE(entries.size(), int(AlertListModel::ColumnCount));
        QCOMPARE(entries.first()->data().toInt(), int(AlertListModel::AgentColumn));  // the header's order
        for (QAction *a : entries) QCOMPARE(a->isChecked(), !t.header()->isSectionHidden(a->data().toInt()));
        auto entry = [&](int column) {
            return *std::find_if(entries.begin(), entries.end(), [column](QAction *a) { return a->data().toInt() == column; });
        };
        entry(AlertListModel::GroupsColumn)->trigger();
        QVERIFY(t.header()->isSectionHidden(AlertListModel::GroupsColumn));
        entry(AlertListModel::MitreColumn)->trigger();
        QVERIFY(!t.header()->isSectionHidden(AlertListModel::MitreColumn));
        QVERIFY(t.header()->sectionSize(AlertListModel::MitreColumn) >= t.header()->minimumSectionSize() * 2);
        QAction *reset = menu->findChild<QAction *>(QStringLiteral("resetColumns"));
        QVERIFY(reset);
        reset->trigger();
        QCOMPARE(t.visibleOrder().first(), int(AlertListModel::TimeColumn));
        QVERIFY(!t.header()->isSectionHidden(AlertListModel::GroupsColumn));
        QVERIFY(t.header()->isSectionHidden(AlertListModel::MitreColumn));
    }

    void theLastVisibleColumnStays()
    {
        Tables t;
        for (int c = 0; c < AlertListModel::ColumnCount; ++c) t.columns->setVisible(c, false);
        QCOMPARE(t.visibleOrder().size(), 1);
        std::unique_ptr<QMenu> menu(t.columns->createMenu(nullptr));
        for (QAction *a : columnEntries(menu.get())) QCOMPARE(a->isEnabled(), !a->isChecked());  // its entry cannot uncheck
        t.columns->setVisible(AlertListModel::ColumnCount, true);  // out of range: nothing
        t.columns->setVisible(-1, true);
        QCOMPARE(t.visibleOrder().size(), 1);
    }

    // The layout names columns by key in their visual order; QSettings keeps it for the next window, and a
    // saved view's layout applies to another table.
    void layoutIsKeptAndApplied()
    {
        QList<int> order;
        QJsonObject layout;
        {
            Tables t;
            t.columns->reset();
            t.columns->setVisible(AlertListModel::GroupsColumn, false);
            t.header()->moveSection(t.header()->visualIndex(AlertListModel::AgentColumn), 0);  // saved too (a user's drag)
            order = t.visibleOrder();
            layout = t.columns->layout();
            const QJsonArray cols = layout.value(QStringLiteral("columns")).toArray();
            QCOMPARE(cols.first().toObject().value(QStringLiteral("id")).toString(),
                     AlertListModel::columnKey(AlertListModel::AgentColumn));
        }
        {
            Tables next;  // the next window
            next.columns->restoreSaved();
            QCOMPARE(next.visibleOrder(), order);
        }
        QSettings().clear();
        Tables other;
        other.columns->restoreSaved();
        QCOMPARE(other.visibleOrder().first(), int(AlertListModel::TimeColumn));
        QVERIFY(other.columns->apply(layout));
        QCOMPARE(other.visibleOrder(), order);
        // a layout naming no known column changes nothing
        const QJsonObject unknown{{QStringLiteral("columns"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("colour")}}}}};
        QVERIFY(!other.columns->apply(unknown));
        QCOMPARE(other.visibleOrder(), order);
    }
};

QTEST_MAIN(TestAlertColumns)
#include "test_alert_columns.moc"
