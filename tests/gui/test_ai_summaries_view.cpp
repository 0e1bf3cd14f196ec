// The AI Summaries view in the real main window (offscreen): summaries listed from the database (risk,
// summary, model, tokens, latency), live from NOTIFY new_response, filtered by risk; failed summaries
// listed with their reason and retried; the structured answer rendered with sections, ATT&CK links and a
// checklist; the long style's sections; a flagged answer marked; copy as text; regeneration with another
// preset (a row of llm_requests); the daily token chart with cost. Screenshots: ai_summaries*.png.
#include "gui_fixture.h"

#include "ai_summaries_view.h"
#include "alert_detail_pane.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "console_app.h"
#include "llm_summary_model.h"
#include "main_window.h"
#include "theme.h"
#include "token_usage_chart.h"
#include "ui_settings.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSqlDriver>
#include <QTableView>
#include <QTextBrowser>

using namespace eos;

namespace {

const char *kStructured = R"json({"format":"json","summary":"Brute-force SSH logins against root from 203.0.113.7.","what_happened":"The address tried to log in as root 40 times within two minutes; every attempt failed.","risk":"high","model_risk":"medium","risk_floor":"high","raised_to_floor":true,"valid":true,"false_positive":{"likelihood":"low","confidence":0.85},"mitre_techniques":["T1110","T1110.001"],"recommended_actions":["Block 203.0.113.7 at the perimeter firewall","Check /var/log/auth.log for an Accepted login from it","Make sure root cannot log in with a password"],"how_to_check":["grep Accepted /var/log/auth.log | grep 203.0.113.7"]})json";
const char *kLong = R"json({"format":"long","summary":"A web server spawned a shell.","valid":true,"risk":"critical","model_risk":null,"raised_to_floor":false,"mitre_techniques":["T1059"],"sections":[{"title":"Summary","text":"A web server spawned a shell."},{"title":"What happened","text":"nginx started /bin/sh with a download command."},{"title":"What to do","text":"Isolate the host."}]})json";
const char *kFlagged = R"json({"format":"text","text":"I think this is probably fine.","summary":"I think this is probably fine.","valid":false,"error":"not JSON: illegal value at offset 0","risk":"low","model_risk":null,"raised_to_floor":false})json";

}  // namespace

class TestAiSummariesView : public QObject {
    Q_OBJECT
    test::GuiFixture m_fx;
    std::unique_ptr<MainWindow> m_w;

    AiSummariesView *view() const { return m_w->aiSummariesView(); }
    LlmSummaryModel *model() const { return view()->model(); }

    bool exec(const QString &sql)
    {
        QString err;
        if (!test::TestDatabase::exec(m_fx.db, sql, &err)) {
            qWarning("%s", qPrintable(err));
            return false;
        }
        return true;
    }
    QString summarise(int id, const char *answer, const QString &risk, const QString &summary, bool valid, bool cached = false)
    {
        return QStringLiteral(
                   "UPDATE alerts SET state = 'summarized', response_received_at = now() - interval '%1 minutes', prompt_sent_at = now(), "
                   "response_text = 'Summary:\n' || $t$%5$t$, prompt_tokens = 900, completion_tokens = 240, total_tokens = 1140, "
                   "llm_answer = $j$%2$j$::jsonb, llm_risk = '%3', llm_summary = $t$%5$t$, llm_valid = %4, llm_model = 'gpt-4o-2024-08-06', "
                   "llm_provider = 'azure', llm_preset = 'structured', llm_latency_ms = 2300, llm_cached = %6 WHERE id = %7;")
            .arg(100 - id)
            .arg(QString::fromUtf8(answer), risk, valid ? QStringLiteral("true") : QStringLiteral("false"), summary,
                 cached ? QStringLiteral("true") : QStringLiteral("false"))
            .arg(id);
    }
    int rowOf(qint64 id) const
    {
        auto *t = view()->table();
        for (int r = 0; r < t->model()->rowCount(); ++r)
            if (t->model()->index(r, 0).data(LlmSummaryModel::AlertIdRole).toLongLong() == id) return r;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_ai_summaries")));
        QVERIFY(m_fx.insertData(4, 12));
        QVERIFY(exec(summarise(1, kStructured, QStringLiteral("high"), QStringLiteral("Brute-force SSH logins against root from 203.0.113.7."), true) +
                     summarise(2, kLong, QStringLiteral("critical"), QStringLiteral("A web server spawned a shell."), true) +
                     summarise(3, kFlagged, QStringLiteral("low"), QStringLiteral("I think this is probably fine."), false) +
                     summarise(4, kStructured, QStringLiteral("high"), QStringLiteral("Brute-force SSH logins against root from 203.0.113.7."), true, true) +
                     QStringLiteral("UPDATE alerts SET state = 'failed', failed_stage = 'llm', failed_from = 'agent_enriched', "
                                    "stage_error = 'LLM server answered 503: The service is temporarily unavailable (after 4 attempts)' WHERE id = 5;"
                                    "INSERT INTO llm_usage(day, model, requests, prompt_tokens, completion_tokens, total_tokens, cache_hits) "
                                    "SELECT (now() AT TIME ZONE 'utc')::date - g, 'gpt-4o', 10 + g, 9000 + 700 * g, 2000, 11000 + 700 * g + (g % 3) * 4000, g "
                                    "FROM generate_series(0, 13) g;")));
        m_w = m_fx.openMainWindow(QSize(1600, 900));
        QVERIFY(m_w);
    }

