// The honest status bar, the sidebar and theme switches on the real MainWindow (offscreen, real
// PostgreSQL): one database label; the listener "not running" with the reason when nothing listens; the
// backlog only of stages some instance runs (daemon_status rows of another "daemon" on the database);
// a 401 from the embedded listener (a console running the pipeline, a request with a wrong token) shown
// as a rejection and listed with time, peer and reason; notifications for high-level alerts through the
// seam, with the sidebar's count clearing when Live Alerts is viewed; the sidebar's keyboard navigation
// and icons; a theme switch reaching the sidebar at once. Screenshots (1366×768, light/dark, EN/DE) go
// to the build's screenshots directory and, when it exists, /work/notes/shots.
#include "gui_fixture.h"

#include "agent_list_model.h"
#include "agents_view.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "console_app.h"
#include "filter_bar.h"
#include "main_window.h"
#include "rejections_dialog.h"
#include "sidebar.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>

using namespace eos;

namespace {
QString shotsDir()
{
    const QString notes = QStringLiteral("/work/notes/shots");
    return QDir(notes).exists() ? notes : QString();
}

void shoot(QWidget *w, const QString &name)
{
    test::GuiFixture::saveScreenshot(w, name);
    if (!shotsDir().isEmpty()) w->grab().save(shotsDir() + u'/' + name + QStringLiteral(".png"));
}

// the colour of the sidebar's empty area (below the last entry)
QColor sidebarBackground(QListWidget *nav)
{
    const QImage img = nav->grab().toImage();
    return img.pixelColor(img.width() / 2, img.height() - 3);
}
}  // namespace

