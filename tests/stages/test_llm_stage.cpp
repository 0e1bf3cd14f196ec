// LlmStage run by a StageRunner against real PostgreSQL and the LLM stand-in (real HTTP, both
// protocols): summaries stored in the older pipeline's columns and the llm_* columns with NOTIFY
// new_response, the risk floor, the three presets, invalid answers retried once then flagged, 429 /
// 5xx / time-outs, failure after the retries (visible, retryable), the daily token budget, the cache
// (within a batch, across batches and across restarts), the concurrency limit, no provider, and
// regeneration with another preset from the console. Redaction and prompt injection: test_llm_stage_hostile.
#include "core/logging.h"
#include "core/metrics.h"
#include "llm_stage_fixture.h"
#include "llm_stand_in.h"
#include "stages/llm_stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using eos::DbConnectionInfo;
using eos::LlmClient;
using eos::LlmStage;
using eos::StageRunner;
using eos::test::LlmStandIn;
using eos::test::TestDatabase;
using Conn = eos::test::TestConnection;
using namespace eos::test::llm_stage;


class TestLlmStage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void summarisesWithAzureAndStoresEverything()
    {
        const auto db = freshDb(QStringLiteral("llm_azure"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        server.risk = QStringLiteral("low");  // the model under-rates: the floor raises level 12
        QVERIFY(server.listen());
        const qint64 low = insertAlert(db, {5, QStringLiteral("5710"), QStringLiteral("001"), QStringLiteral("198.51.100.1")});
        const qint64 high = insertAlert(db, {12, QStringLiteral("5712"), QStringLiteral("002"), QStringLiteral("198.51.100.2")});
        const qint64 quiet = insertAlert(db, {2, QStringLiteral("5501"), QStringLiteral("001"), QStringLiteral("198.51.100.3")});
        // the console's subscription
        Conn listener(db);
        QVERIFY(listener.db().driver()->subscribeToNotification(QStringLiteral("new_response")));
        QSignalSpy notified(listener.db().driver(), &QSqlDriver::notification);

        auto &metrics = eos::Metrics::instance();
        const quint64 prompt0 = metrics.llmPromptTokens, completion0 = metrics.llmCompletionTokens, requests0 = metrics.llmRequests;
        auto run = startStage(db, stageOptions(server));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 3, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(notified.count() >= 1, 5000);
        // /metrics counts the tokens as the provider gave them (300 + 120 per answer), the requests too
        QCOMPARE(quint64(metrics.llmPromptTokens) - prompt0, quint64(600));
        QCOMPARE(quint64(metrics.llmCompletionTokens) - completion0, quint64(240));
        QCOMPARE(quint64(metrics.llmRequests) - requests0, quint64(2));
        const QByteArray text = metrics.prometheusText();
        QVERIFY2(text.contains("# TYPE eos_llm_tokens_total counter\n"), text.constData());
        QVERIFY(text.contains("eos_llm_tokens_total{stage=\"llm\",kind=\"prompt\"} " + QByteArray::number(quint64(metrics.llmPromptTokens)) + '\n'));
        QVERIFY(text.contains("eos_llm_tokens_total{stage=\"llm\",kind=\"completion\"} " +
                              QByteArray::number(quint64(metrics.llmCompletionTokens)) + '\n'));
        QVERIFY(text.contains("eos_llm_requests_total{stage=\"llm\"} " + QByteArray::number(quint64(metrics.llmRequests)) + '\n'));
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("new_response"));
        QVERIFY2(server.violations.isEmpty(), qPrintable(server.violations.join(u'\n')));
        QCOMPARE(server.requests, 2);  // the level-2 alert was not sent

        // the older pipeline's columns
        for (qint64 id : {low, high}) {
            QVERIFY(!column(db, id, QStringLiteral("prompt_sent_at")).isEmpty());
            QVERIFY(!column(db, id, QStringLiteral("response_received_at")).isEmpty());
            QCOMPARE(column(db, id, QStringLiteral("prompt_tokens")).toInt(), 300);
            QCOMPARE(column(db, id, QStringLiteral("completion_tokens")).toInt(), 120);
            QCOMPARE(column(db, id, QStringLiteral("total_tokens")).toInt(), 420);
            const QString response = column(db, id, QStringLiteral("response_text"));
            QVERIFY2(response.startsWith(QStringLiteral("Summary:\nRepeated failed SSH logins")), qPrintable(response));
            QVERIFY(response.contains(QStringLiteral("What to do:\n- Block the source address")));
            QCOMPARE(column(db, id, QStringLiteral("llm_valid")), QStringLiteral("true"));
            QCOMPARE(column(db, id, QStringLiteral("llm_provider")), QStringLiteral("azure"));
            QCOMPARE(column(db, id, QStringLiteral("llm_model")), QStringLiteral("gpt-4o-2024-08-06"));
            QCOMPARE(column(db, id, QStringLiteral("llm_preset")), QStringLiteral("structured"));
            QCOMPARE(column(db, id, QStringLiteral("llm_cached")), QStringLiteral("false"));
        }
        // the prompt carries the alert and the agent's details
        const QString prompt = column(db, high, QStringLiteral("prompt_text"));
        QVERIFY(prompt.contains(QStringLiteral("\"full_log\"")));
        QVERIFY(prompt.contains(QStringLiteral("Debian 12")) && prompt.contains(QStringLiteral("db-01")));
        QVERIFY(prompt.contains(QStringLiteral("level 12")));
        // the risk floor: level 5 keeps "low", level 12 is raised to "high"
        QCOMPARE(column(db, low, QStringLiteral("llm_risk")), QStringLiteral("low"));
        QCOMPARE(column(db, high, QStringLiteral("llm_risk")), QStringLiteral("high"));
        QCOMPARE(column(db, high, QStringLiteral("llm_model_risk")), QStringLiteral("low"));
        const QJsonObject a = answerOf(db, high);
        QVERIFY(a.value(QStringLiteral("raised_to_floor")).toBool());
        QCOMPARE(a.value(QStringLiteral("mitre_techniques")).toArray(), (QJsonArray{QStringLiteral("T1110"), QStringLiteral("T1110.001")}));
        QCOMPARE(a.value(QStringLiteral("false_positive")).toObject().value(QStringLiteral("likelihood")).toString(), QStringLiteral("low"));
        QCOMPARE(a.value(QStringLiteral("recommended_actions")).toArray().size(), 2);
        // below LLM_MIN_LEVEL: moved on untouched
        QVERIFY(column(db, quiet, QStringLiteral("response_text")).isEmpty());
        QVERIFY(column(db, quiet, QStringLiteral("llm_answer")).isEmpty());
        // usage for the budget and the console's chart
        QCOMPARE(count(db, QStringLiteral("SELECT total_tokens FROM llm_usage WHERE day = (now() AT TIME ZONE 'utc')::date")), 840);
        QCOMPARE(count(db, QStringLiteral("SELECT requests FROM llm_usage")), 2);
        run.runner->stop();
    }

    void openAiProviderWithTextPresets()
    {
        const auto db = freshDb(QStringLiteral("llm_presets"));
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        server.handler = [](const LlmStandIn::Seen &s) {
            LlmStandIn::Answer a;
            if (s.systemPrompt.contains(QStringLiteral("under 300 words")))
                a.content = QStringLiteral("[HIGH RISK - Act now]\nSomeone is guessing the root password of web-01.\n\nBlock 203.0.113.5.");
            else
                a.content = QStringLiteral("**Summary:** Brute force against root on web-01.\nWhat happened:\nMany failed logins (T1110).\n"
                                           "Further investigation:\nCheck other hosts.\nWhat to do:\nBlock the address.\nHow to check:\n"
                                           "Read auth.log.\nHow to prevent this in future:\nKeys only.\nWhat to ask next:\nWho owns the address?");
            return a;
        };
        QVERIFY(server.listen());
        auto o = stageOptions(server, false);
        o.prompt = QStringLiteral("short");
        const qint64 s1 = insertAlert(db, {5});
        {
            auto run = startStage(db, o);
            QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 1, 20000);
            run.runner->stop();
        }
        QVERIFY2(server.violations.isEmpty(), qPrintable(server.violations.join(u'\n')));
        QVERIFY(!server.seen.front().body.contains(QStringLiteral("response_format")));  // text presets ask for no JSON
        QCOMPARE(column(db, s1, QStringLiteral("llm_risk")), QStringLiteral("high"));
        QCOMPARE(column(db, s1, QStringLiteral("llm_valid")), QStringLiteral("true"));
        QCOMPARE(column(db, s1, QStringLiteral("llm_preset")), QStringLiteral("short"));
        QVERIFY(column(db, s1, QStringLiteral("response_text")).startsWith(QStringLiteral("[HIGH RISK - Act now]")));
        QCOMPARE(column(db, s1, QStringLiteral("llm_summary")), QStringLiteral("Someone is guessing the root password of web-01."));

        o.prompt = QStringLiteral("long");
        const qint64 l1 = insertAlert(db, {5});
        auto run = startStage(db, o);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 2, 20000);
        const QJsonObject a = answerOf(db, l1);
        QCOMPARE(a.value(QStringLiteral("format")).toString(), QStringLiteral("long"));
        QCOMPARE(a.value(QStringLiteral("sections")).toArray().size(), 7);
        QCOMPARE(column(db, l1, QStringLiteral("llm_summary")), QStringLiteral("Brute force against root on web-01."));
        QCOMPARE(a.value(QStringLiteral("mitre_techniques")).toArray(), QJsonArray{QStringLiteral("T1110")});
        QCOMPARE(column(db, l1, QStringLiteral("llm_risk")), QStringLiteral("low"));  // no rating in this style: the floor
        run.runner->stop();
    }

    void invalidAnswerIsRetriedOnceThenFlagged()
    {
        const auto db = freshDb(QStringLiteral("llm_invalid"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        LlmStandIn::Answer prose;
        prose.content = QStringLiteral("This looks like a brute-force attack, I would block the address.");
        LlmStandIn::Answer partial;
        partial.content = QStringLiteral("{\"summary\": \"Brute force\", \"risk\": \"severe\"}");
        QVERIFY(server.listen());
        // first: prose, then a good answer
        server.script = {prose};
        const qint64 fixed = insertAlert(db, {10, QStringLiteral("5712"), QStringLiteral("001"), QStringLiteral("198.51.100.7")});
        auto run = startStage(db, stageOptions(server));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 1, 20000);
        QCOMPARE(server.requests, 2);
        const QJsonArray retry = server.seen[1].body.value(QStringLiteral("messages")).toArray();
        QCOMPARE(retry.size(), 4);
        QCOMPARE(retry[2].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(retry[2].toObject().value(QStringLiteral("content")).toString(), prose.content);
        QVERIFY2(retry[3].toObject().value(QStringLiteral("content")).toString().contains(QStringLiteral("not JSON")),
                 qPrintable(retry[3].toObject().value(QStringLiteral("content")).toString()));
        QCOMPARE(column(db, fixed, QStringLiteral("llm_valid")), QStringLiteral("true"));
        QCOMPARE(column(db, fixed, QStringLiteral("total_tokens")).toInt(), 840);  // both requests count
        QCOMPARE(run.stage->stats().invalidAnswers, 1);

        // twice invalid: stored as free text, flagged, risk from the floor
        server.script = {prose, partial};
        const qint64 flagged = insertAlert(db, {12, QStringLiteral("5712"), QStringLiteral("001"), QStringLiteral("198.51.100.8")});
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 2, 20000);
        QCOMPARE(server.requests, 4);
        // the correction names what was wrong with the first answer
        QVERIFY(server.seen[3].body.value(QStringLiteral("messages")).toArray()[3].toObject().value(QStringLiteral("content")).toString().contains(QStringLiteral("not JSON")));
        QCOMPARE(column(db, flagged, QStringLiteral("llm_valid")), QStringLiteral("false"));
        QCOMPARE(column(db, flagged, QStringLiteral("response_text")), partial.content);
        QCOMPARE(column(db, flagged, QStringLiteral("llm_risk")), QStringLiteral("high"));
        const QJsonObject a = answerOf(db, flagged);
        QVERIFY2(a.value(QStringLiteral("error")).toString().contains(QStringLiteral("\"risk\" must be one of")), qPrintable(a.value(QStringLiteral("error")).toString()));
        QCOMPARE(a.value(QStringLiteral("summary")).toString(), QStringLiteral("Brute force"));
        QVERIFY2(server.violations.isEmpty(), qPrintable(server.violations.join(u'\n')));
        run.runner->stop();
    }

    void rateLimitsOutagesAndFailure()
    {
        const auto db = freshDb(QStringLiteral("llm_outage"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        LlmStandIn::Answer limited;
        limited.status = 429;
        limited.headers = {{"retry-after-ms", "200"}};
        LlmStandIn::Answer limitedSeconds;
        limitedSeconds.status = 429;
        limitedSeconds.headers = {{"Retry-After", "1"}};
        LlmStandIn::Answer down;
        down.status = 503;
        LlmStandIn::Answer hang;
        hang.hang = true;
        server.script = {limited, down, limitedSeconds, hang};
        QVERIFY(server.listen());
        auto o = stageOptions(server);
        o.client.timeoutMs = 600;
        o.client.maxAttempts = 6;
        const qint64 id = insertAlert(db, {7});
        auto run = startStage(db, o);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 1, 30000);
        QCOMPARE(server.requests, 5);
        QVERIFY(server.seen[1].atMs - server.seen[0].atMs >= 190);  // retry-after-ms
        QVERIFY(server.seen[3].atMs - server.seen[2].atMs >= 950);  // Retry-After
        QCOMPARE(column(db, id, QStringLiteral("llm_valid")), QStringLiteral("true"));
        QCOMPARE(run.stage->client()->rateLimited(), 2);
        run.runner->stop();

        // the server stays down: after the client's and the runner's attempts the alert is failed,
        // visible with the reason, and a retry from the console (failed -> failed_from) works
        server.handler = [](const LlmStandIn::Seen &) {
            LlmStandIn::Answer a;
            a.status = 500;
            a.body = R"({"error":{"code":"InternalServerError","message":"The server had an error while processing your request."}})";
            return a;
        };
        o.client.maxAttempts = 2;
        auto ro = runnerOptions();
        ro.maxAttempts = 2;
        const qint64 doomed = insertAlert(db, {7, QStringLiteral("5710"), QStringLiteral("002"), QStringLiteral("198.51.100.99")});
        auto run2 = startStage(db, o, ro);
        QTRY_COMPARE_WITH_TIMEOUT(column(db, doomed, QStringLiteral("state")), QStringLiteral("failed"), 30000);
        QCOMPARE(column(db, doomed, QStringLiteral("failed_stage")), QStringLiteral("llm"));
        QCOMPARE(column(db, doomed, QStringLiteral("failed_from")), QStringLiteral("agent_enriched"));
        const QString why = column(db, doomed, QStringLiteral("stage_error"));
        QVERIFY2(why.contains(QStringLiteral("500")) && why.contains(QStringLiteral("The server had an error")), qPrintable(why));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = %1 AND action = 'stage_failed'").arg(doomed)), 1);
        QCOMPARE(server.requests, 5 + 4);  // 2 HTTP attempts x 2 stage attempts
        server.handler = nullptr;           // the server is back; the analyst retries
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET state = failed_from, failed_stage = NULL, failed_from = NULL, "
                                                      "stage_attempts = 0, next_attempt_at = NULL WHERE id = %1; NOTIFY agent_enriched").arg(doomed)));
        QTRY_COMPARE_WITH_TIMEOUT(column(db, doomed, QStringLiteral("state")), QStringLiteral("summarized"), 20000);
        QCOMPARE(column(db, doomed, QStringLiteral("llm_valid")), QStringLiteral("true"));
        run2.runner->stop();
    }

    void dailyBudgetMakesAlertsWait()
    {
        const auto db = freshDb(QStringLiteral("llm_budget"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        QVERIFY(server.listen());
        auto o = stageOptions(server);
        o.concurrency = 1;
        o.dailyTokenBudget = 1000;  // 420 tokens an answer: the third one crosses it
        o.cacheMinutes = 0;
        for (int i = 0; i < 6; ++i) insertAlert(db, {5, QStringLiteral("5710"), QStringLiteral("001"), QStringLiteral("198.51.100.%1").arg(i + 10)});
        auto run = startStage(db, o, runnerOptions(1));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE stage_error LIKE '%budget%'")), 3, 20000);
        QCOMPARE(count(db, kSummarized), 3);
        QCOMPARE(server.requests, 3);
        // waiting, not failing: still in agent_enriched, not before tomorrow, no attempt used up
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched'")), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched' AND stage_attempts = 0 "
                                          "AND next_attempt_at >= date_trunc('day', now() AT TIME ZONE 'utc') AT TIME ZONE 'utc' + interval '1 day'")), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT total_tokens FROM llm_usage")), 1260);
        QVERIFY(run.stage->stats().budgetWaits >= 3);
        // a second daemon sees the same budget (llm_usage): it sends nothing either
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET next_attempt_at = NULL WHERE state = 'agent_enriched'")));
        run.runner->stop();
        auto run2 = startStage(db, o, runnerOptions(1));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'agent_enriched' AND next_attempt_at IS NOT NULL")), 3, 20000);
        QCOMPARE(server.requests, 3);
        QCOMPARE(count(db, QStringLiteral("SELECT max(stage_attempts) FROM alerts")), 0);
        run2.runner->stop();
    }

    void cacheReusesAnswersForTheSameSituation()
    {
        const auto db = freshDb(QStringLiteral("llm_cache"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        server.delayMs = 150;
        QVERIFY(server.listen());
        // a1, a2 and a3: same rule, agent, srcip and user (their logs differ); b: another address
        AlertSpec same{5, QStringLiteral("5710"), QStringLiteral("001"), QStringLiteral("203.0.113.50")};
        const qint64 a1 = insertAlert(db, same);
        same.fullLog = QStringLiteral("sshd[99]: Failed password for root from 203.0.113.50 port 40000 ssh2");
        const qint64 a2 = insertAlert(db, same);
        const qint64 b = insertAlert(db, {5, QStringLiteral("5710"), QStringLiteral("001"), QStringLiteral("203.0.113.51")});
        auto o = stageOptions(server);
        {
            const quint64 hits0 = eos::Metrics::instance().llmCacheHits;
            auto run = startStage(db, o);
            QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 3, 20000);
            // a1 and a2 were in one batch: one request for both
            QCOMPARE(server.requests, 2);
            QCOMPARE(run.stage->stats().cacheHits, 1);
            QCOMPARE(quint64(eos::Metrics::instance().llmCacheHits) - hits0, quint64(1));  // in /metrics too
            run.runner->stop();
        }
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE llm_cached")), 1);
        QCOMPARE(column(db, a1, QStringLiteral("llm_cache_key")), column(db, a2, QStringLiteral("llm_cache_key")));
        QVERIFY(column(db, a1, QStringLiteral("llm_cache_key")) != column(db, b, QStringLiteral("llm_cache_key")));
        QCOMPARE(column(db, a1, QStringLiteral("llm_summary")), column(db, a2, QStringLiteral("llm_summary")));
        // after a restart, from the database: no request, no tokens
        const qint64 a3 = insertAlert(db, same);
        {
            auto run = startStage(db, o);
            QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 4, 20000);
            QCOMPARE(server.requests, 2);
            run.runner->stop();
        }
        QCOMPARE(column(db, a3, QStringLiteral("llm_cached")), QStringLiteral("true"));
        QCOMPARE(column(db, a3, QStringLiteral("total_tokens")).toInt(), 0);
        QVERIFY(column(db, a3, QStringLiteral("prompt_text")).contains(QStringLiteral("was reused")));
        QCOMPARE(count(db, QStringLiteral("SELECT cache_hits FROM llm_usage")), 2);
        // an old answer is not reused
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET response_received_at = now() - interval '2 hours'")));
        insertAlert(db, same);
        {
            auto run = startStage(db, o);
            QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 5, 20000);
            QCOMPARE(server.requests, 3);
            run.runner->stop();
        }
    }

    void concurrencyIsBounded()
    {
        const auto db = freshDb(QStringLiteral("llm_concurrency"));
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        server.delayMs = 150;
        QVERIFY(server.listen());
        for (int i = 0; i < 30; ++i) insertAlert(db, {5, QStringLiteral("5710"), QStringLiteral("001"), QStringLiteral("192.0.2.%1").arg(i + 1)});
        auto o = stageOptions(server, false);
        o.concurrency = 3;
        auto run = startStage(db, o, runnerOptions(3));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 30, 30000);
        QCOMPARE(server.requests, 30);
        QCOMPARE(server.maxInFlight, 3);
        QCOMPARE(run.stage->stats().maxActive, 3);
        QCOMPARE(run.stage->client()->maxInFlight(), 3);
        run.runner->stop();
    }

    void noProviderPassesAlertsOn()
    {
        const auto db = freshDb(QStringLiteral("llm_off"));
        QTemporaryDir dir;
        const QString logFile = dir.filePath(QStringLiteral("log.txt"));
        eos::Logging::setMirrorFile(logFile);
        LlmStage::Options o;
        o.providerProblem = QStringLiteral("no LLM provider configured (set AZURE_OPENAI_ENDPOINT, or LLM_PROVIDER=openai with OPENAI_BASE_URL)");
        for (int i = 0; i < 5; ++i) insertAlert(db, {9});
        auto run = startStage(db, o);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 5, 20000);
        for (int i = 0; i < 3; ++i) insertAlert(db, {9});
        QVERIFY(TestDatabase::exec(db, QStringLiteral("NOTIFY agent_enriched")));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 8, 20000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE response_text IS NOT NULL OR llm_answer IS NOT NULL")), 0);
        run.runner->stop();
        eos::Logging::setMirrorFile(QString());
        QFile f(logFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()).count(QStringLiteral("alerts pass the LLM stage")), 1);  // said once
    }

    void regenerateWithAnotherPreset()
    {
        const auto db = freshDb(QStringLiteral("llm_regen"));
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        server.handler = [](const LlmStandIn::Seen &s) {
            LlmStandIn::Answer a;
            if (s.systemPrompt.contains(QStringLiteral("under 300 words")))
                a.content = QStringLiteral("[MEDIUM RISK - Check within 24 hours]\nFailed root logins on web-01.");
            else
                a.content = LlmStandIn::defaultContent(QStringLiteral("low"));
            return a;
        };
        QVERIFY(server.listen());
        const qint64 id = insertAlert(db, {5});
        auto run = startStage(db, stageOptions(server));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, kSummarized), 1, 20000);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET state = 'sent' WHERE id = %1").arg(id)));
        Conn listener(db);
        QVERIFY(listener.db().driver()->subscribeToNotification(QStringLiteral("new_response")));
        QSignalSpy notified(listener.db().driver(), &QSqlDriver::notification);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("INSERT INTO llm_requests(alert_id, preset, requested_by) VALUES (%1, 'short', 'analyst')").arg(id)));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM llm_requests WHERE done_at IS NOT NULL AND error IS NULL")), 1, 20000);
        QCOMPARE(column(db, id, QStringLiteral("llm_preset")), QStringLiteral("short"));
        QCOMPARE(column(db, id, QStringLiteral("llm_risk")), QStringLiteral("medium"));
        QCOMPARE(column(db, id, QStringLiteral("state")), QStringLiteral("sent"));  // not sent again
        QTRY_VERIFY_WITH_TIMEOUT(notified.count() >= 1, 5000);
        // an unknown preset file: the request is closed with the reason
        QVERIFY(TestDatabase::exec(db, QStringLiteral("INSERT INTO llm_requests(alert_id, preset) VALUES (%1, '/nonexistent/p.prompt')").arg(id)));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM llm_requests WHERE error LIKE 'cannot read the prompt file%'")), 1, 20000);
        run.runner->stop();
    }
};

QTEST_GUILESS_MAIN(TestLlmStage)
#include "test_llm_stage.moc"
