// The detail pane's summary card and the alert hand-off (issue 14, points 8 and 9), on the real Live Alerts
// view offscreen: the card's fields for a known Wazuh alert (level chip in the table's colours, rule, time in
// the console's zone, agent with OS and status from the agents table, location, source IP and user, MITRE
// techniques with names, groups), long titles elided with a tooltip, the JSON tree's default expansion,
// placeholders (nothing selected, a filter change, an empty table with and without a filter), the copy
// actions' clipboard text, the Wazuh dashboard link (hidden without WAZUH_DASHBOARD_URL), an export from
// the view with its visible columns. Screenshots light/dark, English/German at 1366×768.
#include "gui_fixture.h"
#include "agent_list_model.h"
#include "alert_card.h"
#include "alert_detail_pane.h"
#include "alert_export_dialog.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "console_app.h"
#include "elided_label.h"
#include "json_tree_model.h"
#include "severity_palette.h"
#include "theme.h"
#include "triage_store.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QTreeView>

using namespace eos;

class TestAlertDetailPane : public QObject {
    Q_OBJECT
public Q_SLOTS:
    // QDesktopServices hands "https" links here instead of a browser
    void openUrl(const QUrl &url) { m_opened << url; }

private:
    test::GuiFixture m_fx;
    std::unique_ptr<TriageStore> m_triage;
    std::unique_ptr<AlertsView> m_view;
    qint64 m_sampleId = 0;
    QJsonObject m_sample;
    QList<QUrl> m_opened;

    AlertDetailPane *pane() const { return m_view->detailPane(); }
    static QString plain(const QLabel *l) { return QTextDocumentFragment::fromHtml(l->text()).toPlainText(); }