    void cleanupTestCase() { m_w.reset(); }

    void listsSummariesAndFailures()
    {
        m_w->showPage(MainWindow::Page::AiSummaries);
        QCOMPARE(m_w->currentPage(), MainWindow::Page::AiSummaries);
        QVERIFY(m_w->windowTitle().contains(QStringLiteral("AI Summaries")));
        QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), 5, 10000);
        QCOMPARE(model()->failedCount(), 1);
        QVERIFY2(view()->countLabel()->text().contains(QStringLiteral("4 summaries")) && view()->countLabel()->text().contains(QStringLiteral("1 failed")),
                 qPrintable(view()->countLabel()->text()));
        const int r = rowOf(1);
        QVERIFY(r >= 0);
        auto *m = view()->table()->model();
        QCOMPARE(m->index(r, LlmSummaryModel::RiskColumn).data().toString(), QStringLiteral("High"));
        QCOMPARE(m->index(r, LlmSummaryModel::ModelColumn).data().toString(), QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(m->index(r, LlmSummaryModel::TokensColumn).data().toString(), QStringLiteral("1,140"));
        QCOMPARE(m->index(r, LlmSummaryModel::LatencyColumn).data().toString(), QStringLiteral("2.3 s"));
        QCOMPARE(m->index(rowOf(4), LlmSummaryModel::ModelColumn).data().toString(), QStringLiteral("gpt-4o-2024-08-06 (cached)"));
        QVERIFY(m->index(rowOf(3), LlmSummaryModel::SummaryColumn).data().toString().startsWith(QStringLiteral("[not in the requested format]")));
        QVERIFY(m->index(rowOf(5), LlmSummaryModel::SummaryColumn).data().toString().contains(QStringLiteral("503")));
        // the token chart: 14 days, cost at the configured price (none here: tokens only)
        QTRY_VERIFY_WITH_TIMEOUT(view()->chart()->summaryText().contains(QStringLiteral("14 days")), 5000);
        QVERIFY2(view()->chart()->summaryText().startsWith(QStringLiteral("Today: 11,000 tokens")), qPrintable(view()->chart()->summaryText()));
    }

    void rendersTheStructuredAnswer()
    {
        view()->selectAlert(1);
        QTRY_VERIFY_WITH_TIMEOUT(view()->answerView()->toHtml().contains(QStringLiteral("Recommended actions")), 5000);
        const QString html = view()->answerView()->toHtml();
        const QString text = view()->answerView()->toPlainText();
        for (const char *s : {"HIGH RISK", "Summary", "What happened", "False positive", "MITRE ATT&CK", "How to check", "The alert",
                              "Block 203.0.113.7 at the perimeter firewall", "Eos never acts on them by itself", "raised to the floor"})
            QVERIFY2(text.contains(QLatin1String(s)), s);
        QVERIFY(html.contains(QStringLiteral("https://attack.mitre.org/techniques/T1110/001/")));
        QVERIFY(html.contains(QStringLiteral("https://attack.mitre.org/techniques/T1110/")));
        QVERIFY(text.contains(QStringLiteral("\u2610")));  // a checklist
        QVERIFY(text.contains(QStringLiteral("sshd[")));    // the alert's own log line
        QVERIFY(view()->copyButton()->isEnabled());
        QVERIFY(view()->regenerateButton()->isEnabled());
        QVERIFY(!view()->retryButton()->isVisible());
        view()->copyButton()->click();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("Risk: High")));
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("Summary:\nBrute-force SSH logins")));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("ai_summaries"));
    }

    void rendersLongAndFlaggedAnswers()
    {
        view()->selectAlert(2);
        QTRY_VERIFY_WITH_TIMEOUT(view()->answerView()->toPlainText().contains(QStringLiteral("Isolate the host.")), 5000);
        QVERIFY(view()->answerView()->toPlainText().contains(QStringLiteral("CRITICAL RISK")));
        QVERIFY(view()->answerView()->toHtml().contains(QStringLiteral("https://attack.mitre.org/techniques/T1059/")));
        view()->selectAlert(3);
        QTRY_VERIFY_WITH_TIMEOUT(view()->answerView()->toPlainText().contains(QStringLiteral("Not in the requested format")), 5000);
        QVERIFY(view()->answerView()->toPlainText().contains(QStringLiteral("I think this is probably fine.")));
    }

    void filtersByRisk()
    {
        auto *box = view()->riskFilter();
        box->setCurrentIndex(box->findData(QStringLiteral("high")));
        QCOMPARE(model()->rowCount(), 2);
        box->setCurrentIndex(box->findData(QStringLiteral("failed")));
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(model()->row(0).id, 5);
        box->setCurrentIndex(box->findData(QStringLiteral("critical")));
        QCOMPARE(model()->rowCount(), 1);
        box->setCurrentIndex(0);
        QCOMPARE(model()->rowCount(), 5);
    }

    void regeneratesWithAnotherPreset()
    {
        view()->selectAlert(1);
        QTRY_VERIFY_WITH_TIMEOUT(view()->regenerateButton()->isEnabled(), 5000);
        view()->presetBox()->setCurrentIndex(view()->presetBox()->findData(QStringLiteral("short")));
        view()->regenerateButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.scalar(QStringLiteral("SELECT preset || ':' || requested_by FROM llm_requests WHERE alert_id = 1")),
                                  QStringLiteral("short:test-analyst"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(view()->findChild<QLabel *>(QStringLiteral("aiNote"))->text().contains(QStringLiteral("Short notification")), 5000);
    }

    void failedSummaryIsRetried()
    {
        view()->selectAlert(5);
        QTRY_VERIFY_WITH_TIMEOUT(view()->retryButton()->isVisible() && view()->retryButton()->isEnabled(), 5000);
        QVERIFY(view()->answerView()->toPlainText().contains(QStringLiteral("The summary failed")));
        QVERIFY(view()->answerView()->toPlainText().contains(QStringLiteral("503")));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("ai_summaries_failed"));
        view()->retryButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.scalar(QStringLiteral("SELECT state FROM alerts WHERE id = 5")), QStringLiteral("agent_enriched"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(model()->failedCount(), 0, 5000);
        QCOMPARE(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 5 AND action = 'stage_retry'")), QStringLiteral("1"));
    }

    void liveFromNewResponse()
    {
        const int before = model()->totalCount();
        QVERIFY(exec(summarise(6, kStructured, QStringLiteral("high"), QStringLiteral("Another brute force."), true) +
                     QStringLiteral("NOTIFY new_response, '6';")));
        QTRY_COMPARE_WITH_TIMEOUT(model()->totalCount(), before + 1, 5000);
        QVERIFY(rowOf(6) >= 0);
    }

    void liveAlertsShowRiskAndSummary()
    {
        m_w->showPage(MainWindow::Page::LiveAlerts);
        AlertsView *alerts = m_w->alertsView();
        AlertListModel *m = alerts->model();
        QTRY_VERIFY_WITH_TIMEOUT(m->rowCount() >= 12, 10000);
        m->ensureLoaded(0, m->rowCount() - 1);
        QTRY_VERIFY_WITH_TIMEOUT(m->rowOfId(1) >= 0 && m->rowOfId(7) >= 0, 10000);
        const int row = m->rowOfId(1);
        QCOMPARE(m->headerData(AlertListModel::RiskColumn, Qt::Horizontal).toString(), QStringLiteral("Risk"));
        QCOMPARE(m->index(row, AlertListModel::RiskColumn).data().toString(), QStringLiteral("High"));
        QVERIFY(m->index(row, AlertListModel::RiskColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(m->index(m->rowOfId(7), AlertListModel::RiskColumn).data().toString().isEmpty());  // not summarised
        alerts->table()->setCurrentIndex(m->index(row, 0));
        QLabel *summary = alerts->detailPane()->summaryLabel();
        QTRY_VERIFY_WITH_TIMEOUT(summary->isVisible() && summary->text().contains(QStringLiteral("High risk")), 5000);
        QVERIFY(summary->text().contains(QStringLiteral("Brute-force SSH logins against root")));
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("live_alerts_ai_summary"));
        // an alert without a summary hides it
        alerts->table()->setCurrentIndex(m->index(m->rowOfId(7), 0));
        QTRY_VERIFY_WITH_TIMEOUT(!summary->isVisible(), 5000);
        m_w->showPage(MainWindow::Page::AiSummaries);
    }

    void darkTheme()
    {
        Theme::apply(UiSettings::Theme::Dark);
        view()->selectAlert(1);
        view()->selectAlert(2);
        QTRY_VERIFY_WITH_TIMEOUT(view()->answerView()->toPlainText().contains(QStringLiteral("Isolate the host.")), 5000);
        view()->selectAlert(1);
        QTRY_VERIFY_WITH_TIMEOUT(view()->answerView()->toPlainText().contains(QStringLiteral("Recommended actions")), 5000);
        test::GuiFixture::saveScreenshot(m_w.get(), QStringLiteral("ai_summaries_dark"));
        Theme::apply(UiSettings::Theme::Light);
    }
};

QTEST_MAIN(TestAiSummariesView)
#include "test_ai_summaries_view.moc"