class TestStatusBar : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;
    QTemporaryDir m_dataDir;

    qint64 newCount() const { return m_fx.scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'new'")).toLongLong(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_status_bar")));
        QVERIFY(m_fx.insertData(4, 300));
        m_w = m_fx.openMainWindow(QSize(1366, 768));
        QVERIFY(m_w);
    }

    void cleanupTestCase() { m_w.reset(); }

    void oneDatabaseLabel()
    {
        const QString label = m_w->databaseLabel()->accessibleName();
        QCOMPARE(label, QStringLiteral("Database: %1").arg(m_fx.session->databaseDescription()));
        QCOMPARE(label.count(QStringLiteral("Database")), 1);
        QVERIFY(!label.contains(QStringLiteral("(embedded)")));
        QVERIFY(m_w->databaseLabel()->toolTip().contains(QStringLiteral("Schema version")));
        // the About box names it once too
        QCOMPARE(m_w->aboutText().count(m_fx.session->databaseDescription().toHtmlEscaped()), 1);
        QVERIFY(!m_w->aboutText().contains(QStringLiteral("(embedded)")));
    }

    void listenerNotRunningAndNoStages()
    {
        // pipeline off and no daemon on the database: nothing listens, no stage runs
        QTRY_COMPARE_WITH_TIMEOUT(m_w->listenerLabel()->text(), QStringLiteral("Listener not running: pipeline off, no daemon on this database"), 10000);
        QVERIFY(m_w->listenerLabel()->toolTip().contains(QStringLiteral("EOS_PIPELINE=off")));
        QVERIFY(!m_w->listenerLabel()->text().contains(QStringLiteral("running"), Qt::CaseSensitive) ||
                m_w->listenerLabel()->text().contains(QStringLiteral("not running")));
        QCOMPARE(m_w->backlogLabel()->text(), QStringLiteral("Stages: none running"));
        const QLocale loc;
        QVERIFY2(m_w->backlogLabel()->toolTip().contains(QStringLiteral("Enrichment (enrich): not running (%1 waiting)").arg(loc.toString(newCount()))),
                 qPrintable(m_w->backlogLabel()->toolTip()));
        QVERIFY(!m_w->rejectedButton()->isVisible());
        QVERIFY(m_w->healthLabel()->text().contains(QStringLiteral("alerts/s")));
    }

    void backlogOnlyForRunningStages()
    {
        // another daemon on this database runs enrichment only, and no listener (no token)
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO daemon_status (instance, host, pid, version, mode, started_at, interval_s, stages, listener, figures) "
            "VALUES ('stage-host:4242:1', 'stage-host', 4242, '1.0', 'daemon', now(), 10, '{ingest,enrich}', "
            "'not running: WEBHOOK_AUTH_TOKEN is not set', '{}')")));
        const QLocale loc;
        QTRY_COMPARE_WITH_TIMEOUT(m_w->backlogLabel()->text(), QStringLiteral("Backlog: enrich %1").arg(loc.toString(newCount())), 10000);
        QVERIFY(!m_w->backlogLabel()->text().contains(QStringLiteral("llm")));
        QVERIFY(m_w->backlogLabel()->toolTip().contains(QStringLiteral("AI summary (llm): not running")));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->listenerLabel()->text(), QStringLiteral("Listener not running: no WEBHOOK_AUTH_TOKEN"), 10000);
        QVERIFY(m_w->listenerLabel()->toolTip().contains(QStringLiteral("daemon on stage-host (pid 4242)")));

        // it gets a token and reports refused requests: shown from its report (a separate daemon's listener)
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "UPDATE daemon_status SET updated_at = now(), listener = '0.0.0.0:9000', figures = jsonb_build_object('listener', "
            "jsonb_build_object('tls', false, 'last_minute', jsonb_build_object('auth', 2, 'too_large', 1), "
            "'recent', jsonb_build_array("
            "  jsonb_build_object('at', to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'peer', '198.51.100.7', "
            "                     'status', 401, 'reason', 'auth', 'count', 2),"
            "  jsonb_build_object('at', to_char(now() at time zone 'utc' - interval '5 seconds', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
            "                     'peer', '198.51.100.8', 'status', 413, 'reason', 'too_large', 'count', 1))))")));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->listenerLabel()->text(), QStringLiteral("Listener http://0.0.0.0:9000 (stage-host)"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_w->rejectedButton()->text(), QStringLiteral("Rejected (1 min): 401 token ×2 · 413 too large ×1"), 10000);
        QVERIFY(m_w->rejectedButton()->isVisible());
        QTest::mouseClick(m_w->rejectedButton(), Qt::LeftButton);
        QTRY_VERIFY(m_w->rejectionsDialog() && m_w->rejectionsDialog()->isVisible());
        QTreeWidget *list = m_w->rejectionsDialog()->list();
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("198.51.100.7"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("401: wrong or missing X-Auth-Token"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("2"));
        QCOMPARE(list->topLevelItem(1)->text(2), QStringLiteral("413: body larger than EOS_MAX_BODY"));
        m_w->rejectionsDialog()->close();

        // a stale row (three intervals without a report) is no longer a running instance
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral("UPDATE daemon_status SET updated_at = now() - interval '1 minute'")));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->backlogLabel()->text(), QStringLiteral("Stages: none running"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_w->listenerLabel()->text().startsWith(QStringLiteral("Listener not running")), 10000);
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral("DELETE FROM daemon_status")));
    }

    void notificationsAndSidebarCount()
    {
        AlertNotifier *notifier = m_w->alertNotifier();
        QCOMPARE(notifier->level(), 12);
        QList<AlertNotifier::Notification> shown;
        m_w->setNotificationSink([&](const AlertNotifier::Notification &n) { shown << n; });
        QTRY_VERIFY_WITH_TIMEOUT(notifier->isFollowing(), 10000);  // from now on new alerts are noticed
        m_w->showPage(MainWindow::Page::Agents);  // the analyst is elsewhere
        const int liveRow = int(MainWindow::Page::LiveAlerts);
        QCOMPARE(m_w->sidebar()->badge(liveRow), qint64(0));

        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, state) VALUES "
            "('notify-1', '001', 100002, 13, 'Suspicious process spawned by web server', '{}'::jsonb, now(), 'host-1', 'new'), "
            "('notify-2', '002', 5710, 5, 'sshd: Attempt to login using a non-existent user', '{}'::jsonb, now(), 'host-2', 'new'); "
            "SELECT pg_notify('new_alert', (SELECT max(id) FROM alerts)::text)")));
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 15000);
        QCOMPARE(shown.at(0).count, 1);
        QCOMPARE(shown.at(0).title, QStringLiteral("Level 13 alert"));
        QCOMPARE(shown.at(0).text, QStringLiteral("Suspicious process spawned by web server (agent host-1)"));
        QCOMPARE(m_w->sidebar()->badge(liveRow), qint64(1));
        QVERIFY(m_w->sidebar()->item(liveRow)->data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("level 12 or above: 1")));

        // two more within the interval: counted on the sidebar, one notification later, not now
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, state) VALUES "
            "('notify-3', '001', 100002, 12, 'Web shell', '{}'::jsonb, now(), 'host-1', 'new'), "
            "('notify-4', '003', 100003, 15, 'Rootkit', '{}'::jsonb, now(), 'host-3', 'new'); "
            "SELECT pg_notify('new_alert', (SELECT max(id) FROM alerts)::text)")));
        QTRY_COMPARE_WITH_TIMEOUT(m_w->sidebar()->badge(liveRow), qint64(3), 15000);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(notifier->pending(), 2);
        shoot(m_w.get(), QStringLiteral("status-sidebar-count"));

        // a click on the notification opens Live Alerts on that alert, and the count clears
        m_w->openNotification(shown.at(0));
        QCOMPARE(m_w->currentPage(), MainWindow::Page::LiveAlerts);
        const QString id = m_fx.scalar(QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'notify-1'"));
        QCOMPARE(m_w->alertsView()->filterBar()->text(), QStringLiteral("id:%1").arg(id));
        QCOMPARE(m_w->sidebar()->badge(liveRow), qint64(0));

        // viewing Live Alerts clears the count as well
        m_w->showPage(MainWindow::Page::Agents);
        AlertRow high;
        high.id = 9'999'999;
        high.level = 14;
        high.ruleDesc = QStringLiteral("x");
        notifier->addAlerts({high}, QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(m_w->sidebar()->badge(liveRow), qint64(1));
        m_w->showPage(MainWindow::Page::LiveAlerts);
        QCOMPARE(m_w->sidebar()->badge(liveRow), qint64(0));
        m_w->alertsView()->applyFilterText(QString());
        // the window outlives this test: later notifications must not reach `shown` (ASan: stack-buffer-overflow)
        m_w->setNotificationSink(nullptr);
    }

    // Without a system tray (offscreen here) a notification goes to the status bar: the count and level
    // always whole, the detail elided with "…" to the room left of the permanent fields, never cut mid-word.
    void notificationInTheStatusBarFits()
    {
        AlertNotifier::Notification n;
        n.count = 380;
        n.level = 12;
        n.title = QStringLiteral("380 alerts at level 12 or above");
        n.text = QStringLiteral("Highest: level 15, File \"\" is a positive match. Yara rule: SUSP_XORed_Mozilla_Oct19 "
                                "(agent ip-10-0-0-180.us-west-1.compute.internal)");
        const QFontMetrics fm(m_w->statusBar()->font());
        const int room = m_w->statusMessageRoom();
        QVERIFY2(room > fm.horizontalAdvance(n.title) && room < fm.horizontalAdvance(n.title + QStringLiteral(": ") + n.text),
                 qPrintable(QString::number(room)));  // (the window is wide enough for the title, not for all)
        m_w->showNotificationInStatusBar(n);
        const QString shown = m_w->statusBar()->currentMessage();
        QVERIFY2(shown.startsWith(n.title + QStringLiteral(": Highest")), qPrintable(shown));
        QVERIFY2(shown.endsWith(QChar(0x2026)), qPrintable(shown));
        QVERIFY2(fm.horizontalAdvance(shown) <= room, qPrintable(shown));
        // a short one whole
        n.count = 1;
        n.title = QStringLiteral("Level 13 alert");
        n.text = QStringLiteral("Web shell (agent web-01)");
        m_w->showNotificationInStatusBar(n);
        QCOMPARE(m_w->statusBar()->currentMessage(), QStringLiteral("Level 13 alert: Web shell (agent web-01)"));
        m_w->statusBar()->clearMessage();
    }

    void sidebarKeyboardAndIcons()
    {
        QListWidget *nav = m_w->navigation();
        for (int i = 0; i < nav->count(); ++i) QVERIFY2(!nav->item(i)->icon().isNull(), qPrintable(nav->item(i)->text()));
        m_w->activateWindow();
        nav->setFocus();
        m_w->showPage(MainWindow::Page::LiveAlerts);
        QTest::keyClick(nav, Qt::Key_Down);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Agents);
        QTest::keyClick(nav, Qt::Key_End);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::EmailPreview);
        QTest::keyClick(nav, Qt::Key_Home);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::Overview);
    }

    void themeSwitchReachesTheSidebarAtOnce()
    {
        QListWidget *nav = m_w->navigation();
        QVERIFY(!Theme::isDark(nav->palette()));
        QVERIFY(sidebarBackground(nav).lightness() > 128);
        const QImage lightIcon = nav->item(0)->icon().pixmap(32).toImage();
        // what Settings → Theme → Dark does (MainWindow::applySettings)
        Theme::apply(UiSettings::Theme::Dark);
        QCoreApplication::processEvents();
        QVERIFY(Theme::isDark(nav->palette()));
        QVERIFY2(sidebarBackground(nav).lightness() < 128, qPrintable(sidebarBackground(nav).name()));
        QCOMPARE(sidebarBackground(nav), QApplication::palette().color(QPalette::Window));
        // the icons are re-tinted in the dark theme's text colour
        QVERIFY(nav->item(0)->icon().pixmap(32).toImage() != lightIcon);
        // the status bar and the alerts table follow too
        QVERIFY(Theme::isDark(m_w->statusBar()->palette()));
        QVERIFY(Theme::isDark(m_w->alertsView()->palette()));
        Theme::apply(UiSettings::Theme::Light);
        QCoreApplication::processEvents();
        QVERIFY(sidebarBackground(nav).lightness() > 128);
    }

    // A console running the pipeline: its own listener's address, a wrong token answered 401 and shown.
    void embeddedListenerShowsA401()
    {
        Config config;
        config.set(QStringLiteral("PG_DSN"), m_fx.db.toUri());
        config.set(QStringLiteral("EOS_PIPELINE"), QStringLiteral("on"));
        config.set(QStringLiteral("EOS_DATA_DIR"), m_dataDir.path());
        config.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QStringLiteral("the-right-token"));
        config.set(QStringLiteral("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
        config.set(QStringLiteral("LISTEN_PORT"), QStringLiteral("0"));
        config.set(QStringLiteral("EOS_STATUS_INTERVAL_S"), QStringLiteral("1"));
        config.set(QStringLiteral("EOS_ANALYST"), QStringLiteral("test-analyst"));
        ConsoleSession session(config);
        QString error;
        QVERIFY2(session.open(&error), qPrintable(error));
        QVERIFY2(session.pipelineRunning(), qPrintable(session.pipelineError()));
        // for the sidebar's other counts: two dispatch items waiting for review, one failed AI summary
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO dispatch_outbox (alert_id, route, kind, state) SELECT id, 'jira-soc', 'jira', 'review' FROM alerts "
            "ORDER BY id LIMIT 2; "
            "UPDATE alerts SET state = 'failed', failed_stage = 'llm', failed_from = 'agent_enriched', stage_error = 'LLM: HTTP 429' "
            "WHERE id = (SELECT min(id) FROM alerts)")));

        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("de")}) {
            ConsoleApp::installTranslators(lang);
            for (const bool dark : {false, true}) {
                Theme::apply(dark ? UiSettings::Theme::Dark : UiSettings::Theme::Light);
                MainWindow w(&session);
                w.setNotificationSink([](const AlertNotifier::Notification &) {});
                w.resize(1366, 768);
                w.show();
                QVERIFY(QTest::qWaitForWindowExposed(&w));
                QTRY_VERIFY_WITH_TIMEOUT(w.listenerLabel()->text().contains(QStringLiteral("http://127.0.0.1:")), 15000);
                const QString url = w.listenerLabel()->text().section(u' ', 1, 1);
                QTRY_COMPARE_WITH_TIMEOUT(w.sidebar()->badge(int(MainWindow::Page::DispatchQueue)), qint64(2), 10000);
                QTRY_COMPARE_WITH_TIMEOUT(w.sidebar()->badge(int(MainWindow::Page::AiSummaries)), qint64(1), 10000);
                // a high-level alert while the analyst is on another page: counted on Live Alerts
                w.showPage(MainWindow::Page::Agents);
                AlertRow high;
                high.id = 99'999'999;
                high.level = 13;
                high.ruleDesc = QStringLiteral("Suspicious process spawned by web server");
                w.alertNotifier()->addAlerts({high}, QDateTime::currentMSecsSinceEpoch());
                QCOMPARE(w.sidebar()->badge(int(MainWindow::Page::LiveAlerts)), qint64(1));
                QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(w.listenerLabel()->text()));
                if (lang == QLatin1String("en") && !dark) {
                    QCOMPARE(w.listenerLabel()->text(), QStringLiteral("Listener %1").arg(url));
                    // the stages this console runs have a backlog; dispatch (no routes file) does not run
                    QTRY_VERIFY_WITH_TIMEOUT(w.backlogLabel()->text().startsWith(QStringLiteral("Backlog: enrich")), 10000);
                    QVERIFY(!w.backlogLabel()->text().contains(QStringLiteral("dispatch")));
                    QVERIFY(w.backlogLabel()->toolTip().contains(QStringLiteral("Dispatch (dispatch): not running")));
                    QTRY_COMPARE_WITH_TIMEOUT(w.rejectedButton()->text(), QStringLiteral("Rejected (1 min): none"), 10000);

                    // a request with a wrong token: 401, and the status bar says so
                    QNetworkAccessManager nam;
                    QNetworkRequest req(QUrl(url + QStringLiteral("/wazuh_alert")));
                    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
                    req.setRawHeader("X-Auth-Token", "a-wrong-token");
                    QNetworkReply *reply = nam.post(req, QByteArray("{\"rule\":{\"level\":5}}"));
                    QSignalSpy finished(reply, &QNetworkReply::finished);
                    QVERIFY(finished.wait(10000));
                    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
                    reply->deleteLater();
                    QTRY_COMPARE_WITH_TIMEOUT(w.rejectedButton()->text(), QStringLiteral("Rejected (1 min): 401 token ×1"), 10000);
                    QTest::mouseClick(w.rejectedButton(), Qt::LeftButton);
                    QTRY_VERIFY(w.rejectionsDialog() && w.rejectionsDialog()->isVisible());
                    QTreeWidget *list = w.rejectionsDialog()->list();
                    QTRY_VERIFY(list->topLevelItemCount() >= 1);
                    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("127.0.0.1"));
                    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("401: wrong or missing X-Auth-Token"));
                    QVERIFY(!list->topLevelItem(0)->text(0).isEmpty());
                    // the token itself is nowhere
                    for (int c = 0; c < list->columnCount(); ++c) QVERIFY(!list->topLevelItem(0)->text(c).contains(QStringLiteral("wrong-token")));
                    QVERIFY(!m_fx.scalar(QStringLiteral("SELECT figures::text FROM daemon_status")).contains(QStringLiteral("wrong-token")));
                    shoot(w.rejectionsDialog(), QStringLiteral("status-rejections-en"));
                    w.rejectionsDialog()->close();
                } else {
                    QTRY_VERIFY_WITH_TIMEOUT(w.rejectedButton()->isVisible(), 10000);
                }
                QTRY_VERIFY(w.healthLabel()->text().contains(lang == QLatin1String("de") ? QStringLiteral("Alarme/s") : QStringLiteral("alerts/s")));
                QTRY_VERIFY_WITH_TIMEOUT(w.agentsView()->model()->rowCount() > 0, 10000);  // the page shown, loaded
                QTest::qWait(50);
                shoot(&w, QStringLiteral("status-%1-%2").arg(dark ? QStringLiteral("dark") : QStringLiteral("light"), lang));
            }
        }
        ConsoleApp::installTranslators(QStringLiteral("en"));
        Theme::apply(UiSettings::Theme::Light);
        session.close();
    }
};

QTEST_MAIN(TestStatusBar)
#include "test_status_bar.moc"
