// LLM triage, the stage after enrichment: `agent_enriched` -> `summarized` (NOTIFY new_response).
// Every alert at or above LLM_MIN_LEVEL gets a summary, a risk and advice from the configured provider
// (LlmClient: Azure OpenAI or an OpenAI-compatible server); the others, and every alert when no provider
// is configured (said once in the log), move on untouched so dispatch still works.
//  - Prompt: a preset or LLM_PROMPT_FILE (LlmPrompt) with the alert and the agent's details, secrets
//    redacted (LlmRedactor), long fields cut (LLM_MAX_ALERT_CHARS), enclosed in per-request markers.
//  - Answer: validated (LlmAnswer); an invalid JSON answer is sent back once with the error, then kept as
//    flagged free text; the rule level's risk floor applies. Nothing in an answer is ever executed.
//  - Concurrency: at most LLM_CONCURRENCY requests under way (across the runner's batches).
//  - Retries: the client retries 429/5xx/time-outs (honouring retry-after-ms / Retry-After); after that
//    the runner reschedules the alert with backoff and marks it failed (retryable from the console)
//    after EOS_STAGE_MAX_ATTEMPTS.
//  - Budget: LLM_DAILY_TOKEN_BUDGET tokens per UTC day over all daemons (table llm_usage); once spent,
//    alerts wait in agent_enriched until the next day (without using up their attempts). Usage is added
//    to llm_usage once per batch (before the batch's alerts move on), not per answer; /metrics counts
//    requests, tokens and cache hits at once (eos_llm_*).
//  - Cache: an alert with the same preset, rule, agent and key fields (LLM_CACHE_FIELDS) as a valid
//    answer of the last LLM_CACHE_MINUTES reuses it (from the database, so across daemons and restarts;
//    identical alerts under way at once share one request).
//  - Stored: the older pipeline's prompt/response/token columns and the llm_* columns (0006_llm.sql).
//  - Regeneration: rows of llm_requests (written by the console) are answered with the preset they name
//    and stored on the alert without changing its state.
#pragma once

#include "clients/llm_client.h"
#include "core/config.h"
#include "stages/llm_answer.h"
#include "stages/llm_prompt.h"
#include "stages/llm_redactor.h"
#include "stages/llm_requests.h"
#include "stages/llm_usage.h"
#include "stages/stage.h"
#include "stages/stage_runner.h"

#include <QDateTime>
#include <QHash>

#include <deque>
#include <memory>
#include <optional>

class QTimer;

namespace eos {

class LlmStage : public Stage {
public:
    struct Options {
        LlmClient::Options client;
        QString providerProblem;      // why the provider is off
        int minLevel = 3;
        int concurrency = 4;
        qint64 dailyTokenBudget = 0;  // 0: none
        int cacheMinutes = 60;
        QStringList cacheFields;
        QString prompt = QStringLiteral("structured");  // preset name or file
        QStringList redactPatterns;
        QStringList secrets;          // literal values to redact (configured secrets)
        int maxAlertChars = 12000;
        int requestPollMs = 2000;     // regeneration requests
    };
    static Options optionsFrom(const Config &config);
    // The runner's options for this stage: batches of about two rounds of LLM_CONCURRENCY, two at once,
    // so requests stay under way while a batch is written.
    static StageRunner::Options runnerOptions(const Config &config);

    explicit LlmStage(Options options);
    ~LlmStage() override;

    QString name() const override { return QStringLiteral("llm"); }
    QString inputState() const override { return QStringLiteral("agent_enriched"); }
    QString outputState() const override { return QStringLiteral("summarized"); }
    QString wakeChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneChannel() const override { return QStringLiteral("new_response"); }
    bool wantsRaw() const override { return true; }
    QStringList claimColumns() const override;
    QString doneSql() const override;
    QStringList doneTypes() const override;

    void start(StageRunner *runner) override;
    void stop() override;
    void process(const std::vector<ClaimedAlert> &batch, Done done) override;

    // Tests and benchmarks (the runner's thread).
    LlmClient *client() const { return m_client; }
    struct Stats {
        int summarised = 0;       // answers stored (requests, not cache hits)
        int cacheHits = 0;
        int invalidAnswers = 0;   // first answers that failed validation
        int flagged = 0;          // stored as free text
        int budgetWaits = 0;      // alerts put off by the budget
        int redactions = 0;
        int regenerated = 0;
        int maxActive = 0;        // summaries under way at once, at most
    };
    const Stats &stats() const { return m_stats; }
    qint64 tokensUsedToday() const { return m_usage.usedToday(); }

private:
    struct Summary;
    struct Job;
    struct BatchState;
    void enqueue(std::shared_ptr<Job> job, bool front = false);
    void startJobs();
    void run(std::shared_ptr<Job> job);
    void answered(std::shared_ptr<Job> job, const LlmClient::Result &r);
    void finishJob(const std::shared_ptr<Job> &job, Summary s);
    bool budgetLeft();
    void refreshUsage();
    void recordUsage(const QString &model, const LlmClient::Result &r, int cacheHits);
    void flushUsage();
    QHash<QString, Summary> lookupCache(const QStringList &keys);
    void pollRequests();
    void storeRegenerated(const LlmRequests::Request &request, const Summary &s);
    QVariantList values(const Summary &s) const;

    Options m_options;
    std::optional<LlmPrompt> m_prompt;
    LlmRedactor m_redactor;
    StageRunner *m_runner = nullptr;
    LlmClient *m_client = nullptr;  // owned by the runner (QObject parent)
    QTimer *m_requestTimer = nullptr;
    bool m_running = false;
    bool m_saidOff = false;
    std::deque<std::shared_ptr<Job>> m_queue;
    int m_active = 0;
    QHash<QString, std::vector<std::shared_ptr<Job>>> m_waiting;  // cache key -> alerts waiting for one request
    struct CacheEntry;
    QHash<QString, std::shared_ptr<CacheEntry>> m_memo;            // answers of this process, by key
    // tokens used and the budget; written to llm_usage once per batch (and by a 1 s timer, and at stop)
    LlmUsage m_usage;
    QTimer *m_usageTimer = nullptr;
    Stats m_stats;
};

}  // namespace eos
