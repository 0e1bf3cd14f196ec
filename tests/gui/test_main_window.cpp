// The analyst console driven as an analyst would: the real MainWindow on a real PostgreSQL database
// (offscreen), keyboard navigation, filters, triage of one and many alerts with the audit rows checked
// in the database, live inserts keeping the analyst's place, Agents → Live Alerts (the Agents view itself:
// test_agents_view; the detail pane's agent line: test_alert_detail_pane), the status bar's enrichment backlog and failed
// alerts (listed and retried), grouping, saved views, the shortcuts dialog, and screenshots of every view
// (light, dark, German).
#include "gui_fixture.h"

#include "agent_list_model.h"
#include "agents_view.h"
#include "alert_card.h"
#include "alert_detail_pane.h"
#include "alert_group_model.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "saved_views_menu.h"
#include "console_app.h"
#include "filter_bar.h"
#include "json_tree_model.h"
#include "main_window.h"
#include "reason_dialog.h"
#include "saved_views_store.h"
#include "settings_dialog.h"
#include "shortcuts_dialog.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace eos;

namespace {
constexpr int kAlerts = 2000;
constexpr int kAgents = 6;

// Runs `fn` on the next modal dialog of type T once it is shown (the action under test calls exec()).
}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

    AlertsView *alerts() const { return m_w->alertsView(); }
    QTableView *table() const { return alerts()->table(); }
    AlertListModel *model() const { return alerts()->model(); }

    void selectRows(int first, int last)
    {
        table()->setFocus();
        table()->selectionModel()->clearSelection();
        table()->setCurrentIndex(model()->index(first, 0));
        table()->selectionModel()->select(QItemSelection(model()->index(first, 0), model()->index(last, 0)),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    bool activate()
    {
        m_w->activateWindow();
        QApplication::setActiveWindow(m_w.get());
        return QTest::qWaitForWindowActive(m_w.get());
    }
    bool waitForRows(int n)
    {
        return QTest::qWaitFor([&] {
            if (model()->rowCount() > 0 && !model()->isRowLoaded(0)) model()->ensureLoaded(0, 0);
            return model()->rowCount() == n && model()->isRowLoaded(0);
        }, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_main_window")));
        QVERIFY(m_fx.insertData(kAgents, kAlerts));
        m_w = m_fx.openMainWindow(QSize(1600, 900));
        QVERIFY(m_w);
    }

    void cleanupTestCase() { m_w.reset(); }

    // modal dialogs of a previous test leave no active window offscreen; shortcuts need one
    void init()
    {
        if (m_w) QVERIFY(activate());
    }

    void opensLiveAlerts()
    {
        // the console opens on the Overview (first in the sidebar); Live Alerts is the second page
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Overview);
        QCOMPARE(m_w->navigation()->currentRow(), 0);
        QVERIFY(m_w->windowTitle().startsWith(QStringLiteral("Eos Console — Overview")));
        m_w->showPage(MainWindow::Page::LiveAlerts);
        QCOMPARE(m_w->navigation()->item(1)->text(), QStringLiteral("Live Alerts"));
        QVERIFY(m_w->windowTitle().startsWith(QStringLiteral("Eos Console — Live Alerts")));
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QVERIFY(waitForRows(kAlerts));
        QTRY_VERIFY(model()->isCountExact());
        // newest first
        QVERIFY(model()->alertId(0) > model()->alertId(1));
        QCOMPARE(model()->alertId(0), m_fx.scalar(QStringLiteral("SELECT max(id) FROM alerts")).toLongLong());
        // one label (a long one elided in the middle; the whole of it is the accessible name and tooltip)
        QVERIFY(m_w->databaseLabel()->accessibleName().contains(m_fx.db.database));
        QVERIFY(m_w->databaseLabel()->toolTip().contains(m_fx.db.database));
        QCOMPARE(alerts()->countLabel()->text(), QStringLiteral("2,000 alerts"));
        // one alert is "1 alert" (English plural forms from eos_console_en.ts)
        QVERIFY(alerts()->applyFilterText(QStringLiteral("id:%1").arg(model()->alertId(0))));
        QTRY_VERIFY(model()->isCountExact() && model()->rowCount() == 1);
        QTRY_COMPARE(alerts()->countLabel()->text(), QStringLiteral("1 alert"));
        QVERIFY(alerts()->applyFilterText(QString()));
        QVERIFY(waitForRows(kAlerts));
        QTRY_VERIFY(model()->isCountExact());
        QTRY_VERIFY_WITH_TIMEOUT(m_w->healthLabel()->text().contains(QStringLiteral("alerts/s")), 5000);
        // fixed row heights: every row the same height, from the font
        QCOMPARE(table()->rowHeight(0), table()->rowHeight(kAlerts - 1));
        QVERIFY(table()->rowHeight(0) >= table()->fontMetrics().height());
    }

    void keyboardNavigation()
    {
        table()->setFocus();
        table()->setCurrentIndex(model()->index(0, 0));
        QTest::keyClick(table(), Qt::Key_J);
        QCOMPARE(table()->currentIndex().row(), 1);
        QTest::keyClick(table(), Qt::Key_J);
        QTest::keyClick(table(), Qt::Key_Down);
        QCOMPARE(table()->currentIndex().row(), 3);
        QTest::keyClick(table(), Qt::Key_K);
        QCOMPARE(table()->currentIndex().row(), 2);
        // "/" focuses the filter; typing there does not move the list; Escape goes back
        QTest::keyClick(table(), Qt::Key_Slash);
        QTRY_VERIFY(alerts()->filterBar()->lineEdit()->hasFocus());
        QTest::keyClicks(alerts()->filterBar()->lineEdit(), QStringLiteral("jk"));
        QCOMPARE(table()->currentIndex().row(), 2);
        QCOMPARE(alerts()->filterBar()->lineEdit()->text(), QStringLiteral("jk"));
        QTest::keyClick(alerts()->filterBar()->lineEdit(), Qt::Key_Escape);
        QTRY_VERIFY(table()->hasFocus());
        alerts()->filterBar()->lineEdit()->clear();
        // Enter opens the details: the JSON tree gets the focus and shows this alert
        const qint64 id = model()->alertId(2);
        QTest::keyClick(table(), Qt::Key_Return);
        QTRY_VERIFY(alerts()->detailPane()->tree()->hasFocus());
        QCOMPARE(alerts()->detailPane()->alertId(), id);
        QTRY_VERIFY(alerts()->detailPane()->jsonModel()->indexForPath(QStringLiteral("rule.level")).isValid());
        QVERIFY(alerts()->detailPane()->fullLogView()->toPlainText().contains(QStringLiteral("sshd[")) ||
                alerts()->detailPane()->fullLogView()->toPlainText().contains(QStringLiteral("from 203.0.113.")));
        // j in the details moves to the next alert; Escape returns to the list
        QTest::keyClick(alerts()->detailPane()->tree(), Qt::Key_J);
        QCOMPARE(table()->currentIndex().row(), 3);
        QTest::keyClick(alerts()->detailPane()->tree(), Qt::Key_Escape);
        QTRY_VERIFY(table()->hasFocus());
    }

    void filterInDatabase()
    {
        QVERIFY(alerts()->applyFilterText(QStringLiteral("level>=10")));
        const int expected = m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE rule_level >= 10")).toInt();
        QVERIFY(expected > 0 && expected < kAlerts);
        QVERIFY(waitForRows(expected));
        for (int r = 0; r < 20; ++r) QVERIFY(model()->index(r, 0).data(AlertListModel::LevelRole).toInt() >= 10);
        QVERIFY(alerts()->filterBar()->history().contains(QStringLiteral("level>=10")));
        // a syntax error is shown and changes nothing
        QVERIFY(!alerts()->applyFilterText(QStringLiteral("level>=banana")));
        QVERIFY(!alerts()->filterBar()->errorText().isEmpty());
        QCOMPARE(model()->rowCount(), expected);
        // "filter on this value" from the JSON tree appends a term
        QVERIFY(alerts()->applyFilterText(QStringLiteral("rule:5712")));
        QVERIFY(waitForRows(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 5712")).toInt()));
        QVERIFY(alerts()->applyFilterText(QString()));
        QVERIFY(waitForRows(kAlerts));
    }

    void filterHistoryPersists()
    {
        QSettings s;
        FilterHistory h;
        h.load(s);
        QVERIFY(h.entries().contains(QStringLiteral("rule:5712")));
        QCOMPARE(h.entries().first(), QStringLiteral("rule:5712"));
    }

    void triageOneAlert()
    {
        selectRows(0, 0);
        const qint64 id = model()->alertId(0);
        QTest::keyClick(table(), Qt::Key_A);  // applied off the GUI thread
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT triage_status FROM alerts WHERE id = %1").arg(id)), QStringLiteral("acknowledged"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = %1 AND action = 'acknowledge' "
                                            "AND actor = 'test-analyst'").arg(id)), QStringLiteral("1"));
        QTRY_VERIFY(m_w->statusBar()->currentMessage().contains(QStringLiteral("Acknowledged 1 alert")));
        QTRY_COMPARE(model()->index(0, 0).data(AlertListModel::TriageStatusRole).toString(), QStringLiteral("acknowledged"));
        // the history in the detail pane shows it
        QTRY_COMPARE(alerts()->detailPane()->alertId(), id);
        QTRY_VERIFY(alerts()->detailPane()->historyView()->topLevelItemCount() == 1 &&
                    alerts()->detailPane()->historyView()->topLevelItem(0)->text(1) == QStringLiteral("test-analyst"));
        // assign to me
        QTest::keyClick(table(), Qt::Key_M);
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT assigned_to FROM alerts WHERE id = %1").arg(id)), QStringLiteral("test-analyst"));
        QTRY_COMPARE(alerts()->detailPane()->historyView()->topLevelItemCount(), 2);
    }

    void triageManyWithReason()
    {
        selectRows(3, 7);
        QList<qint64> ids = alerts()->selectedAlertIds();
        QCOMPARE(ids.size(), 5);
        bool okWasDisabled = false, okEnabledAfterTyping = false;
        test::onNextDialog<ReasonDialog>([&](ReasonDialog *d) {
            QPushButton *ok = d->buttons()->button(QDialogButtonBox::Ok);
            okWasDisabled = !ok->isEnabled();
            QTest::keyClicks(d->editor(), QStringLiteral("   "));
            okWasDisabled = okWasDisabled && !ok->isEnabled();  // white space is no reason
            QTest::keyClicks(d->editor(), QStringLiteral("scanner of the blue team"));
            okEnabledAfterTyping = ok->isEnabled();
            ok->click();
        });
        QTest::keyClick(table(), Qt::Key_F);
        QVERIFY(okWasDisabled);
        QVERIFY(okEnabledAfterTyping);
        QStringList idText;
        for (qint64 id : ids) idText << QString::number(id);
        const QString in = idText.join(u',');
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id IN (%1) AND action = 'false_positive' "
                                            "AND reason = 'scanner of the blue team' AND actor = 'test-analyst'").arg(in)), QStringLiteral("5"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE id IN (%1) AND triage_status = 'false_positive'").arg(in)),
                 QStringLiteral("5"));
        QTRY_VERIFY(m_w->statusBar()->currentMessage().contains(QStringLiteral("5 alerts as false positive")));

        // escalate, cancelled: nothing written
        QVERIFY(activate());
        table()->setFocus();
        const QString before = m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log"));
        test::onNextDialog<ReasonDialog>([](ReasonDialog *d) { d->reject(); });
        QTest::keyClick(table(), Qt::Key_E);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log")), before);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE triage_status = 'escalated'")), QStringLiteral("0"));

        // escalate with a reason
        QVERIFY(activate());
        table()->setFocus();
        test::onNextDialog<ReasonDialog>([](ReasonDialog *d) {
            QTest::keyClicks(d->editor(), QStringLiteral("lateral movement"));
            QTest::keyClick(d->editor(), Qt::Key_Return, Qt::ControlModifier);
        });
        QTest::keyClick(table(), Qt::Key_E);
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id IN (%1) AND action = 'escalate' "
                                            "AND reason = 'lateral movement'").arg(in)), QStringLiteral("5"));
        QTRY_VERIFY(m_w->statusBar()->currentMessage().contains(QStringLiteral("Escalated 5 alerts")));
    }

    void liveInsertKeepsPlace()
    {
        QVERIFY(waitForRows(kAlerts) || model()->rowCount() >= kAlerts);
        const int before = model()->rowCount();
        // scrolled down: the analyst's first visible alert stays first visible
        table()->scrollTo(model()->index(500, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY(model()->isRowLoaded(table()->rowAt(0)));
        const qint64 firstVisible = model()->alertId(table()->rowAt(0));
        const QString insert = QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups) "
            "SELECT 'live-%1-' || i, '001', 5710, 5, 'live alert ' || i, '{\"rule\": {\"level\": 5}}'::jsonb, now(), 'host-1', "
            "ARRAY['sshd'] FROM generate_series(1, 3) i; NOTIFY new_alert;");
        QVERIFY(test::TestDatabase::exec(m_fx.db, insert.arg(1)));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), before + 3, 5000);
        QCOMPARE(model()->alertId(table()->rowAt(0)), firstVisible);
        QVERIFY(!m_w->liveLabel()->text().contains(QStringLiteral("No live update")));
        // at the top: the new alerts come into view
        table()->scrollToTop();
        QVERIFY(test::TestDatabase::exec(m_fx.db, insert.arg(2)));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), before + 6, 5000);
        QCOMPARE(table()->rowAt(0), 0);
        QCOMPARE(model()->index(0, AlertListModel::DescriptionColumn).data().toString(), QStringLiteral("live alert 3"));
    }

    void groupSimilar()
    {
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_G);
        QVERIFY(alerts()->isGrouped());
        QTRY_VERIFY_WITH_TIMEOUT(alerts()->groupModel()->rowCount() > 0, 5000);
        qint64 total = 0;
        for (int r = 0; r < alerts()->groupModel()->rowCount(); ++r)
            total += alerts()->groupModel()->index(r, 0).data(AlertGroupModel::CountRole).toLongLong();
        // every alert of the last hour is in exactly one group
        QCOMPARE(total, m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE alert_ts >= now() - interval '1 hour'")).toLongLong());
        // the current group's newest alert is shown in the details
        QTableView *gt = alerts()->groupTable();
        gt->setCurrentIndex(alerts()->groupModel()->index(0, 0));
        const qint64 latest = alerts()->groupModel()->index(0, 0).data(AlertGroupModel::LatestIdRole).toLongLong();
        QTRY_COMPARE(alerts()->detailPane()->alertId(), latest);
        QTRY_VERIFY(alerts()->detailPane()->jsonModel()->rowCount() > 0);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("live_alerts_grouped"));
        // Enter on a group lists its alerts
        const qint64 groupCount = alerts()->groupModel()->index(0, 0).data(AlertGroupModel::CountRole).toLongLong();
        const int rule = alerts()->groupModel()->index(0, 0).data(AlertGroupModel::RuleIdRole).toInt();
        QTest::keyClick(gt, Qt::Key_Return);
        QVERIFY(!alerts()->isGrouped());
        QVERIFY(alerts()->filterBar()->text().contains(QStringLiteral("rule:%1").arg(rule)));
        QVERIFY(waitForRows(int(groupCount)));
        QVERIFY(alerts()->applyFilterText(QString()));
    }

    void agentsViewOpensAlerts()
    {
        QTest::keyClick(m_w.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Agents);
        QVERIFY(m_w->windowTitle().startsWith(QStringLiteral("Eos Console — Agents")));
        AgentsView *av = m_w->agentsView();
        QTRY_COMPARE(av->model()->rowCount(), kAgents);
        QTRY_VERIFY(av->model()->agent(0).alerts24h > 0);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("agents"));
        QTest::keyClicks(av->filterEdit(), QStringLiteral("host-2"));
        QTRY_COMPARE(av->table()->model()->rowCount(), 1);
        QTest::keyClick(av->filterEdit(), Qt::Key_Return);
        QTRY_VERIFY(av->table()->hasFocus());
        QTest::keyClick(av->table(), Qt::Key_Return);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QVERIFY(alerts()->filterBar()->text().contains(QStringLiteral("002")));
        const int expected = m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE agent_id = '002'")).toInt();
        QVERIFY(waitForRows(expected));
        QCOMPARE(model()->index(0, 0).data(AlertListModel::AgentIdRole).toString(), QStringLiteral("002"));
        QVERIFY(alerts()->applyFilterText(QString()));
    }

    void statusBarBacklogAndFailedAlerts()
    {
        m_w->showPage(MainWindow::Page::LiveAlerts);
        QVERIFY(alerts()->applyFilterText(QString()));
        const auto newCount = [&] { return m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'new'")).toLongLong(); };
        const QLocale loc;
        // no instance runs the stages here (pipeline off): the waiting alerts are in the tooltip, not a backlog
        QTRY_VERIFY_WITH_TIMEOUT(m_w->backlogLabel()->toolTip().contains(
                                     QStringLiteral("Enrichment (enrich): not running (%1 waiting)").arg(loc.toString(newCount()))), 10000);
        QCOMPARE(m_w->backlogLabel()->text(), QStringLiteral("Stages: none running"));
        QVERIFY(m_w->backlogLabel()->isVisible());
        QVERIFY(!m_w->failedButton()->isVisible());

        // the enrichment stage gives up on three alerts, as backend/stages/stage_runner.cpp records it
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "WITH f AS (SELECT id FROM alerts ORDER BY id DESC OFFSET 20 LIMIT 3) "
            "UPDATE alerts a SET state = 'failed', failed_stage = 'enrich', failed_from = 'new', stage_attempts = 5, "
            "stage_error = 'Wazuh API: HTTP 503 Service Unavailable' FROM f WHERE a.id = f.id; "
            "INSERT INTO audit_log (alert_id, actor, action, reason, details) "
            "SELECT id, 'eos:enrich', 'stage_failed', stage_error, jsonb_build_object('stage', 'enrich', 'attempts', 5) "
            "FROM alerts WHERE state = 'failed'")));
        const QStringList failedIds = m_fx.scalar(QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY id DESC) FROM alerts "
                                                                 "WHERE state = 'failed'")).split(u',');
        QCOMPARE(failedIds.size(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(m_w->failedButton()->isVisible(), 10000);
        QCOMPARE(m_w->failedButton()->text(), QStringLiteral("Failed: 3"));
        QTRY_VERIFY_WITH_TIMEOUT(m_w->backlogLabel()->toolTip().contains(
                                     QStringLiteral("Enrichment (enrich): not running (%1 waiting)").arg(loc.toString(newCount()))), 10000);

        // a click lists them
        QTest::mouseClick(m_w->failedButton(), Qt::LeftButton);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QCOMPARE(alerts()->filterBar()->text(), QStringLiteral("state:failed"));
        QVERIFY(waitForRows(3));
        QCOMPARE(model()->alertId(0), failedIds.at(0).toLongLong());

        // the detail pane says which stage gave up and why, and the history reads well
        table()->setFocus();
        table()->setCurrentIndex(model()->index(0, 0));
        QTest::keyClick(table(), Qt::Key_Return);
        AlertDetailPane *pane = alerts()->detailPane();
        QTRY_COMPARE(pane->alertId(), failedIds.at(0).toLongLong());
        QTRY_VERIFY(pane->stageBanner()->isVisible());
        QCOMPARE(pane->stageBanner()->text(), QStringLiteral("Failed in stage enrich: Wazuh API: HTTP 503 Service Unavailable"));
        QVERIFY(pane->retryButton()->isVisible() && pane->retryButton()->isEnabled());
        QTRY_COMPARE(pane->historyView()->topLevelItemCount(), 1);
        QCOMPARE(pane->historyView()->topLevelItem(0)->text(1), QStringLiteral("Eos pipeline (enrich)"));
        QCOMPARE(pane->historyView()->topLevelItem(0)->text(2), QStringLiteral("Failed in stage enrich after 5 attempts"));
        QCOMPARE(pane->historyView()->topLevelItem(0)->text(3), QStringLiteral("Wazuh API: HTTP 503 Service Unavailable"));
        QTRY_VERIFY(pane->jsonModel()->rowCount() > 0);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("live_alerts_failed"));

        // Retry in the detail pane: back to 'new', audited, the banner goes
        QTest::mouseClick(pane->retryButton(), Qt::LeftButton);
        const QString first = failedIds.at(0);
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT state FROM alerts WHERE id = %1").arg(first)), QStringLiteral("new"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = %1 AND action = 'stage_retry' "
                                            "AND actor = 'test-analyst'").arg(first)), QStringLiteral("1"));
        QTRY_VERIFY(!pane->stageBanner()->isVisible());
        QTRY_COMPARE(pane->historyView()->topLevelItemCount(), 2);
        QCOMPARE(pane->historyView()->topLevelItem(1)->text(2), QStringLiteral("Retried stage enrich"));
        QTRY_COMPARE(model()->index(0, 0).data(AlertListModel::PipelineStateRole).toString(), QStringLiteral("new"));

        // Retry on a selection (the context menu's action): only the failed ones are sent back
        selectRows(0, 2);
        QCOMPARE(alerts()->selectedFailedAlertIds().size(), 2);
        alerts()->retryAction()->trigger();
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'failed'")), QStringLiteral("0"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'stage_retry'")), QStringLiteral("3"));
        QTRY_VERIFY(m_w->statusBar()->currentMessage().contains(QStringLiteral("Sent 2 alerts back to their stage")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->failedButton()->isVisible(), 10000);
        QVERIFY(!alerts()->retrySelected());  // nothing failed is selected any more
        QVERIFY(alerts()->applyFilterText(QString()));
    }

    void savedViews()
    {
        test::onNextDialog<QInputDialog>([](QInputDialog *d) {
            d->setTextValue(QStringLiteral("critical"));
            d->accept();
        });
        alerts()->filterBar()->comboBox()->setEditText(QStringLiteral("level>=12"));
        alerts()->viewActions().last()->trigger();  // Save Current View As… (saved off the GUI thread)
        QTRY_COMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM saved_views WHERE name = 'critical'")), QStringLiteral("1"));
        SavedViewsStore store(m_fx.db, QStringLiteral("test-analyst"));
        QString error;
        const auto v = store.load(QStringLiteral("critical"), &error);
        QVERIFY2(v, qPrintable(error));
        QCOMPARE(v->filterText, QStringLiteral("level>=12"));
        QVERIFY(!v->columnLayout.value(QStringLiteral("header")).toString().isEmpty());
        // load it from the menu
        QVERIFY(alerts()->applyFilterText(QString()));
        QMenu *load = test::savedViewsLoadMenu(alerts()->savedViewsMenu());  // listed off the GUI thread
        QVERIFY(load);
        QCOMPARE(load->actions().size(), 1);
        load->actions().first()->trigger();
        QTRY_COMPARE(alerts()->filterBar()->text(), QStringLiteral("level>=12"));
        QVERIFY(waitForRows(m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE rule_level >= 12")).toInt()));
        QVERIFY(alerts()->applyFilterText(QString()));
    }

    void shortcutsDialogListsActions()
    {
        QTest::keyClick(m_w.get(), Qt::Key_1, Qt::ControlModifier);
        m_w->shortcutsAction()->trigger();
        auto *d = m_w->findChild<ShortcutsDialog *>();
        QVERIFY(d);
        QTRY_VERIFY(d->isVisible());
        QStringList rows;
        for (int r = 0; r < d->table()->rowCount(); ++r)
            rows << (d->table()->item(r, 0) ? d->table()->item(r, 0)->text() : QString()) + u'|' +
                        (d->table()->item(r, 1) ? d->table()->item(r, 1)->text() : QString());
        int listed = 0;
        for (const auto &g : m_w->shortcutGroups())
            for (QAction *a : g.actions) {
                if (a->shortcuts().isEmpty()) continue;
                const QString key = a->shortcuts().first().toString(QKeySequence::NativeText);
                const QString name = ShortcutsDialog::plainText(a->text());
                QVERIFY2(std::any_of(rows.begin(), rows.end(), [&](const QString &r) { return r.startsWith(name + u'|') && r.contains(key); }),
                         qPrintable(name + QStringLiteral(" / ") + key));
                ++listed;
            }
        QVERIFY(listed >= 15);
        QVERIFY(rows.contains(QStringLiteral("Acknowledge|A")));
        QVERIFY(rows.contains(QStringLiteral("Next Alert|J")));
        QVERIFY(rows.contains(QStringLiteral("Focus the Filter|/")));
        test::GuiFixture::saveScreenshot(d, QStringLiteral("shortcuts_dialog"));
        d->close();
    }

    void settingsAndAbout()
    {
        // no keyring service here (as in CI; the bus address points at nothing): the dialog says so and
        // offers the env file instead of storing anything
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/eos-test-bus");
        SettingsDialog sd(QStringLiteral("test-analyst"), m_w.get());
        sd.show();
        QVERIFY(sd.themeBox()->count() == 3);
        QTRY_VERIFY_WITH_TIMEOUT(sd.keyringStatus()->text().startsWith(QStringLiteral("The OS keyring is not available")), 10000);
        QVERIFY2(sd.keyringStatus()->text().contains(QStringLiteral("eos.env")), qPrintable(sd.keyringStatus()->text()));
        QVERIFY(!sd.storeSecretButton()->isEnabled());
        QVERIFY(!sd.secretEdit()->isEnabled());
        QCOMPARE(sd.secretEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(sd.secretKeyBox()->findText(QStringLiteral("WAZUH_API_PASSWD")) >= 0);
        test::GuiFixture::saveScreenshot(&sd, QStringLiteral("settings_dialog"));
        sd.timeZoneBox()->setCurrentIndex(sd.timeZoneBox()->findData(QStringLiteral("UTC")));
        sd.accept();
        QCOMPARE(UiSettings::timeZoneId(), QStringLiteral("UTC"));
        const QString about = m_w->aboutText();
        QVERIFY(about.contains(QStringLiteral(EOS_VERSION)));
        QVERIFY(about.contains(m_fx.db.database));
        UiSettings::setTimeZoneId(QString());
    }

    void screenshotsLiveAlerts()
    {
        QTest::keyClick(m_w.get(), Qt::Key_1, Qt::ControlModifier);
        QVERIFY(QTest::qWaitFor([&] {
            model()->ensureLoaded(0, 20);
            return model()->rowCount() > 8 && model()->isRowLoaded(8);
        }, 10000));
        table()->setFocus();
        table()->clearSelection();
        table()->setCurrentIndex(model()->index(8, 0));  // an alert with the full Wazuh fields (not a live one)
        QTest::keyClick(table(), Qt::Key_Return);
        QTRY_VERIFY(alerts()->detailPane()->jsonModel()->rowCount() > 0);
        QTest::qWait(100);
        const QString path = test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("live_alerts"));
        QVERIFY(QFile::exists(path));
    }

    void layoutRemembered()
    {
        // (the description stretches over the slack: its width is not kept, the others' are)
        table()->horizontalHeader()->resizeSection(AlertListModel::AgentColumn, 333);
        m_w->close();
        MainWindow again(m_fx.session.get());
        QCOMPARE(again.alertsView()->table()->horizontalHeader()->sectionSize(AlertListModel::AgentColumn), 333);
        QCOMPARE(again.alertsView()->table()->horizontalHeader()->sectionResizeMode(AlertListModel::DescriptionColumn), QHeaderView::Stretch);
        m_w->show();
    }

    // A first start (no geometry kept) on a screen narrower than the console's 228 characters takes the
    // screen's whole width (90 % of a 1366 px laptop squeezed the alerts' description to a few letters).
    void firstStartTakesTheWidthOfASmallScreen()
    {
        QSettings().remove(QStringLiteral("layout/mainWindowGeometry"));
        MainWindow fresh(m_fx.session.get());
        const QRect avail = fresh.screen()->availableGeometry();
        const int wanted = QFontMetrics(fresh.font()).averageCharWidth() * 228;
        QVERIFY2(avail.width() < wanted, "the offscreen screen is the small one here");
        QCOMPARE(fresh.width(), avail.width());
        QCOMPARE(fresh.pos(), avail.topLeft());
        QVERIFY(fresh.height() <= avail.height());
    }

    void themeFollowsSystem()
    {
        QVERIFY(Theme::isDark(Theme::darkPalette()));
        QVERIFY(!Theme::isDark(Theme::lightPalette()));
        // explicit choices override whatever the platform uses
        QVERIFY(Theme::apply(UiSettings::Theme::Dark));
        QVERIFY(Theme::isDark(QApplication::palette()));
        QVERIFY(!Theme::apply(UiSettings::Theme::Light));
        QVERIFY(!Theme::isDark(QApplication::palette()));
        // "System" gives the platform's own palette back
        QCOMPARE(Theme::apply(UiSettings::Theme::System), Theme::systemPrefersDark());
        QCOMPARE(Theme::isDark(QApplication::palette()), Theme::systemPrefersDark());
        Theme::apply(UiSettings::Theme::Light);
    }

    void darkAndGerman()
    {
        // dark theme
        Theme::apply(UiSettings::Theme::Dark);
        QVERIFY(Theme::currentIsDark());
        {
            MainWindow dark(m_fx.session.get());
            dark.resize(1600, 900);
            dark.showPage(MainWindow::Page::LiveAlerts);
            dark.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dark));
            QTRY_VERIFY(dark.alertsView()->model()->rowCount() > 0 && dark.alertsView()->model()->isRowLoaded(0));
            dark.alertsView()->table()->setCurrentIndex(dark.alertsView()->model()->index(9, 0));
            QTRY_VERIFY(dark.alertsView()->detailPane()->jsonModel()->rowCount() > 0);
            QTest::qWait(100);
            test::GuiFixture::saveScreenshot(&dark, QStringLiteral("live_alerts_dark"));
        }
        Theme::apply(UiSettings::Theme::Light);
        // German
        QCOMPARE(ConsoleApp::installTranslators(QStringLiteral("de")), QStringLiteral("de"));
        {
            MainWindow de(m_fx.session.get());
            de.resize(1600, 900);
            de.show();
            QVERIFY(QTest::qWaitForWindowExposed(&de));
            QVERIFY(de.windowTitle().startsWith(QStringLiteral("Eos Console — Übersicht")));
            de.showPage(MainWindow::Page::LiveAlerts);
            QVERIFY(de.windowTitle().startsWith(QStringLiteral("Eos Console — Live-Alarme")));
            QTRY_VERIFY(de.alertsView()->model()->rowCount() > 0 && de.alertsView()->model()->isRowLoaded(0));
            de.alertsView()->table()->setCurrentIndex(de.alertsView()->model()->index(10, 0));
            QTRY_VERIFY(de.alertsView()->detailPane()->jsonModel()->rowCount() > 0);
            QTest::qWait(100);
            test::GuiFixture::saveScreenshot(&de, QStringLiteral("live_alerts_de"));
            de.showPage(MainWindow::Page::Agents);
            QTRY_VERIFY(de.agentsView()->model()->rowCount() > 0);
            test::GuiFixture::saveScreenshot(&de, QStringLiteral("agents_de"));
        }
        ConsoleApp::installTranslators(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
