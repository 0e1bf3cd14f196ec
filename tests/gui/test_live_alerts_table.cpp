// Live Alerts, the table (issue 14 points 4, 5, 6): the column chooser (hide, show, reorder; kept in
// QSettings across a new window and in saved views), default widths that fit at 1366 px without a
// horizontal scroll bar, triage states that look different (the delegate's decision), the Assignee
// column, triage of a whole group (N alerts, N audit rows), the arrival highlight, the "N new alerts —
// show" bar when scrolled down or paused while alerts arrive by NOTIFY, and the analyst's selection
// staying selected and in view while alerts arrive. Screenshots at 1366×768 and 1920×1080, light and
// dark, English and German, with the sample alerts.
#include "gui_fixture.h"

#include "alert_columns.h"
#include "alert_group_model.h"
#include "alert_list_model.h"
#include "alert_row_delegate.h"
#include "alerts_view.h"
#include "saved_views_menu.h"
#include "console_app.h"
#include "filter_bar.h"
#include "ingest/alert_parser.h"
#include "main_window.h"
#include "new_alerts_bar.h"
#include "reason_dialog.h"
#include "state_chip_delegate.h"
#include "store/alert_store.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <functional>

Q_DECLARE_METATYPE(eos::TriageStore::Result)

using namespace eos;

namespace {
constexpr int kAlerts = 2000;
constexpr int kAgents = 6;


QAction *columnAction(QMenu *menu, int column)
{
    for (QAction *a : menu->actions())
        if (a->isCheckable() && a->data().toInt() == column) return a;
    return nullptr;
}
}  // namespace

