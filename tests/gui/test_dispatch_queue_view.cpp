// The Dispatch Queue view in the real main window (offscreen) on a real database: Ctrl+3 opens it; the
// outbox's rows with their alerts, filtered by route and state; the selected row's payload as sent,
// response and attempts; Approve (review), Retry now (dead) and Cancel (pending), each changing the row and
// writing an audit_log row under the analyst's name; live rows arriving by NOTIFY; the selection kept by
// id while rows arrive; a screenshot of the view (light and dark).
#include "gui_fixture.h"

#include "console_app.h"
#include "dispatch_queue_model.h"
#include "dispatch_queue_view.h"
#include "main_window.h"
#include "theme.h"
#include "ui_settings.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace eos;

namespace {

// outbox rows as the sender leaves them (for alerts 1..6 of the fixture)
const char *kOutbox = R"SQL(
INSERT INTO dispatch_outbox (alert_id, route, kind, state, attempts, dedup_key, remote_id, response_status, response, error, payload, history, sent_at, created_at)
VALUES
 (1, 'slack', 'slack', 'sent', 1, '002:5712', 'eos-1', 200, 'ok', NULL,
  '{"attachments":[{"color":"danger","pretext":"WAZUH Alert","title":"sshd: brute force trying to get access to the system.","text":"Nov 23 10:00:00 host-2 sshd[1001]: Failed password","fields":[{"title":"Agent","value":"(002) - host-2","short":true}]}]}',
  '[{"at":"2026-12-01T03:00:00.000Z","status":200,"result":"sent","by":"eos-host:4242:dispatch:x"}]', now(), now() - interval '5 minutes'),
 (2, 'jira', 'jira', 'review', 0, '003:5501', NULL, NULL, NULL, NULL, NULL, '[]', NULL, now() - interval '4 minutes'),
 (3, 'webhook', 'webhook', 'dead', 8, '004:31151', NULL, 500, '{"error":"internal"}', 'webhook: HTTP 500: {"error":"internal"}', '{"alert":{"id":"1"}}',
  '[{"at":"2026-12-01T03:00:00.000Z","status":500,"result":"failed","error":"webhook: HTTP 500","by":"eos-host:4242:dispatch:x"}]', NULL, now() - interval '3 minutes'),
 (4, 'webhook', 'webhook', 'pending', 0, '005:100002', NULL, NULL, NULL, NULL, NULL, '[]', NULL, now() - interval '2 minutes'),
 (5, 'stackstorm', 'stackstorm', 'failed', 2, '001:5710', NULL, 503, 'Service Unavailable', 'StackStorm: HTTP 503: Service Unavailable', NULL,
  '[]', NULL, now() - interval '1 minutes');
)SQL";

}  // namespace

