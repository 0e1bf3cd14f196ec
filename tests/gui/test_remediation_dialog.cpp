// The remediation GUI offscreen: the confirmation dialog shows exactly what will be sent and to which
// agent, sends off the GUI thread (the window stays responsive while the API hangs), and shows Wazuh's
// answer plainly (1707 with its remediation text) with an audit row; the detail pane renders the matching
// playbook with its action buttons; protected agents are not offered; key r opens the remediation menu;
// the Remediation view lists actions and pauses a policy (audited). Screenshots of the dialog, the detail
// pane and the view.
#include "agents_view.h"
#include "alert_detail_pane.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "gui_fixture.h"
#include "main_window.h"
#include "recording_http_server.h"
#include "remediation_dialog.h"
#include "remediation_service.h"
#include "remediation_view.h"
#include "wazuh_token.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace eos;
using eos::test::GuiFixture;
using eos::test::TestDatabase;
using eos::test::RecordingHttpServer;
using Reply = RecordingHttpServer::Reply;

namespace {


QJsonObject sshAlert(const QString &agent, const QString &srcip)
{
    return QJsonObject{{"rule", QJsonObject{{"id", "5712"}, {"level", 10}, {"groups", QJsonArray{"sshd", "authentication_failures"}},
                                            {"description", "sshd: brute force trying to get access to the system"}}},
                       {"agent", QJsonObject{{"id", agent}, {"name", "host-" + agent}}},
                       {"data", QJsonObject{{"srcip", srcip}, {"dstuser", "alice"}}},
                       {"location", "/var/log/auth.log"}};
}

}  // namespace

class TestRemediationDialog : public QObject {
    Q_OBJECT
    GuiFixture fx;
    RecordingHttpServer server;
    std::unique_ptr<RemediationService> service;

    Config config() const
    {
        Config c;
        c.set("WAZUH_API_URL", server.url(QString()));
        c.set("WAZUH_API_USER", "eos");
        c.set("WAZUH_API_PASSWD", "secret");
        c.set("EOS_PROTECTED", "000 user:root 10.0.0.0/8");
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(fx.setUp("remediation_gui"));
        QVERIFY(fx.insertData(4, 40));
        QVERIFY(server.listen());
        service = std::make_unique<RemediationService>(config(), fx.db, "test-analyst");
        QVERIFY2(service->configurationProblems().isEmpty(), qPrintable(service->configurationProblems().join('\n')));
    }