class TestLiveAlertsTable : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

    AlertsView *alerts() const { return m_w->alertsView(); }
    QTableView *table() const { return alerts()->table(); }
    QHeaderView *header() const { return table()->horizontalHeader(); }
    AlertListModel *model() const { return alerts()->model(); }

    void openWindow(const QSize &size = QSize(1366, 768))
    {
        m_w = std::make_unique<MainWindow>(m_fx.session.get());
        m_w->resize(size);
        m_w->show();
        m_w->showPage(MainWindow::Page::LiveAlerts);
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QTRY_VERIFY_WITH_TIMEOUT(model()->isCountExact() && model()->rowCount() >= kAlerts, 10000);
    }


    // The 50 Wazuh sample alerts through the real parser and store, re-dated to the last hour (newest
    // first in the list), a few of them triaged: what the screenshots show.
    bool insertSamples()
    {
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
        if (!f.open(QIODevice::ReadOnly)) return false;
        std::vector<AlertRecord> records;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        int i = 0;
        for (QByteArray line : f.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const int at = int(line.indexOf("\"timestamp\":\""));
            if (at >= 0) {
                const QByteArray ts = now.addSecs(-37 * i).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+0000")).toLatin1();
                line.replace(at + 13, 28, ts);
            }
            line.replace("\"id\":\"17", "\"id\":\"sample-" + QByteArray::number(i) + "-17");
            AlertRecord r;
            QString msg;
            if (AlertParser::parse(line, &r, &msg) != AlertParser::Error::None) {
                qWarning("sample %d: %s", i, qPrintable(msg));
                return false;
            }
            records.push_back(std::move(r));
            ++i;
        }
        AlertStore::Alerts batch;
        for (const auto &r : records) batch.push_back(&r);
        QString err;
        QSqlDatabase db = m_fx.db.open(QStringLiteral("samples"), &err);
        if (!db.isOpen()) return false;
        const auto out = AlertStore::insertBatch(db, batch);
        Q_UNUSED(out);
        db.close();
        const QString triage = QStringLiteral(
            "UPDATE alerts SET triage_status = 'acknowledged', assigned_to = 'j.doe' WHERE alert_hash IN (SELECT alert_hash FROM alerts "
            "  WHERE rule_level < 5 AND raw->>'id' LIKE 'sample-%' ORDER BY alert_ts DESC LIMIT 4);"
            "UPDATE alerts SET triage_status = 'escalated', assigned_to = 'm.keller' WHERE id = (SELECT id FROM alerts "
            "  WHERE rule_level >= 10 AND raw->>'id' LIKE 'sample-%' ORDER BY alert_ts DESC LIMIT 1);"
            "UPDATE alerts SET triage_status = 'false_positive' WHERE id = (SELECT id FROM alerts "
            "  WHERE rule_level BETWEEN 5 AND 7 AND triage_status IS NULL AND raw->>'id' LIKE 'sample-%' ORDER BY alert_ts DESC LIMIT 1);");
        return test::TestDatabase::exec(m_fx.db, triage, &err);
    }

    QList<int> visualOrder() const
    {
        QList<int> out;
        for (int v = 0; v < header()->count(); ++v)
            if (!header()->isSectionHidden(header()->logicalIndex(v))) out << header()->logicalIndex(v);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<eos::TriageStore::Result>();
        QVERIFY(m_fx.setUp(QStringLiteral("gui_live_alerts_table")));
        QVERIFY(m_fx.insertData(kAgents, kAlerts));
        ConsoleApp::installTranslators(QStringLiteral("en"));
        Theme::captureSystemPalette();
        Theme::apply(UiSettings::Theme::Light);
        openWindow();
    }

    void cleanupTestCase() { m_w.reset(); }

    // Time, level, description, agent, source IP, groups, state (and the assignee) fit at 1366 px: no
    // horizontal scroll bar, the description takes the slack.
    void defaultWidthsFitAt1366()
    {
        alerts()->columns()->reset();
        for (int c : {AlertListModel::TimeColumn, AlertListModel::LevelColumn, AlertListModel::DescriptionColumn,
                      AlertListModel::AgentColumn, AlertListModel::SourceIpColumn, AlertListModel::GroupsColumn,
                      AlertListModel::StateColumn, AlertListModel::AssigneeColumn})
            QVERIFY2(!header()->isSectionHidden(c), qPrintable(model()->headerData(c, Qt::Horizontal).toString()));
        for (const QSize &size : {QSize(1366, 768), QSize(1920, 1080)}) {
            m_w->resize(size);
            QTRY_COMPARE(m_w->size(), size);
            QCoreApplication::processEvents();
            int sum = 0;
            for (int c = 0; c < header()->count(); ++c)
                if (!header()->isSectionHidden(c) && c != AlertListModel::DescriptionColumn) sum += header()->sectionSize(c);
            const int viewport = table()->viewport()->width();
            const int description = header()->sectionSize(AlertListModel::DescriptionColumn);
            qInfo("%dx%d: table viewport %d px, fixed columns %d px, description %d px", size.width(), size.height(), viewport,
                  sum, description);
            QVERIFY2(sum + description <= viewport, qPrintable(QStringLiteral("%1 + %2 > %3").arg(sum).arg(description).arg(viewport)));
            QCOMPARE(table()->horizontalScrollBar()->maximum(), 0);
            // the description is the widest column: it has the slack
            QVERIFY2(description >= QFontMetrics(table()->font()).averageCharWidth() * 24, qPrintable(QString::number(description)));
        }
        m_w->resize(1366, 768);
    }

    void columnChooserHidesShowsReordersAndPersists()
    {
        alerts()->columns()->reset();
        std::unique_ptr<QMenu> menu(alerts()->columns()->createMenu(nullptr));
        // one checkable entry per column, checked when shown
        QCOMPARE(int(std::count_if(menu->actions().cbegin(), menu->actions().cend(), [](QAction *a) { return a->isCheckable(); })),
                 int(AlertListModel::ColumnCount));
        QVERIFY(!columnAction(menu.get(), AlertListModel::MitreColumn)->isChecked());
        columnAction(menu.get(), AlertListModel::GroupsColumn)->trigger();  // hide
        columnAction(menu.get(), AlertListModel::MitreColumn)->trigger();   // show
        QVERIFY(header()->isSectionHidden(AlertListModel::GroupsColumn));
        QVERIFY(!header()->isSectionHidden(AlertListModel::MitreColumn));
        QVERIFY(header()->sectionSize(AlertListModel::MitreColumn) > 20);
        // reorder by dragging a header: the agent goes first
        header()->moveSection(header()->visualIndex(AlertListModel::AgentColumn), 0);
        const QList<int> order = visualOrder();
        QCOMPARE(order.first(), int(AlertListModel::AgentColumn));
        QVERIFY(!order.contains(AlertListModel::GroupsColumn));

        // a new window (a new view) comes up with the same columns, from QSettings
        m_w.reset();
        openWindow();
        QCOMPARE(visualOrder(), order);
        QVERIFY(header()->isSectionHidden(AlertListModel::GroupsColumn));

        // part of a saved view: save, reset, load -> back
        test::onNextDialog<QInputDialog>([](QInputDialog *d) {
            d->setTextValue(QStringLiteral("agent first"));
            d->accept();
        });
        alerts()->viewActions().last()->trigger();  // Save Current View As…
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.scalar(QStringLiteral("SELECT column_layout->'columns'->0->>'id' FROM saved_views WHERE name = 'agent first'")) ==
                                     QStringLiteral("agent"), 10000);
        alerts()->columns()->reset();
        QCOMPARE(visualOrder().first(), int(AlertListModel::TimeColumn));
        QVERIFY(!header()->isSectionHidden(AlertListModel::GroupsColumn));
        QMenu *load = test::savedViewsLoadMenu(alerts()->savedViewsMenu());
        QVERIFY(load);
        for (QAction *a : load->actions())
            if (a->text() == QLatin1String("agent first")) a->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(visualOrder(), order, 10000);
        QVERIFY(header()->isSectionHidden(AlertListModel::GroupsColumn));
        // never a table without columns: the last visible one cannot be hidden
        for (int c = 0; c < AlertListModel::ColumnCount; ++c) alerts()->columns()->setVisible(c, false);
        QCOMPARE(header()->count() - header()->hiddenSectionCount(), 1);
        alerts()->columns()->reset();
    }

    // MITRE: technique ids in the cell, names (Wazuh's rule.mitre.technique) on hover
    void mitreNamesOnHover()
    {
        QString err;
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "UPDATE alerts SET raw = jsonb_set(raw, '{rule,mitre,technique}', '[\"Command and Scripting Interpreter\", "
            "\"Exploit Public-Facing Application\"]') WHERE 'T1059' = ANY(mitre_ids)"), &err));
        model()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() > 0 && model()->isRowLoaded(0), 10000);
        int row = -1;
        for (int r = 0; r < 200 && row < 0; ++r)
            if (model()->index(r, AlertListModel::MitreColumn).data().toString() == QLatin1String("T1059, T1190")) row = r;
        QVERIFY(row >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(model()->index(row, AlertListModel::MitreColumn).data(Qt::ToolTipRole).toString(),
                                  QStringLiteral("T1059 Command and Scripting Interpreter\nT1190 Exploit Public-Facing Application"), 10000);
        QCOMPARE(model()->index(row, AlertListModel::MitreColumn).data().toString(), QStringLiteral("T1059, T1190"));
    }

    // Acknowledged rows look different from new ones (the delegate's decision from the model's roles),
    // the state is a chip, the assignee has its column.
    void triageStatesAreVisible()
    {
        table()->setFocus();
        table()->selectionModel()->setCurrentIndex(model()->index(3, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const qint64 id = model()->alertId(3);
        QVERIFY(id != 0);
        const QModelIndex fresh = model()->index(4, AlertListModel::DescriptionColumn);
        const auto look0 = AlertRowDelegate::lookFor(fresh, 0);
        QVERIFY(look0.accent);
        QVERIFY(!look0.dimmed);
        QSignalSpy applied(m_w->triageStore(), &TriageStore::applied);
        alerts()->triageAction(TriageStore::Action::Acknowledge)->trigger();
        QVERIFY(applied.wait(10000));
        alerts()->triageAction(TriageStore::Action::AssignToMe)->trigger();
        QVERIFY(applied.wait(10000));
        const int row = model()->rowOfId(id);
        QTRY_COMPARE_WITH_TIMEOUT(model()->index(row, 0).data(AlertListModel::AssignedToRole).toString(), QStringLiteral("test-analyst"), 10000);
        QCOMPARE(model()->index(row, 0).data(AlertListModel::TriageStatusRole).toString(), QStringLiteral("acknowledged"));
        const auto look = AlertRowDelegate::lookFor(model()->index(row, AlertListModel::DescriptionColumn), 0);
        QVERIFY(look.dimmed);
        QVERIFY(!look.accent);
        QVERIFY(!look.bold);
        // the Assignee column shows who; the State column only the state, as a chip of its own colour
        QCOMPARE(model()->index(row, AlertListModel::AssigneeColumn).data().toString(), QStringLiteral("test-analyst"));
        QVERIFY(!header()->isSectionHidden(AlertListModel::AssigneeColumn));
        QCOMPARE(model()->index(row, AlertListModel::StateColumn).data().toString(), QStringLiteral("Acknowledged"));
        QCOMPARE(model()->index(row, AlertListModel::AssigneeColumn).data(AlertListModel::FilterTermRole).toString(),
                 QStringLiteral("assigned:test-analyst"));
        const bool dark = false;
        QVERIFY(StateChipDelegate::chipFor(QStringLiteral("acknowledged"), QStringLiteral("new"), dark).fill !=
                StateChipDelegate::chipFor(QString(), QStringLiteral("new"), dark).fill);
        QVERIFY(StateChipDelegate::chipFor(QStringLiteral("escalated"), QStringLiteral("new"), true).fill !=
                StateChipDelegate::chipFor(QStringLiteral("acknowledged"), QStringLiteral("new"), true).fill);
        // escalated: bold with the alarm accent; false positive: dimmed and italic
        QVERIFY(AlertRowDelegate::lookFor(QStringLiteral("escalated"), 0, 0).bold);
        QVERIFY(AlertRowDelegate::lookFor(QStringLiteral("escalated"), 0, 0).alarm);
        QVERIFY(AlertRowDelegate::lookFor(QStringLiteral("false_positive"), 0, 0).italic);
        // the table paints through the row delegate (level badge and state chip included)
        QVERIFY(qobject_cast<AlertRowDelegate *>(table()->itemDelegateForIndex(model()->index(row, AlertListModel::StateColumn))));
        // one audit row each
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = %1").arg(id)), QStringLiteral("2"));
    }

    // Triage of a group row acts on every alert of the group, with the count in the confirmation, and
    // writes one audit row per alert.
    void groupTriageActsOnAllItsAlerts()
    {
        alerts()->setGrouped(true);
        QTableView *groups = alerts()->groupTable();
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->groupModel()->rowCount() > 0, 10000);
        const QModelIndex g = alerts()->groupModel()->index(0, 0);
        groups->setFocus();
        groups->selectionModel()->setCurrentIndex(g, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const qint64 n = g.data(AlertGroupModel::CountRole).toLongLong();
        const int rule = g.data(AlertGroupModel::RuleIdRole).toInt();
        const QString agent = g.data(AlertGroupModel::AgentIdRole).toString();
        QVERIFY(n > 1);
        const QString inGroup = QStringLiteral("rule_id = %1 AND agent_id = '%2' AND alert_ts >= now() - interval '1 hour'").arg(rule).arg(agent);
        const QString inGroupA = QStringLiteral("a.rule_id = %1 AND a.agent_id = '%2' AND a.alert_ts >= now() - interval '1 hour'").arg(rule).arg(agent);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE ") + inGroup).toLongLong(), n);
        const QString auditBefore = m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'acknowledge'"));
        const QString lastAudit = m_fx.scalar(QStringLiteral("SELECT COALESCE(max(id), 0) FROM audit_log"));

        // cancelled: nothing happens
        QString asked;
        test::onNextDialog<QMessageBox>([&asked](QMessageBox *box) {
            asked = box->text();
            box->button(QMessageBox::Cancel)->click();
        });
        alerts()->triageAction(TriageStore::Action::Acknowledge)->trigger();
        QCOMPARE(asked, QStringLiteral("Acknowledge %1 alerts?").arg(QLocale().toString(n)));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'acknowledge'")), auditBefore);

        QSignalSpy applied(m_w->triageStore(), &TriageStore::applied);
        test::onNextDialog<QMessageBox>([](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        alerts()->triageAction(TriageStore::Action::Acknowledge)->trigger();
        QVERIFY(applied.wait(15000));
        const auto result = applied.at(0).at(1).value<TriageStore::Result>();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(qint64(result.changed.size()), n);
        // every alert of the group, one audit row each, the GUI thread never ran the SQL
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE triage_status = 'acknowledged' AND ") + inGroup).toLongLong(), n);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log l JOIN alerts a ON a.id = l.alert_id "
                                            "WHERE l.action = 'acknowledge' AND l.actor = 'test-analyst' AND l.id > ") + lastAudit +
                                QStringLiteral(" AND ") + inGroupA).toLongLong(),
                 n);
        // the group shows none open now, and stays current
        QTRY_COMPARE_WITH_TIMEOUT(groups->currentIndex().data(AlertGroupModel::OpenRole).toLongLong(), qint64(0), 10000);
        QCOMPARE(groups->currentIndex().data(AlertGroupModel::RuleIdRole).toInt(), rule);

        // a reason action names the count in its dialog
        QString prompt;
        test::onNextDialog<ReasonDialog>([&prompt](ReasonDialog *d) {
            for (QLabel *l : d->findChildren<QLabel *>()) prompt += l->text();
            d->reject();
        });
        alerts()->triageAction(TriageStore::Action::Escalate)->trigger();
        QVERIFY2(prompt.contains(QStringLiteral("(%1 alerts)").arg(QLocale().toString(n))), qPrintable(prompt));
        alerts()->setGrouped(false);
    }

    // An empty grouped view says why (the window counts back from now) instead of showing a blank table.
    void anEmptyGroupedViewSaysWhy()
    {
        alerts()->setGrouped(true);
        QVERIFY(alerts()->applyFilterText(QStringLiteral("rule:999999")));
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->groupsPlaceholder()->isVisible(), 10000);
        QCOMPARE(alerts()->groupModel()->rowCount(), 0);
        QCOMPARE(alerts()->groupsPlaceholder()->text(),
                 QStringLiteral("No similar alerts within 1 hour. Choose a longer window to group older alerts."));
        QVERIFY(alerts()->applyFilterText(QString()));
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->groupModel()->rowCount() > 0, 10000);
        QVERIFY(!alerts()->groupsPlaceholder()->isVisible());
        alerts()->setGrouped(false);
    }

    // New rows are highlighted from their arrival; the highlight fades out within ~2 s.
    void newRowsAreHighlightedBriefly()
    {
        table()->scrollToTop();
        table()->clearSelection();
        table()->setCurrentIndex({});
        QTRY_VERIFY_WITH_TIMEOUT(model()->isCountExact(), 10000);
        const int before = model()->rowCount();
        QVERIFY(m_fx.insertLive(3));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), before + 3, 10000);
        const qint64 arrived = model()->index(0, 0).data(AlertListModel::ArrivedRole).toLongLong();
        QVERIFY(arrived > 0);
        QCOMPARE(model()->lastArrivalMs(), arrived);
        QVERIFY(AlertRowDelegate::lookFor(model()->index(0, 1), arrived).highlight > 0.99);
        QVERIFY(AlertRowDelegate::lookFor(model()->index(0, 1), arrived + 1000).highlight > 0.4);
        QCOMPARE(AlertRowDelegate::lookFor(model()->index(0, 1), arrived + AlertRowDelegate::kHighlightMs).highlight, 0.0);
        // rows that were there before are not highlighted
        QCOMPARE(model()->index(3, 0).data(AlertListModel::ArrivedRole).toLongLong(), qint64(0));
        QCOMPARE(AlertRowDelegate::lookFor(model()->index(3, 1), arrived).highlight, 0.0);
        // (the bar stays hidden at the top: the analyst sees the new rows)
        QVERIFY(!alerts()->newAlertsBar()->isVisible());
    }

    // Scrolled down: new alerts keep the analyst's place, the bar counts them; clicking it shows them.
    void newAlertsBarWhenScrolledDown()
    {
        table()->scrollTo(model()->index(600, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY(table()->verticalScrollBar()->value() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(model()->alertId(table()->rowAt(0)) != 0, 10000);  // its page is in
        const int topRow = table()->rowAt(0);
        const qint64 topId = model()->alertId(topRow);
        QVERIFY(m_fx.insertLive(7));
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->newAlertsBar()->isVisible(), 10000);
        QCOMPARE(alerts()->newAlertsBar()->count(), 7);
        QVERIFY2(alerts()->newAlertsBar()->text().startsWith(QStringLiteral("7 new alerts")), qPrintable(alerts()->newAlertsBar()->text()));
        QCOMPARE(model()->alertId(table()->rowAt(0)), topId);  // the place is kept
        QVERIFY(m_fx.insertLive(5));
        QTRY_COMPARE_WITH_TIMEOUT(alerts()->newAlertsBar()->count(), 12, 10000);
        QCOMPARE(model()->alertId(table()->rowAt(0)), topId);
        // clicking shows them: at the top, the newest first, the bar gone
        QTest::mouseClick(alerts()->newAlertsBar(), Qt::LeftButton, {}, alerts()->newAlertsBar()->rect().center());
        QTRY_COMPARE(table()->verticalScrollBar()->value(), 0);
        QVERIFY(!alerts()->newAlertsBar()->isVisible());
        QCOMPARE(model()->index(0, 0).data(AlertListModel::IdRole).toLongLong(),
                 m_fx.scalar(QStringLiteral("SELECT max(id) FROM alerts")).toLongLong());

        // paused: the bar counts what waits; clicking resumes and shows them
        QAction *pause = alerts()->viewActions().at(1);
        pause->setChecked(true);
        const int before = model()->rowCount();
        QVERIFY(m_fx.insertLive(4));
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->newAlertsBar()->isVisible(), 10000);
        QCOMPARE(alerts()->newAlertsBar()->count(), 4);
        QVERIFY(alerts()->newAlertsBar()->isPausedMode());
        QCOMPARE(model()->rowCount(), before);
        QTest::mouseClick(alerts()->newAlertsBar(), Qt::LeftButton, {}, alerts()->newAlertsBar()->rect().center());
        QVERIFY(!pause->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() >= before + 4, 10000);
        QTRY_VERIFY(!alerts()->newAlertsBar()->isVisible());
    }

    // At the top with a row selected: new rows insert above; the selected row stays selected and on
    // screen, also when more rows arrive than the screen holds.
    void selectionStaysSelectedAndVisible()
    {
        table()->scrollToTop();
        QTRY_VERIFY_WITH_TIMEOUT(model()->isCountExact(), 10000);
        table()->setFocus();
        table()->selectionModel()->setCurrentIndex(model()->index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const qint64 id = model()->alertId(2);
        auto selectedAndVisible = [&] {
            const QModelIndex cur = table()->currentIndex();
            if (!cur.isValid() || model()->alertId(cur.row()) != id) return false;
            if (!table()->selectionModel()->isRowSelected(cur.row(), {})) return false;
            const QRect r = table()->visualRect(cur);
            return r.top() >= 0 && r.bottom() <= table()->viewport()->height();
        };
        QVERIFY(selectedAndVisible());
        // a few: inserted above, the view stays at the top (the new rows are seen)
        int before = model()->rowCount();
        QVERIFY(m_fx.insertLive(3));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), before + 3, 10000);
        QVERIFY(selectedAndVisible());
        QCOMPARE(table()->verticalScrollBar()->value(), 0);
        QCOMPARE(model()->rowOfId(id), 5);
        // more than a screen: the row keeps its place, the bar counts what went above
        const int screen = table()->viewport()->height() / table()->rowHeight(0);
        before = model()->rowCount();
        QVERIFY(m_fx.insertLive(screen + 10));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), before + screen + 10, 10000);
        QVERIFY(selectedAndVisible());
        QVERIFY(table()->verticalScrollBar()->value() > 0);
        QTRY_VERIFY(alerts()->newAlertsBar()->isVisible());
        QVERIFY(alerts()->newAlertsBar()->count() > 0);
        table()->scrollToTop();
        QTRY_VERIFY(!alerts()->newAlertsBar()->isVisible());
    }

    // Screenshots with the sample alerts: 1366×768 and 1920×1080, light and dark, English and German.
    void screenshots()
    {
        QVERIFY(insertSamples());
        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("de")}) {
            m_w.reset();
            ConsoleApp::installTranslators(lang);
            QSettings().remove(QStringLiteral("layout/alertsColumns"));  // the defaults
            QSettings().remove(QStringLiteral("layout/alertsSplitter"));
            openWindow();
            alerts()->applyFilterText(QStringLiteral("last:24h"));
            QTRY_VERIFY_WITH_TIMEOUT(model()->isCountExact(), 10000);
            table()->setFocus();
            table()->selectionModel()->setCurrentIndex(model()->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            for (const auto theme : {UiSettings::Theme::Light, UiSettings::Theme::Dark}) {
                Theme::apply(theme);
                for (const QSize &size : {QSize(1366, 768), QSize(1920, 1080)}) {
                    m_w->resize(size);
                    QTRY_COMPARE(m_w->size(), size);
                    QVERIFY(m_fx.insertLive(2));  // two rows just arrived: highlighted
                    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() - model()->lastArrivalMs() < 300, 10000);
                    QTest::qWait(150);
                    // with an alert in the detail pane (which scrolls sideways when narrower than its widest row)
                    qInfo("%s %dx%d: table viewport %d px, horizontal scroll range %d px", qPrintable(lang), size.width(), size.height(),
                          table()->viewport()->width(), table()->horizontalScrollBar()->maximum());
                    QCOMPARE(table()->horizontalScrollBar()->maximum(), 0);
                    test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("alerts-%1-%2-%3x%4")
                                                                     .arg(lang, theme == UiSettings::Theme::Dark ? QStringLiteral("dark") : QStringLiteral("light"))
                                                                     .arg(size.width()).arg(size.height()));
                }
            }
            // the bar and the grouped view, once per language
            Theme::apply(UiSettings::Theme::Light);
            m_w->resize(1366, 768);
            table()->scrollTo(model()->index(30, 0), QAbstractItemView::PositionAtTop);
            QVERIFY(m_fx.insertLive(6));
            QTRY_VERIFY_WITH_TIMEOUT(alerts()->newAlertsBar()->isVisible(), 10000);
            QTest::qWait(100);
            test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("alerts-%1-new-alerts-bar").arg(lang));
            alerts()->setGrouped(true);
            QTRY_VERIFY_WITH_TIMEOUT(alerts()->groupModel()->rowCount() > 0, 10000);
            QTest::qWait(100);
            test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("alerts-%1-grouped").arg(lang));
            alerts()->setGrouped(false);
            std::unique_ptr<QMenu> menu(alerts()->columns()->createMenu(m_w.get()));
            menu->popup(table()->mapToGlobal(QPoint(200, 0)));
            QTest::qWait(100);
            menu->grab().save(test::GuiFixture::screenshotDir() + QStringLiteral("/alerts-%1-column-chooser.png").arg(lang));
            menu->hide();
        }
        ConsoleApp::installTranslators(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestLiveAlertsTable)
#include "test_live_alerts_table.moc"