class TestDispatchQueueView : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

    DispatchQueueView *view() const { return m_w->dispatchQueueView(); }
    int rowOfOutbox(qint64 id) const
    {
        auto *m = view()->table()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, 0).data(DispatchQueueModel::OutboxIdRole).toLongLong() == id) return r;
        return -1;
    }
    void selectOutbox(qint64 id)
    {
        view()->table()->selectionModel()->clearSelection();
        view()->selectId(id);
    }
    QString state(qint64 id) const { return m_fx.scalar(QStringLiteral("SELECT state FROM dispatch_outbox WHERE id = %1").arg(id)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_dispatch_queue")));
        QVERIFY(m_fx.insertData(6, 20));
        QString err;
        QVERIFY2(test::TestDatabase::exec(m_fx.db, QString::fromUtf8(kOutbox), &err), qPrintable(err));
        m_w = m_fx.openMainWindow(QSize(1500, 850));
        QVERIFY(m_w);
    }
    void cleanupTestCase() { m_w.reset(); }

    void opensWithRowsAndDetails()
    {
        QTest::keyClick(m_w.get(), Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::DispatchQueue);
        QVERIFY(m_w->windowTitle().startsWith(QStringLiteral("Eos Console — Dispatch Queue")));
        QTRY_COMPARE(view()->table()->model()->rowCount(), 5);
        // newest first; the alert column names the rule and the agent
        QCOMPARE(view()->table()->model()->index(0, DispatchQueueModel::IdColumn).data().toString(), QStringLiteral("5"));
        const int sent = rowOfOutbox(1);
        QVERIFY(view()->table()->model()->index(sent, DispatchQueueModel::AlertColumn).data().toString().contains(QStringLiteral("host-")));
        QCOMPARE(view()->table()->model()->index(sent, DispatchQueueModel::StateColumn).data().toString(), QStringLiteral("Sent"));
        selectOutbox(1);
        QTRY_VERIFY2(view()->payloadView()->toPlainText().contains(QStringLiteral("\"pretext\": \"WAZUH Alert\"")),
                     qPrintable(view()->payloadView()->toPlainText()));
        QCOMPARE(view()->routeFilter()->count(), 5);  // all + four routes
        // actions follow the selection's states
        QVERIFY(!view()->approveAction()->isEnabled());
        QVERIFY(!view()->retryAction()->isEnabled());
        selectOutbox(2);
        QTRY_VERIFY(view()->approveAction()->isEnabled());
        QVERIFY(view()->cancelAction()->isEnabled());
        selectOutbox(3);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("dispatch_queue"));
    }

    void approveRetryCancelAreAudited()
    {
        selectOutbox(2);
        QTRY_VERIFY(view()->approveAction()->isEnabled());
        view()->approveAction()->trigger();
        QTRY_COMPARE(state(2), QStringLiteral("pending"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT actor || ' ' || action || ' ' || (details->>'route') FROM audit_log WHERE action LIKE 'dispatch_%' ORDER BY id DESC LIMIT 1")),
                 QStringLiteral("test-analyst dispatch_approved jira"));
        selectOutbox(3);
        QTRY_VERIFY(view()->retryAction()->isEnabled());
        view()->retryAction()->trigger();
        QTRY_COMPARE(state(3), QStringLiteral("pending"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT attempts FROM dispatch_outbox WHERE id = 3")), QStringLiteral("0"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT action FROM audit_log WHERE action LIKE 'dispatch_%' ORDER BY id DESC LIMIT 1")), QStringLiteral("dispatch_retried"));
        selectOutbox(4);
        QTRY_VERIFY(view()->cancelAction()->isEnabled());
        view()->cancelAction()->trigger();
        QTRY_COMPARE(state(4), QStringLiteral("cancelled"));
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action IN ('dispatch_approved','dispatch_retried','dispatch_cancelled') "
                                            "AND actor = 'test-analyst'")), QStringLiteral("3"));
        // the view follows (live), and the row's history says who did it
        QTRY_COMPARE(view()->table()->model()->index(rowOfOutbox(4), DispatchQueueModel::StateColumn).data().toString(), QStringLiteral("Cancelled"));
        QVERIFY(m_fx.scalar(QStringLiteral("SELECT history::text FROM dispatch_outbox WHERE id = 4")).contains(QStringLiteral("test-analyst")));
        // a sent row cannot be cancelled
        selectOutbox(1);
        QTRY_VERIFY(!view()->cancelAction()->isEnabled());
    }

    void liveRowsKeepTheSelection()
    {
        selectOutbox(3);
        QVERIFY(test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO dispatch_outbox (alert_id, route, kind, state) VALUES (6, 'slack', 'slack', 'pending'); NOTIFY dispatch_changed")));
        QTRY_COMPARE(view()->table()->model()->rowCount(), 6);
        QCOMPARE(view()->selectedIds(), QList<qint64>{3});
    }

    void filtersByRouteAndState()
    {
        auto *states = view()->stateFilter();
        states->setCurrentIndex(states->findData(QStringLiteral("pending")));
        Q_EMIT states->activated(states->currentIndex());
        QTRY_COMPARE(view()->table()->model()->rowCount(), 3);  // 2 (approved), 3 (retried), 6 (new)
        auto *routes = view()->routeFilter();
        routes->setCurrentIndex(routes->findData(QStringLiteral("slack")));
        Q_EMIT routes->activated(routes->currentIndex());
        QTRY_COMPARE(view()->table()->model()->rowCount(), 1);
        states->setCurrentIndex(0);
        Q_EMIT states->activated(0);
        routes->setCurrentIndex(0);
        Q_EMIT routes->activated(0);
        QTRY_COMPARE(view()->table()->model()->rowCount(), 6);
    }

    void darkScreenshot()
    {
        Theme::apply(UiSettings::Theme::Dark);
        selectOutbox(5);
        QTRY_VERIFY(view()->payloadView()->toPlainText().contains(QStringLiteral("Not sent yet")));
        QTest::qWait(200);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("dispatch_queue_dark"));
        Theme::apply(UiSettings::Theme::Light);
    }
};

QTEST_MAIN(TestDispatchQueueView)
#include "test_dispatch_queue_view.moc"