    std::unique_ptr<AlertsView> makeView()
    {
        auto v = std::make_unique<AlertsView>(m_fx.session->connectionInfo(), m_triage.get(), nullptr);
        v->resize(1366, 768);
        v->setTimeZone(QTimeZone("Europe/Berlin"));
        v->show();
        v->start();
        return v;
    }
    bool showSample(AlertsView *v)
    {
        v->showAlert(m_sampleId);
        return QTest::qWaitFor([&] {
            return v->detailPane()->alertId() == m_sampleId && !v->detailPane()->alert().isEmpty() &&
                   plain(v->detailPane()->card()->agentLine()).contains(QStringLiteral("Red Hat"));
        }, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_alert_detail_pane")));
        QVERIFY(m_fx.insertData(6, 300));
        // a real Wazuh alert (tests/data/sample_alert_mitre.json) of agent 001 as the inventory knows it
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alert_mitre.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        m_sample = QJsonDocument::fromJson(raw).object();
        QVERIFY(!m_sample.isEmpty());
        QString json = QString::fromUtf8(QJsonDocument(m_sample).toJson(QJsonDocument::Compact));
        json.replace(u'\'', QStringLiteral("''"));
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "UPDATE agents SET name = 'RHEL7', os = 'Red Hat Enterprise Linux Server 7.9', ip = '187.54.247.68', "
            "status_text = 'active', last_seen = now() - interval '2 minutes', api_found = true WHERE id = '001'; "
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups, src_ip, "
            "mitre_ids, state) VALUES ('sample-mitre', '001', 5712, 10, 'sshd: brute force trying to get access to the system.', "
            "'%1'::jsonb, '2026-11-18T19:24:20.938Z', 'RHEL7', ARRAY['syslog','sshd','authentication_failures'], '54.10.24.5', "
            "ARRAY['T1110','T1021'], 'agent_enriched')").arg(json)));
        m_sampleId = m_fx.scalar(QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'sample-mitre'")).toLongLong();
        QVERIFY(m_sampleId > 0);
        ConsoleApp::installTranslators(QStringLiteral("en"));
        Theme::captureSystemPalette();
        Theme::apply(UiSettings::Theme::Light);
        m_triage = std::make_unique<TriageStore>(m_fx.session->connectionInfo(), QStringLiteral("test-analyst"));
        m_view = makeView();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->rowCount() > 0 && m_view->model()->isRowLoaded(0), 10000);
        QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "openUrl");
    }

    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        m_view.reset();
        m_triage.reset();
    }

    // The detail pane names the alert's agent as enrichment knows it (OS, IP, groups, version, live
    // status); an alert that has just arrived shows it as soon as the stage has enriched it.
    void detailPaneShowsTheAgent()
    {
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO agents (id, name, ip, os, agent_version, status_text, last_seen, groups) VALUES "
            "('031', 'web-31', '10.0.3.31', 'Ubuntu 22.04.4 LTS', 'Wazuh v4.14.0', 'active', now() - interval '5 minutes', "
            "'[\"default\", \"web\"]') ON CONFLICT (id) DO NOTHING; "
            "INSERT INTO agents (id) VALUES ('032') ON CONFLICT (id) DO NOTHING; "  // as ingest does
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups, state) VALUES "
            "('agent-pane-1', '031', 5710, 5, 'pane agent alert', '{\"rule\": {\"level\": 5}}'::jsonb, now(), 'web-31', "
            "ARRAY['sshd'], 'agent_enriched'), "
            "('agent-pane-2', '032', 5710, 5, 'pane fresh alert', '{\"rule\": {\"level\": 5}}'::jsonb, now(), 'db-32', "
            "ARRAY['sshd'], 'new'); NOTIFY new_alert")));
        QVERIFY(m_view->applyFilterText(QStringLiteral("agent:031")));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isCountExact() && m_view->model()->rowCount() == 1 && m_view->model()->isRowLoaded(0), 10000);
        m_view->table()->setFocus();
        m_view->table()->setCurrentIndex(m_view->model()->index(0, 0));
        QTest::keyClick(m_view->table(), Qt::Key_Return);
        AlertDetailPane *pane = m_view->detailPane();
        QTRY_VERIFY(pane->card()->agentLine()->isVisible());
        const auto plain = [&] { return QTextDocumentFragment::fromHtml(pane->card()->agentLine()->text()).toPlainText(); };
        QCOMPARE(plain(), QStringLiteral("web-31 (031) · \u25CF Active, keep-alive 5 min ago · Ubuntu 22.04.4 LTS · 10.0.3.31 · "
                                         "Wazuh v4.14.0 · groups: default, web"));
        QVERIFY(pane->card()->agentLine()->text().contains(AgentListModel::statusColor(QStringLiteral("active"), false).name()));

        // a fresh alert of an agent the inventory does not have yet: waiting, then enriched while selected
        QVERIFY(m_view->applyFilterText(QStringLiteral("agent:032")));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isCountExact() && m_view->model()->rowCount() == 1 && m_view->model()->isRowLoaded(0), 10000);
        m_view->table()->setCurrentIndex(m_view->model()->index(0, 0));
        QTest::keyClick(m_view->table(), Qt::Key_Return);
        QTRY_COMPARE(plain(), QStringLiteral("032 · waiting for enrichment…"));
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "UPDATE agents SET name = 'db-32', ip = '10.0.3.32', os = 'Rocky Linux 9.3', agent_version = 'Wazuh v4.14.0', "
            "status_text = 'disconnected', last_seen = now() - interval '2 hours', groups = '[]', api_found = true WHERE id = '032'; "
            "UPDATE alerts SET state = 'agent_enriched' WHERE alert_hash = 'agent-pane-2'")));
        QTRY_COMPARE_WITH_TIMEOUT(plain(), QStringLiteral("db-32 (032) · \u25CF Disconnected, keep-alive 2 h ago · Rocky Linux 9.3 · "
                                                          "10.0.3.32 · Wazuh v4.14.0"), 5000);
        test::GuiFixture::saveScreenshot(m_view.get(), QStringLiteral("live_alerts_agent"));
        QVERIFY(m_view->applyFilterText(QString()));
    }

    void placeholderWhenNothingIsSelected()
    {
        QCOMPARE(pane()->alertId(), qint64(0));
        QVERIFY(pane()->placeholder()->isVisible());
        QVERIFY(!pane()->card()->isVisible());
        QVERIFY(!pane()->copyJsonAction()->isEnabled());
        QVERIFY(!m_view->emptyPlaceholder()->isVisible());  // the table has rows
    }

    void cardShowsTheAlert()
    {
        QVERIFY(showSample(m_view.get()));
        QVERIFY(!pane()->placeholder()->isVisible());
        QVERIFY(pane()->card()->isVisible());
        QCOMPARE(pane()->card()->levelChip()->text(), QStringLiteral("Level 10 · High"));
        QVERIFY(pane()->card()->levelChip()->styleSheet().contains(SeverityPalette::background(10).name()));
        QVERIFY(pane()->card()->levelChip()->styleSheet().contains(SeverityPalette::text(10).name()));
        QCOMPARE(pane()->card()->titleLabel()->fullText(), QStringLiteral("Rule 5712: sshd: brute force trying to get access to the system."));
        // Wazuh's 19:24:20 UTC in the console's zone (Europe/Berlin, CET in November)
        QCOMPARE(pane()->card()->timeLabel()->fullText(), QStringLiteral("2026-11-18 20:24:20 CET · alert #%1").arg(m_sampleId));
        const QString agent = plain(pane()->card()->agentLine());
        QVERIFY2(agent.startsWith(QStringLiteral("RHEL7 (001) · \u25CF Active, keep-alive 2 min ago · Red Hat Enterprise Linux Server 7.9 · 187.54.247.68")),
                 qPrintable(agent));
        QVERIFY(pane()->card()->agentLine()->text().contains(AgentListModel::statusColor(QStringLiteral("active"), false).name()));
        QCOMPARE(pane()->card()->locationLabel()->fullText(), QStringLiteral("/var/log/secure"));
        QCOMPARE(pane()->card()->sourceLabel()->fullText(), QStringLiteral("54.10.24.5 · user wazuh"));
        QCOMPARE(pane()->card()->mitreLabel()->fullText(), QStringLiteral("T1110 Brute Force, T1021 Remove Services"));
        QCOMPARE(pane()->card()->groupsLabel()->fullText(), QStringLiteral("syslog, sshd, authentication_failures"));

        // the tree: rule, agent, data and MITRE open; compliance lists and the rest closed
        QTreeView *tree = pane()->tree();
        JsonTreeModel *json = pane()->jsonModel();
        // what analysts read first on top
        QCOMPARE(json->index(0, 0).data().toString(), QStringLiteral("timestamp"));
        QCOMPARE(json->index(1, 0).data().toString(), QStringLiteral("rule"));
        QCOMPARE(json->index(2, 0).data().toString(), QStringLiteral("agent"));
        QCOMPARE(json->index(3, 0).data().toString(), QStringLiteral("data"));
        for (const char *open : {"rule", "agent", "data", "rule.mitre", "rule.mitre.technique"})
            QVERIFY2(tree->isExpanded(json->indexForPath(QString::fromLatin1(open))), open);
        for (const char *closed : {"rule.pci_dss", "rule.gdpr", "rule.hipaa", "rule.nist_800_53", "rule.tsc", "GeoLocation", "decoder"})
            QVERIFY2(!tree->isExpanded(json->indexForPath(QString::fromLatin1(closed))), closed);

        // a narrow pane elides the title and shows it whole as the tooltip
        QSplitter *split = m_view->findChild<QSplitter *>(QStringLiteral("alertsSplitter"));
        QVERIFY(split);
        split->setSizes({1366 - 330, 330});
        QTRY_VERIFY(pane()->card()->titleLabel()->isElided());
        QCOMPARE(pane()->card()->titleLabel()->toolTip(), pane()->card()->titleLabel()->fullText());
        QVERIFY(pane()->card()->titleLabel()->text().endsWith(QChar(0x2026)));
        split->setSizes({1366 - 620, 620});
        test::GuiFixture::saveScreenshot(m_view.get(), QStringLiteral("detail-light-en"));
    }

    void copyActions()
    {
        QVERIFY(showSample(m_view.get()));
        QApplication::clipboard()->clear();
        QVERIFY(pane()->copyJsonAction()->isEnabled());
        pane()->copyJsonAction()->trigger();
        const QString json = QApplication::clipboard()->text();
        QVERIFY(json.contains(QStringLiteral("\n    \"")));  // indented
        QCOMPARE(QJsonDocument::fromJson(json.toUtf8()).object(), m_sample);
        pane()->copySummaryAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("2026-11-18 20:24:20 CET | Level 10 | Rule 5712: sshd: brute force trying to get access to the "
                                "system. | Agent RHEL7 (001) | Source IP 54.10.24.5"));
    }

    void dashboardLink()
    {
        QVERIFY(showSample(m_view.get()));
        // hidden without WAZUH_DASHBOARD_URL
        QVERIFY(!pane()->openDashboardAction()->isVisible());
        QVERIFY(!pane()->findChild<QToolButton *>(QStringLiteral("dashboardButton"))->isVisible());
        m_view->setDashboardUrl(QStringLiteral("https://wazuh.example.com/"));
        QVERIFY(pane()->openDashboardAction()->isVisible());
        QVERIFY(pane()->findChild<QToolButton *>(QStringLiteral("dashboardButton"))->isVisible());
        const QUrl expected(QStringLiteral("https://wazuh.example.com/app/data-explorer/discover#?_q=(query:(language:kuery,"
                                           "query:'id:%221795029860.38%22'))"));
        QCOMPARE(pane()->dashboardUrl(), expected);
        m_opened.clear();
        pane()->openDashboardAction()->trigger();
        QCOMPARE(m_opened, QList<QUrl>{expected});
        m_view->setDashboardUrl(QString());
        QVERIFY(!pane()->openDashboardAction()->isVisible());
    }

    void filterChangeClearsThePane()
    {
        QVERIFY(showSample(m_view.get()));
        QVERIFY(m_view->applyFilterText(QStringLiteral("level>=3")));
        QCOMPARE(pane()->alertId(), qint64(0));
        QVERIFY(pane()->placeholder()->isVisible());
        QVERIFY(!pane()->card()->isVisible());
        QCOMPARE(pane()->jsonModel()->rowCount(), 0);
    }

    void emptyTablePlaceholder()
    {
        QVERIFY(m_view->applyFilterText(QStringLiteral("rule:999999 -agent:001")));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->emptyPlaceholder()->isVisible(), 10000);
        QCOMPARE(m_view->emptyPlaceholder()->text(), QStringLiteral("No alerts match rule:999999 -agent:001"));
        test::GuiFixture::saveScreenshot(m_view.get(), QStringLiteral("detail-empty-filter"));
        QVERIFY(m_view->applyFilterText(QString()));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->rowCount() > 0, 10000);
        QVERIFY(!m_view->emptyPlaceholder()->isVisible());

        // a database without alerts: no filter to name
        const DbConnectionInfo empty = test::TestDatabase::create(QStringLiteral("gui_detail_empty"));
        QVERIFY(test::TestDatabase::migrate(empty));
        AlertsView v(empty, nullptr, nullptr);
        v.resize(900, 500);
        v.show();
        v.start();
        QTRY_VERIFY_WITH_TIMEOUT(v.emptyPlaceholder()->isVisible(), 10000);
        QCOMPARE(v.emptyPlaceholder()->text(), QStringLiteral("No alerts yet"));
        QVERIFY(v.detailPane()->placeholder()->isVisible());
    }

    void exportsTheVisibleColumns()
    {
        QVERIFY(m_view->applyFilterText(QStringLiteral("level>=10")));
        QTRY_VERIFY_WITH_TIMEOUT(m_view->model()->isCountExact() && m_view->model()->rowCount() > 0, 10000);
        const int rows = m_view->model()->rowCount();
        QHeaderView *h = m_view->table()->horizontalHeader();
        h->hideSection(AlertListModel::GroupsColumn);
        h->moveSection(h->visualIndex(AlertListModel::LevelColumn), 0);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("view.csv"));
        AlertExportDialog *d = m_view->exportTo(path, false);
        QVERIFY(d);
        QSignalSpy done(d, &AlertExportDialog::exportFinished);
        QVERIFY(done.wait(30000));
        const auto r = done.at(0).at(0).value<AlertExporter::Result>();
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows, qint64(rows));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), rows + 2);  // header, rows, and the empty rest after the last CRLF
        // the header: the visible columns in their shown order (Level moved first, Groups hidden)
        QStringList shown;
        for (int v = 0; v < h->count(); ++v) {
            const int c = h->logicalIndex(v);
            if (!h->isSectionHidden(c)) shown << m_view->model()->headerData(c, Qt::Horizontal).toString();
        }
        QCOMPARE(shown.first(), m_view->model()->headerData(AlertListModel::LevelColumn, Qt::Horizontal).toString());
        QCOMPARE(QString::fromUtf8(lines.first()).trimmed(), shown.join(u','));
        QVERIFY(!lines.first().contains("Groups"));
        h->showSection(AlertListModel::GroupsColumn);
        h->moveSection(h->visualIndex(AlertListModel::LevelColumn), AlertListModel::LevelColumn);
        QVERIFY(m_view->applyFilterText(QString()));
    }

    void screenshotsDarkAndGerman()
    {
        const auto shoot = [&](const QString &name) {
            auto v = makeView();
            if (!QTest::qWaitForWindowExposed(v.get())) return false;
            if (!showSample(v.get())) return false;
            QSplitter *split = v->findChild<QSplitter *>(QStringLiteral("alertsSplitter"));
            split->setSizes({1366 - 620, 620});
            QTest::qWait(200);
            test::GuiFixture::saveScreenshot(v.get(), name);
            return true;
        };
        Theme::apply(UiSettings::Theme::Dark);
        QVERIFY(shoot(QStringLiteral("detail-dark-en")));
        QCOMPARE(ConsoleApp::installTranslators(QStringLiteral("de")), QStringLiteral("de"));
        QVERIFY(shoot(QStringLiteral("detail-dark-de")));
        Theme::apply(UiSettings::Theme::Light);
        {
            auto v = makeView();
            QVERIFY(QTest::qWaitForWindowExposed(v.get()));
            QVERIFY(showSample(v.get()));
            QCOMPARE(v->detailPane()->card()->levelChip()->text(), QStringLiteral("Level 10 · Hoch"));
            QCOMPARE(v->detailPane()->copySummaryAction()->text(), QStringLiteral("Als einzeilige &Zusammenfassung kopieren"));
            v->findChild<QSplitter *>(QStringLiteral("alertsSplitter"))->setSizes({1366 - 620, 620});
            QTest::qWait(200);
            test::GuiFixture::saveScreenshot(v.get(), QStringLiteral("detail-light-de"));
        }
        ConsoleApp::installTranslators(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestAlertDetailPane)
#include "test_alert_detail_pane.moc"
