// The Overview page in the real window, offscreen: it is the first page of the sidebar and the one the
// console opens on, its lists fill from the database, a click on a top agent (or any item) switches to
// Live Alerts filtered on it and the range, an empty range shows the placeholder, new alerts show up
// live, the range picker drives it. Screenshots (light and dark, English and German, 1366×768 and
// 1920×1080) of the Wazuh sample alerts go to the build's screenshots directory.
#include "gui_fixture.h"

#include "alert_histogram_widget.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "console_app.h"
#include "filter_bar.h"
#include "ingest/alert_parser.h"
#include "main_window.h"
#include "overview_view.h"
#include "store/alert_store.h"
#include "theme.h"
#include "time_range_picker.h"
#include "ui_settings.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTreeWidget>

using namespace eos;

namespace {
constexpr int kAgents = 6;
constexpr int kAlerts = 300;
}  // namespace

class TestOverviewView : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

    OverviewView *view() const { return m_w->overviewView(); }

    static bool waitForResult(OverviewView *v, qint64 total)
    {
        if (QTest::qWaitFor([&] { return !v->model()->isLoading() && v->model()->result().total == total; }, 15000)) return true;
        qWarning("overview: total %lld (want %lld), loading %d, active %d, listening %d, refreshes %d, error %s", v->model()->result().total,
                 total, v->model()->isLoading(), v->model()->isActive(), v->model()->isListening(), v->model()->refreshes(),
                 qPrintable(v->model()->result().error));
        return false;
    }

    // the 5,000 Wazuh sample alerts, moved in time so the newest is now (as a live manager would have them)
    static bool loadSamples(const DbConnectionInfo &info)
    {
        // EOS_SAMPLE_ALERTS: a bigger sample file (e.g. 5,000 alerts) for the screenshots
        QFile f(qEnvironmentVariable("EOS_SAMPLE_ALERTS", QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson")));
        if (!f.open(QIODevice::ReadOnly)) return false;
        std::vector<AlertRecord> records;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            AlertRecord r;
            QString msg;
            if (AlertParser::parse(line, &r, &msg) == AlertParser::Error::None) records.push_back(std::move(r));
        }
        QString err;
        QSqlDatabase db = info.open(QStringLiteral("samples"), &err);
        if (!db.isOpen()) return false;
        bool ok = true;
        for (size_t i = 0; i < records.size() && ok; i += 500) {
            AlertStore::Alerts batch;
            for (size_t k = i; k < std::min(records.size(), i + 500); ++k) batch.push_back(&records[k]);
            const auto outcome = AlertStore::insertBatch(db, batch);
            ok = outcome.ok;
            if (!ok) qWarning("samples: %s", qPrintable(outcome.error));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("samples"));
        // the newest alert now; triage and pipeline states as a working day leaves them
        if (ok) ok = test::TestDatabase::exec(info, QStringLiteral(
                   "UPDATE alerts SET alert_ts = alert_ts + (SELECT now() - max(alert_ts) FROM alerts);"
                   "UPDATE alerts SET state = 'sent' WHERE id % 3 = 0;"
                   "UPDATE alerts SET state = 'summarized' WHERE id % 3 = 1 AND id % 5 = 0;"
                   "UPDATE alerts SET state = 'failed', failed_stage = 'llm', failed_from = 'agent_enriched' WHERE id % 97 = 0;"
                   "UPDATE alerts SET triage_status = 'acknowledged' WHERE id % 4 = 0;"
                   "UPDATE alerts SET triage_status = 'false_positive', triage_reason = 'scanner' WHERE id % 11 = 0;"
                   "UPDATE alerts SET triage_status = 'escalated', triage_reason = 'check' WHERE id % 29 = 0;"), &err);
        if (!ok) qWarning("samples: %s", qPrintable(err));
        return ok;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_overview")));
        QVERIFY(m_fx.insertData(kAgents, kAlerts));
        m_w = m_fx.openMainWindow(QSize(1366, 768));
        QVERIFY(m_w);
    }

    void cleanupTestCase() { m_w.reset(); }

    void isFirstAndShownOnStart()
    {
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Overview);
        QCOMPARE(int(MainWindow::Page::Overview), 0);
        QCOMPARE(m_w->navigation()->item(0)->text(), QStringLiteral("Overview"));
        QCOMPARE(m_w->navigation()->currentRow(), 0);
        QVERIFY(view()->isVisible());
        QVERIFY(m_w->windowTitle().startsWith(QStringLiteral("Eos Console — Overview")));
        QVERIFY(view()->model()->isActive());
        QCOMPARE(view()->model()->rangeTerms(), QStringLiteral("last:1d"));
        QCOMPARE(view()->rangePicker()->comboBox()->currentText(), QStringLiteral("Last 24 hours"));
        // Live Alerts' triage actions are off while the overview is shown
        for (QAction *a : m_w->alertsView()->triageActions()) QVERIFY(!a->isEnabled());
    }

    void itemsShow()
    {
        QVERIFY(waitForResult(view(), kAlerts));
        QVERIFY(!view()->isShowingPlaceholder());
        // the fixture: 5 rules round robin, 6 agents round robin, 50 source IPs
        QCOMPARE(view()->rulesList()->topLevelItemCount(), 5);
        QCOMPARE(view()->agentsList()->topLevelItemCount(), kAgents);
        QCOMPARE(view()->sourceIpsList()->topLevelItemCount(), 10);
        QCOMPARE(view()->triageList()->topLevelItemCount(), 4);
        QCOMPARE(view()->stagesList()->topLevelItemCount(), 6);
        QCOMPARE(view()->severityList()->topLevelItemCount(), 4);
        QTreeWidgetItem *rule = view()->rulesList()->topLevelItem(0);
        QCOMPARE(rule->text(1), QStringLiteral("60"));
        QVERIFY(rule->text(0).contains(QStringLiteral("sshd")) || rule->text(0).contains(QStringLiteral("PAM")) ||
                rule->text(0).contains(QStringLiteral("web")) || rule->text(0).contains(QStringLiteral("Suspicious")));
        QCOMPARE(view()->agentsList()->topLevelItem(0)->text(1), QStringLiteral("50"));
        QVERIFY(view()->agentsList()->topLevelItem(0)->text(0).contains(QStringLiteral("host-")));
        QCOMPARE(view()->stagesList()->topLevelItem(0)->text(1), QStringLiteral("300"));  // all new
        QCOMPARE(view()->triageList()->topLevelItem(0)->text(0), QStringLiteral("Untriaged"));
        QVERIFY(view()->statusLabel()->text().startsWith(QStringLiteral("Updated")));
        QVERIFY2(view()->findChild<QLabel *>(QStringLiteral("overviewTotal"))->text().contains(QStringLiteral("300 alerts")),
                 qPrintable(view()->findChild<QLabel *>(QStringLiteral("overviewTotal"))->text()));
        QCOMPARE(view()->histogram()->result().total(), qint64(kAlerts));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("overview_fixture"));
    }

    void clickingATopAgentListsItsAlerts()
    {
        QTreeWidget *agents = view()->agentsList();
        QTreeWidgetItem *top = agents->topLevelItem(0);
        const QString agentText = top->text(0);
        const QString agentId = agentText.section(u' ', 0, 0);
        const QRect r = agents->visualItemRect(top);
        QVERIFY(r.isValid());
        QTest::mouseClick(agents->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QCOMPARE(m_w->alertsView()->filterBar()->text(), QStringLiteral("agent:%1 last:1d").arg(agentId));
        const qint64 expected = m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE agent_id = '%1'").arg(agentId)).toLongLong();
        QCOMPARE(expected, qint64(50));
        QTRY_VERIFY_WITH_TIMEOUT(m_w->alertsView()->model()->isCountExact() && m_w->alertsView()->model()->rowCount() == expected, 15000);
        for (int row = 0; row < 5; ++row)
            QCOMPARE(m_w->alertsView()->model()->index(row, AlertListModel::AgentColumn).data().toString().contains(agentId), true);
        // triage works again on Live Alerts
        for (QAction *a : m_w->alertsView()->triageActions()) QVERIFY(a->isEnabled());
        // back (Ctrl+0); the overview is active again, Live Alerts keeps its filter
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
        QTest::keyClick(m_w.get(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Overview);
        QVERIFY(view()->model()->isActive());
    }

    void otherItemsClickThrough()
    {
        // Enter on a pipeline stage and a source IP
        QTreeWidget *stages = view()->stagesList();
        stages->setFocus();
        stages->setCurrentItem(stages->topLevelItem(0));
        QTest::keyClick(stages, Qt::Key_Return);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QCOMPARE(m_w->alertsView()->filterBar()->text(), QStringLiteral("state:new last:1d"));
        m_w->showPage(MainWindow::Page::Overview);
        QTreeWidget *ips = view()->sourceIpsList();
        const QRect r = ips->visualItemRect(ips->topLevelItem(0));
        QTest::mouseClick(ips->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        QVERIFY(m_w->alertsView()->filterBar()->text().startsWith(QStringLiteral("data.srcip:203.0.113.")));
        QTRY_VERIFY_WITH_TIMEOUT(m_w->alertsView()->model()->isCountExact() && m_w->alertsView()->model()->rowCount() == 6, 15000);
        // a severity band
        m_w->showPage(MainWindow::Page::Overview);
        QTreeWidget *sev = view()->severityList();
        QCOMPARE(sev->topLevelItem(0)->text(0), QStringLiteral("Level ≥ 12"));
        QTest::mouseClick(sev->viewport(), Qt::LeftButton, {}, sev->visualItemRect(sev->topLevelItem(0)).center());
        QCOMPARE(m_w->alertsView()->filterBar()->text(), QStringLiteral("level:12..16 last:1d"));
        m_w->showPage(MainWindow::Page::Overview);
    }

    void rangeAndPlaceholder()
    {
        QSignalSpy updated(view()->model(), &OverviewModel::updated);
        // a range with no alert: the placeholder
        view()->setRangeTerms(QStringLiteral("after:2020-01-01 before:2020-01-02"));
        QVERIFY(updated.wait(15000));
        QVERIFY(view()->isShowingPlaceholder());
        QVERIFY(view()->placeholder()->isVisible());
        QCOMPARE(view()->placeholder()->text(), QStringLiteral("No alerts in this range"));
        QVERIFY(view()->rangePicker()->comboBox()->currentText().startsWith(QStringLiteral("2020-01-01")));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("overview_empty"));
        // the picker: last 7 days
        QComboBox *combo = view()->rangePicker()->comboBox();
        const int idx = combo->findText(QStringLiteral("Last 7 days"));
        QVERIFY(idx >= 0);
        combo->setCurrentIndex(idx);
        Q_EMIT combo->activated(idx);
        QCOMPARE(view()->model()->rangeTerms(), QStringLiteral("last:1w"));
        QVERIFY(waitForResult(view(), kAlerts));
        QVERIFY(!view()->isShowingPlaceholder());
        QCOMPARE(view()->model()->clickThroughFilter(QStringLiteral("rule:5710")), QStringLiteral("rule:5710 last:1w"));
    }

    void liveUpdates()
    {
        view()->model()->setMinIntervalMs(300);
        QTRY_VERIFY_WITH_TIMEOUT(view()->model()->isListening(), 10000);
        QString err;
        QVERIFY2(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, src_ip, state) "
            "SELECT 'live-' || g, '001', 5710, 5, 'sshd: live', '{}'::jsonb, now(), '198.51.100.1', 'new' FROM generate_series(1, 70) g;"
            "NOTIFY new_alert;"), &err), qPrintable(err));
        QVERIFY(waitForResult(view(), kAlerts + 70));
        QTRY_COMPARE(view()->sourceIpsList()->topLevelItem(0)->text(0), QStringLiteral("198.51.100.1"));
        QCOMPARE(view()->sourceIpsList()->topLevelItem(0)->text(1), QStringLiteral("70"));
    }

    void screenshots()
    {
        // the Wazuh sample alerts in a database of their own, on a console of its own
        const DbConnectionInfo info = test::TestDatabase::create(QStringLiteral("gui_overview_samples"));
        QVERIFY(test::TestDatabase::migrate(info));
        QVERIFY(loadSamples(info));
        Config config;
        config.set(QStringLiteral("PG_DSN"), info.toUri());
        config.set(QStringLiteral("EOS_PIPELINE"), QStringLiteral("off"));
        config.set(QStringLiteral("EOS_ANALYST"), QStringLiteral("test-analyst"));
        ConsoleSession session(config);
        QString error;
        QVERIFY2(session.open(&error), qPrintable(error));
        const qint64 total = test::TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE alert_ts >= now() - interval '7 days'")).toLongLong();
        QVERIFY(total > 0);
        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("de")}) {
            QCOMPARE(ConsoleApp::installTranslators(lang), lang);
            for (const bool dark : {false, true}) {
                Theme::apply(dark ? UiSettings::Theme::Dark : UiSettings::Theme::Light);
                for (const QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
                    MainWindow w(&session);
                    w.resize(size);
                    w.show();
                    QVERIFY(QTest::qWaitForWindowExposed(&w));
                    QCOMPARE(w.currentPage(), MainWindow::Page::Overview);
                    w.overviewView()->setRangeTerms(QStringLiteral("last:7d"));
                    QVERIFY(waitForResult(w.overviewView(), total));
                    QVERIFY(w.overviewView()->tacticsList()->topLevelItemCount() >= 1);
                    QTest::qWait(50);
                    test::GuiFixture::saveScreenshot(&w, QStringLiteral("overview-%1-%2-%3x%4")
                                                             .arg(dark ? QStringLiteral("dark") : QStringLiteral("light"), lang)
                                                             .arg(size.width()).arg(size.height()));
                }
            }
        }
        Theme::apply(UiSettings::Theme::Light);
        ConsoleApp::installTranslators(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestOverviewView)
#include "test_overview_view.moc"