    void dialogShowsExactlyWhatIsSent()
    {
        const qint64 alertId = fx.scalar("SELECT max(id) FROM alerts").toLongLong();
        const auto offers = service->offersFor(sshAlert("002", "203.0.113.7"), alertId);
        RemediationPlan plan;
        for (const auto &o : offers)
            if (o.id == "block-ip") plan = o.plan;
        QCOMPARE(plan.actionId, QStringLiteral("block-ip"));
        RemediationDialog d(service.get(), plan);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QCOMPARE(d.endpointLabel()->text(), QStringLiteral("PUT /active-response?agents_list=002"));
        QCOMPARE(d.agentLabel()->text(), QStringLiteral("002 (host-002)"));
        QCOMPARE(d.commandLabel()->text(), QStringLiteral("firewall-drop600"));
        QCOMPARE(d.argumentsLabel()->text(), QStringLiteral("srcip = 203.0.113.7"));
        const QJsonObject body = QJsonDocument::fromJson(d.bodyView()->toPlainText().toUtf8()).object();
        QCOMPARE(body, plan.body());
        QVERIFY(d.summaryText().contains(QString::number(alertId)));
        QVERIFY(d.summaryText().contains(server.url(QString())));
        // Enter alone never sends: Cancel is the default button
        QVERIFY(!d.sendButton()->isDefault());
        GuiFixture::saveScreenshot(&d, "remediation_dialog");

        // Send: the API hangs, the dialog stays responsive and says it waits
        server.script = {Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(test::wazuhJwt())}}}, {"error", 0}})};
        Reply hang;
        hang.hang = true;
        server.script << hang;
        server.defaultReply = hang;  // the client's retry hangs too
        const int before = fx.scalar("SELECT count(*) FROM audit_log WHERE action = 'remediation'").toInt();
        QTest::mouseClick(d.sendButton(), Qt::LeftButton);
        QVERIFY(d.isSending());
        QVERIFY(!d.sendButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 2, 20000);  // the event loop kept running meanwhile
        QVERIFY(d.resultLabel()->text().contains("Sending"));
        QTRY_VERIFY_WITH_TIMEOUT(d.hasResult(), 90000);  // the client's time-outs end the wait
        QVERIFY2(d.resultLabel()->text().startsWith("Failed"), qPrintable(d.resultLabel()->text()));
        server.defaultReply = Reply();
        QCOMPARE(fx.scalar("SELECT count(*) FROM audit_log WHERE action = 'remediation'").toInt(), before + 1);
    }

    void failedItemsAreShownPlainly()
    {
        const qint64 alertId = fx.scalar("SELECT max(id) FROM alerts").toLongLong();
        RemediationPlan plan;
        QString why;
        QVERIFY(service->catalog().planForAlert("restart", sshAlert("004", "203.0.113.7"), alertId, service->guard(), &plan, &why));
        server.script.clear();
        server.handler = [](const RecordingHttpServer::Request &req) {
            if (req.path.startsWith("/security")) return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(test::wazuhJwt())}}}, {"error", 0}});
            return Reply::json(200, QJsonObject{
                {"data", QJsonObject{{"affected_items", QJsonArray{}}, {"total_affected_items", 0}, {"total_failed_items", 1},
                                     {"failed_items", QJsonArray{QJsonObject{
                                          {"error", QJsonObject{{"code", 1707}, {"message", "Cannot send request, agent is not active"},
                                                                {"remediation", "Please, check non-active agents connection and try again"}}},
                                          {"id", QJsonArray{"004"}}}}}}},
                {"message", "Restart command was not sent to any agent"}, {"error", 1}});
        };
        RemediationDialog d(service.get(), plan);
        d.show();
        QCOMPARE(d.endpointLabel()->text(), QStringLiteral("PUT /agents/004/restart"));
        QCOMPARE(d.bodyView()->toPlainText(), QStringLiteral("(no request body)"));
        d.reasonEdit()->setText("agent stuck after upgrade");
        d.send();
        QTRY_VERIFY_WITH_TIMEOUT(d.hasResult(), 30000);
        const QString text = d.resultLabel()->text();
        QVERIFY2(text.contains("1707") && text.contains("agent is not active") && text.contains("check non-active agents") &&
                     text.contains("004") && text.contains("audit log"),
                 qPrintable(text));
        GuiFixture::saveScreenshot(&d, "remediation_dialog_failed");
        // the audit row, in the alert's triage history
        QCOMPARE(fx.scalar(QStringLiteral("SELECT details->>'code' FROM audit_log WHERE action = 'remediation' AND alert_id = %1 "
                                          "AND reason = 'agent stuck after upgrade'").arg(alertId)),
                 QStringLiteral("1707"));
        QCOMPARE(fx.scalar(QStringLiteral("SELECT actor FROM audit_log WHERE reason = 'agent stuck after upgrade'")), QStringLiteral("test-analyst"));
    }

    void detailPaneOffersPlaybookAndProtects()
    {
        AlertDetailPane pane;
        pane.resize(900, 900);
        pane.setRemediation(service.get());
        pane.showLoading(7);
        pane.showDetails(7, QJsonDocument(sshAlert("001", "10.1.2.3")).toJson(), "sshd: brute force");
        QVERIFY(pane.responseBox()->isVisibleTo(&pane));
        QVERIFY(pane.playbookView()->toPlainText().contains("SSH brute force"));
        QVERIFY(pane.playbookView()->toPlainText().contains("Block the source"));
        QCOMPARE(pane.playbookButtons().size(), 2);  // block-ip, disable-account
        for (QPushButton *b : pane.playbookButtons()) {
            if (b->objectName() == "playbookAction-block-ip") {
                QVERIFY(!b->isEnabled());  // 10.1.2.3 is protected
                QVERIFY(b->toolTip().contains("10.0.0.0/8"));
            } else {
                QVERIFY(b->isEnabled());
            }
        }
        QSignalSpy requested(&pane, &AlertDetailPane::remediationRequested);
        for (QPushButton *b : pane.playbookButtons())
            if (b->isEnabled()) b->click();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<RemediationPlan>().actionId, QStringLiteral("disable-account"));
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        GuiFixture::saveScreenshot(&pane, "remediation_detail_pane");

        // the manager's own agent: nothing offered; a hostile srcip: block-ip not offered
        QMenu menu;
        pane.showLoading(8);
        pane.showDetails(8, QJsonDocument(sshAlert("000", "203.0.113.7")).toJson(), {});
        pane.fillRemediationMenu(&menu);
        for (QAction *a : menu.actions()) QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
        menu.clear();
        pane.showLoading(9);
        pane.showDetails(9, QJsonDocument(sshAlert("001", "1.2.3.4; rm -rf /")).toJson(), {});
        pane.fillRemediationMenu(&menu);
        bool sawBlock = false;
        for (QAction *a : menu.actions())
            if (a->text().startsWith("Block the source IP")) {
                sawBlock = true;
                QVERIFY(!a->isEnabled());
                QVERIFY(a->text().contains("not an IP address"));
            }
        QVERIFY(sawBlock);
    }

    void mainWindowKeyRAndRemediationView()
    {
        MainWindow w(fx.session.get());
        w.resize(1500, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.remediationService());
        QCOMPARE(w.navigation()->count(), 7);  // Overview, Live Alerts, Agents, Remediation, AI Summaries, Dispatch Queue, Email Preview
        w.showPage(MainWindow::Page::LiveAlerts);
        // key r on an alert opens the remediation menu (a popup; closed again with Escape)
        AlertsView *av = w.alertsView();
        QTRY_VERIFY_WITH_TIMEOUT(av->model()->rowCount() > 0, 20000);
        av->table()->setFocus();
        av->table()->setCurrentIndex(av->model()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(av->detailPane()->responseBox()->isVisible(), 20000);
        QVERIFY(av->remediateAction()->shortcut() == QKeySequence(Qt::Key_R));
        bool sawMenu = false;
        QTimer::singleShot(300, [&sawMenu] {
            if (auto *m = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                sawMenu = !m->actions().isEmpty() && m->actions().first()->text().startsWith("Restart the agent");
                m->close();
            }
        });
        QTest::keyClick(av->table(), Qt::Key_R);
        QTRY_VERIFY_WITH_TIMEOUT(sawMenu, 10000);
        GuiFixture::saveScreenshot(&w, "remediation_live_alerts");

        // the Agents view offers a restart, not for the manager
        w.showPage(MainWindow::Page::Agents);
        QVERIFY(w.agentsView()->restartAction()->isVisible());

        w.showPage(MainWindow::Page::Remediation);
        RemediationView *rv = w.remediationView();
        QTRY_VERIFY_WITH_TIMEOUT(rv->actionsTable()->topLevelItemCount() >= 0 && rv->countLabel()->text().contains("of"), 20000);
        GuiFixture::saveScreenshot(&w, "remediation_view");
    }

    void remediationViewWithPolicies()
    {
        // a service with policies: the view shows them with their use, and pauses one (audited)
        QTemporaryDir dir;
        QFile f(dir.filePath("policies.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(ResponsePolicies::exampleJson());
        f.close();
        Config c = config();
        c.set("EOS_RESPONSE_POLICIES", f.fileName());
        RemediationService svc(c, fx.db, "test-analyst");
        QVERIFY(fx.scalar("SELECT 1") == "1");
        TestDatabase::exec(fx.db, "INSERT INTO audit_log (alert_id, agent_id, actor, action, reason, details) "
                                  "SELECT (SELECT max(id) FROM alerts), '001', 'eos:policy', 'auto_response', "
                                  "'ssh-brute-force-disable-account', jsonb_build_object('outcome', 'ok', 'taken', true, 'source', 'policy', "
                                  "'policy', 'ssh-brute-force-disable-account', 'request', jsonb_build_object('action', 'disable-account', "
                                  "'agent', '001', 'endpoint', 'PUT /active-response?agents_list=001')) FROM generate_series(1, 3)");
        RemediationView view(&svc);
        view.resize(1300, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE_WITH_TIMEOUT(view.policiesTable()->topLevelItemCount(), 2, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(view.actionsTable()->topLevelItemCount() >= 3, 20000);
        QTreeWidgetItem *disable = view.policiesTable()->findItems("ssh-brute-force-disable-account", Qt::MatchExactly).value(0);
        QVERIFY(disable);
        QTRY_COMPARE_WITH_TIMEOUT(view.policiesTable()->findItems("ssh-brute-force-disable-account", Qt::MatchExactly).value(0)->text(6),
                                  QStringLiteral("3 of 3 in 60 min"), 20000);
        // filter by outcome
        view.outcomeFilter()->setCurrentIndex(view.outcomeFilter()->findData("dry_run"));
        int visible = 0;
        for (int i = 0; i < view.actionsTable()->topLevelItemCount(); ++i) visible += !view.actionsTable()->topLevelItem(i)->isHidden();
        QCOMPARE(visible, 0);
        view.outcomeFilter()->setCurrentIndex(0);
        view.filterEdit()->setText("disable-account");
        QVERIFY(view.countLabel()->text().startsWith("3 of"));
        view.filterEdit()->clear();
        GuiFixture::saveScreenshot(&view, "remediation_view_policies");

        view.policiesTable()->setCurrentItem(view.policiesTable()->findItems("ssh-brute-force-block-ip", Qt::MatchExactly).value(0));
        QVERIFY(view.pauseButton()->isEnabled());
        QVERIFY(view.togglePauseSelected("testing the pause"));
        QTRY_COMPARE_WITH_TIMEOUT(fx.scalar("SELECT paused FROM response_policy_state WHERE policy = 'ssh-brute-force-block-ip'"),
                                  QStringLiteral("true"), 20000);
        QCOMPARE(fx.scalar("SELECT actor || ':' || reason FROM audit_log WHERE action = 'policy_paused'"),
                 QStringLiteral("test-analyst:testing the pause"));
        QTRY_VERIFY_WITH_TIMEOUT(view.policiesTable()->findItems("ssh-brute-force-block-ip", Qt::MatchExactly).value(0) &&
                                     view.policiesTable()->findItems("ssh-brute-force-block-ip", Qt::MatchExactly).value(0)->text(2).startsWith("paused"),
                                 20000);
    }

    void cleanupTestCase() { service.reset(); }
};

QTEST_MAIN(TestRemediationDialog)
#include "test_remediation_dialog.moc"
