// LlmSummaryModel against real PostgreSQL: summaries and failed summaries listed (failed first, then
// newest answer first), the risk filter, details of one alert, tokens per day with empty days, live
// reload on NOTIFY new_response, regeneration requests and retries written off the GUI thread.
#include "llm_summary_model.h"
#include "test_connection.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QTest>

using eos::LlmSummaryModel;
using eos::test::TestDatabase;
using Conn = eos::test::TestConnection;

class TestLlmSummaryModel : public QObject {
    Q_OBJECT
    eos::DbConnectionInfo m_db;

    bool exec(const QString &sql) { return TestDatabase::exec(m_db, sql); }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("llm_summary_model"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        QVERIFY(exec(QStringLiteral(
            "INSERT INTO agents(id, name) VALUES ('001', 'web-01');"
            "INSERT INTO alerts(alert_hash, agent_id, agent_name, rule_id, rule_level, rule_desc, raw, state) "
            "SELECT 'h' || g, '001', 'web-01', 5710, 5 + g, 'sshd', jsonb_build_object('data', jsonb_build_object('srcip', '203.0.113.' || g)), "
            "'agent_enriched' FROM generate_series(1, 5) g;"
            "UPDATE alerts SET state = 'summarized', response_received_at = now() - (id || ' minutes')::interval, "
            "llm_answer = jsonb_build_object('format', 'json', 'summary', 'sum ' || id), llm_summary = 'sum ' || id, "
            "llm_risk = CASE WHEN id % 2 = 0 THEN 'high' ELSE 'low' END, llm_valid = true, llm_model = 'gpt-4o', "
            "total_tokens = 100 * id, llm_latency_ms = 1500, llm_cached = (id = 3) WHERE id <= 3;"
            "UPDATE alerts SET state = 'failed', failed_stage = 'llm', failed_from = 'agent_enriched', stage_error = 'LLM server answered 500' WHERE id = 4;"
            "INSERT INTO llm_usage(day, model, requests, total_tokens) VALUES ((now() AT TIME ZONE 'utc')::date, 'gpt-4o', 3, 600), "
            "((now() AT TIME ZONE 'utc')::date - 2, 'gpt-4o', 1, 250), ((now() AT TIME ZONE 'utc')::date - 2, 'other', 1, 50);")));
    }

    void queriesOnTheWorker()
    {
        Conn c(m_db);
        QString err;
        const auto rows = LlmSummaryModel::query(c.db(), 100, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(rows.size(), 4);
        QVERIFY(rows[0].failed);  // failed first
        QCOMPARE(rows[0].summary, QStringLiteral("LLM server answered 500"));
        QCOMPARE(rows[1].id, 1);  // newest answer first
        QCOMPARE(rows[2].id, 2);
        QCOMPARE(rows[2].risk, QStringLiteral("high"));
        QCOMPARE(rows[2].tokens, 200);
        QVERIFY(rows[3].cached);
        const auto d = LlmSummaryModel::details(c.db(), 2, &err);
        QCOMPARE(d.answer.value(QStringLiteral("summary")).toString(), QStringLiteral("sum 2"));
        QCOMPARE(d.alert.value(QStringLiteral("data")).toObject().value(QStringLiteral("srcip")).toString(), QStringLiteral("203.0.113.2"));
        QCOMPARE(d.level, 7);
        QVERIFY(!d.failed);
        QVERIFY(LlmSummaryModel::details(c.db(), 4, &err).failed);
        const auto days = LlmSummaryModel::usage(c.db(), 7, &err);
        QCOMPARE(days.size(), 7);
        QCOMPARE(days.last().tokens, 600);
        QCOMPARE(days[4].tokens, 300);  // two models on one day
        QCOMPARE(days[5].tokens, 0);    // a day without requests
        QCOMPARE(LlmSummaryModel::attackUrl(QStringLiteral("t1110.001")), QStringLiteral("https://attack.mitre.org/techniques/T1110/001/"));
    }

    void liveModelFilterAndActions()
    {
        LlmSummaryModel model(m_db, QStringLiteral("analyst"));
        model.startLive(60000, 50);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(model.isListening(), 10000);
        model.setRiskFilter(QStringLiteral("high"));
        QCOMPARE(model.rowCount(), 1);
        model.setRiskFilter(QStringLiteral("failed"));
        QCOMPARE(model.rowCount(), 1);
        model.setRiskFilter(QString());
        // a new answer arrives
        QVERIFY(exec(QStringLiteral("UPDATE alerts SET state = 'summarized', response_received_at = now(), llm_answer = '{}', llm_risk = 'medium' "
                                    "WHERE id = 5; NOTIFY new_response, '5'")));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 5, 10000);
        // regenerate and retry, off the GUI thread
        QSignalSpy regen(&model, &LlmSummaryModel::regenerateRequested);
        model.regenerate(2, QStringLiteral("long"));
        QTRY_COMPARE_WITH_TIMEOUT(regen.count(), 1, 5000);
        QVERIFY(regen.first().at(2).toString().isEmpty());
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT preset || '/' || requested_by FROM llm_requests WHERE alert_id = 2")), QStringLiteral("long/analyst"));
        QSignalSpy retried(&model, &LlmSummaryModel::retried);
        model.retry(4);
        QTRY_COMPARE_WITH_TIMEOUT(retried.count(), 1, 5000);
        QVERIFY(retried.first().at(1).toString().isEmpty());
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT state FROM alerts WHERE id = 4")), QStringLiteral("agent_enriched"));
        QTRY_COMPARE_WITH_TIMEOUT(model.failedCount(), 0, 5000);
        // retrying what is not failed says so
        model.retry(4);
        QTRY_COMPARE_WITH_TIMEOUT(retried.count(), 2, 5000);
        QVERIFY(!retried.last().at(1).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLlmSummaryModel)
#include "test_llm_summary_model.moc"
