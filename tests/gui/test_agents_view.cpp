// AgentsView on the real window (offscreen, real PostgreSQL): its columns fit a 1366 px window without
// horizontal scrolling and give a wider one's slack to the name, OS and groups; it follows the enrichment
// stage live (NOTIFY agent_status) — new agents, status changes, the status counts in its header — keeping
// the analyst's selection; the manager and never-connected agents read as such; a theme switch reaches it.
// (Opening an agent's alerts is a MainWindow test: it crosses pages.)
#include "gui_fixture.h"

#include "agent_list_model.h"
#include "agents_view.h"
#include "main_window.h"
#include "theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTextDocumentFragment>

using namespace eos;

namespace {
constexpr int kAgents = 6;
constexpr int kAlerts = 200;
}  // namespace

class TestAgentsView : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_agents_view")));
        QVERIFY(m_fx.insertData(kAgents, kAlerts));
        m_w = m_fx.openMainWindow(QSize(1600, 900), MainWindow::Page::Agents);
        QVERIFY(m_w);
        QTRY_COMPARE_WITH_TIMEOUT(m_w->agentsView()->model()->rowCount(), kAgents, 10000);
    }

    void cleanupTestCase() { m_w.reset(); }

    // At 1366 px every column fits without horizontal scrolling; a wider window gives the slack to the
    // name, OS and groups columns.
    void agentsViewFitsTheWindow()
    {
        m_w->showPage(MainWindow::Page::Agents);
        AgentsView *av = m_w->agentsView();
        const QSize before = m_w->size();
        auto visibleWidth = [av] {
            int sum = 0;
            const QHeaderView *h = av->table()->horizontalHeader();
            for (int c = 0; c < h->count(); ++c)
                if (!h->isSectionHidden(c)) sum += h->sectionSize(c);
            return sum;
        };
        m_w->resize(1366, 768);
        QTRY_VERIFY(visibleWidth() <= av->table()->viewport()->width());
        QTRY_VERIFY(!av->table()->horizontalScrollBar()->isVisible());
        const int osAt1366 = av->table()->horizontalHeader()->sectionSize(AgentListModel::OsColumn);
        m_w->resize(1920, 1000);
        QTRY_VERIFY(av->table()->horizontalHeader()->sectionSize(AgentListModel::OsColumn) > osAt1366);
        QVERIFY(visibleWidth() <= av->table()->viewport()->width());
        m_w->resize(before);
    }

    // A saved layout keeps its widths only when the analyst set them: fitted widths saved from one window
    // size come back fitted to the next (they once overflowed a 1366 px window after a restart).
    void savedLayoutKeepsOnlyTheAnalystsWidths()
    {
        m_w->showPage(MainWindow::Page::Agents);
        AgentsView *av = m_w->agentsView();
        QHeaderView *h = av->table()->horizontalHeader();
        const QSize before = m_w->size();
        m_w->resize(1920, 1000);
        QTRY_VERIFY(!av->table()->horizontalScrollBar()->isVisible());
        const int osWide = h->sectionSize(AgentListModel::OsColumn);
        av->saveLayout();  // fitted widths (the first start's)
        av->restoreLayout();
        m_w->resize(1366, 768);
        QTRY_VERIFY(h->sectionSize(AgentListModel::OsColumn) < osWide);  // still fitted
        QTRY_VERIFY(!av->table()->horizontalScrollBar()->isVisible());

        // a layout saved before the flag existed: fitted as well
        QSettings().remove(QStringLiteral("layout/agentsOwnWidths"));
        m_w->resize(1920, 1000);
        QTRY_COMPARE(h->sectionSize(AgentListModel::OsColumn), osWide);
        av->restoreLayout();
        m_w->resize(1366, 768);
        QTRY_VERIFY(h->sectionSize(AgentListModel::OsColumn) < osWide);

        // the analyst widens the OS column: kept across a save and restore and a window resize
        h->resizeSection(AgentListModel::OsColumn, 333);
        av->saveLayout();
        av->restoreLayout();
        m_w->resize(1600, 900);
        QCoreApplication::processEvents();
        QCOMPARE(h->sectionSize(AgentListModel::OsColumn), 333);

        // back to fitted widths for the other cases (as a first start)
        QSettings().remove(QStringLiteral("layout/agentsHeader2"));
        QSettings().remove(QStringLiteral("layout/agentsOwnWidths"));
        av->restoreLayout();
        m_w->resize(before);
        QTRY_VERIFY(!av->table()->horizontalScrollBar()->isVisible());
    }

    void agentsViewIsLive()
    {
        m_w->showPage(MainWindow::Page::Agents);
        AgentsView *av = m_w->agentsView();
        av->filterEdit()->clear();
        QTRY_COMPARE(av->table()->model()->rowCount(), kAgents);
        // counts per status in the view's header: agent 004 is the disconnected one
        QTRY_COMPARE(av->statusCountsLabel()->accessibleName(), QStringLiteral("Active 5 · Disconnected 1"));
        QCOMPARE(QTextDocumentFragment::fromHtml(av->statusCountsLabel()->text()).toPlainText(),
                 QStringLiteral("\u25CF Active 5 · \u25CF Disconnected 1"));
        QVERIFY(av->statusCountsLabel()->isVisible());
        // the analyst is on agent 004
        const QModelIndexList hits = av->table()->model()->match(av->table()->model()->index(0, AgentListModel::IdColumn),
                                                                  AgentListModel::AgentIdRole, QStringLiteral("004"), 1, Qt::MatchExactly);
        QCOMPARE(hits.size(), 1);
        av->table()->setFocus();
        av->table()->selectRow(hits.first().row());
        av->table()->setCurrentIndex(hits.first().siblingAtColumn(AgentListModel::NameColumn));
        QCOMPARE(av->table()->model()->index(hits.first().row(), AgentListModel::StatusColumn).data().toString(),
                 QStringLiteral("Disconnected"));

        // the enrichment stage writes what the Wazuh API says, then NOTIFY agent_status
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO agents (id, name, ip, os, agent_version, status_text, last_seen, groups, node_name, status_changed_at) VALUES "
            "('000', 'wazuh-manager', '127.0.0.1', 'Ubuntu 22.04.3 LTS', 'Wazuh v4.7.2', 'active', '9999-12-31 23:59:59+00', '[]', 'node01', now()), "
            "('007', 'build-07', '10.0.0.7', 'Microsoft Windows Server 2022', 'Wazuh v4.7.2', 'pending', now() - interval '2 hours', "
            "        '[\"default\", \"windows\"]', 'node01', now()), "
            "('008', 'laptop-08', NULL, NULL, NULL, 'never_connected', NULL, '[\"default\"]', NULL, now()); "
            "UPDATE agents SET status_text = 'disconnected', last_seen = now() - interval '3 days', status_changed_at = now() WHERE id = '002'; "
            "UPDATE agents SET node_name = 'node01' WHERE node_name IS NULL AND id <> '008'; "
            "NOTIFY agent_status, '4'")));
        QTRY_COMPARE(av->statusCountsLabel()->accessibleName(),
                     QStringLiteral("Active 5 · Disconnected 2 · Pending 1 · Never connected 1"));
        QTRY_COMPARE(av->table()->model()->rowCount(), kAgents + 3);
        // the selection and the current row stayed on agent 004
        const QModelIndexList sel = av->table()->selectionModel()->selectedRows();
        QCOMPARE(sel.size(), 1);
        QCOMPARE(sel.first().data(AgentListModel::AgentIdRole).toString(), QStringLiteral("004"));
        QCOMPARE(av->table()->currentIndex().data(AgentListModel::AgentIdRole).toString(), QStringLiteral("004"));
        // the manager, placeholders, time since the last keep-alive
        const QModelIndexList manager = av->table()->model()->match(av->table()->model()->index(0, 0), AgentListModel::AgentIdRole,
                                                                     QStringLiteral("000"), 1, Qt::MatchExactly);
        QCOMPARE(manager.size(), 1);
        QCOMPARE(manager.first().siblingAtColumn(AgentListModel::NameColumn).data().toString(), QStringLiteral("wazuh-manager (manager)"));
        const QModelIndexList never = av->table()->model()->match(av->table()->model()->index(0, 0), AgentListModel::AgentIdRole,
                                                                   QStringLiteral("008"), 1, Qt::MatchExactly);
        QCOMPARE(never.first().siblingAtColumn(AgentListModel::IpColumn).data().toString(), AgentListModel::placeholder());
        const QModelIndexList two = av->table()->model()->match(av->table()->model()->index(0, 0), AgentListModel::AgentIdRole,
                                                                 QStringLiteral("002"), 1, Qt::MatchExactly);
        QCOMPARE(two.first().siblingAtColumn(AgentListModel::SinceColumn).data().toString(), QStringLiteral("3 days ago"));

        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("agents"));
        Theme::apply(UiSettings::Theme::Dark);
        QTRY_VERIFY(Theme::isDark(av->palette()));
        // the navigation follows the theme switch too (no palette of its own: its background is the window colour)
        QCOMPARE(m_w->navigation()->viewport()->backgroundRole(), QPalette::Window);
        QCOMPARE(m_w->navigation()->palette().color(QPalette::Window), m_w->palette().color(QPalette::Window));
        QVERIFY(m_w->navigation()->palette().color(QPalette::Window).lightness() < 128);
        // the dots take the dark variants of the status colours
        QTRY_VERIFY(av->statusCountsLabel()->text().contains(AgentListModel::statusColor(QStringLiteral("active"), true).name()));
        QCOMPARE(QTextDocumentFragment::fromHtml(av->statusCountsLabel()->text()).toPlainText(),
                 QStringLiteral("\u25CF Active 5 · \u25CF Disconnected 2 · \u25CF Pending 1 · \u25CF Never connected 1"));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("agents_dark"));
        Theme::apply(UiSettings::Theme::Light);
        m_w->showPage(MainWindow::Page::LiveAlerts);
    }

};

QTEST_MAIN(TestAgentsView)
#include "test_agents_view.moc"
