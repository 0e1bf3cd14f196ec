#include "stages/llm_stage.h"

#include "core/logging.h"
#include "core/metrics.h"
#include "stages/llm_alert_text.h"
#include "store/pg_binary_array.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace eos {
namespace {

auto log() { return Logging::get("llm"); }

QVariant nullText() { return QVariant(QMetaType::fromType<QString>()); }
QVariant textOrNull(const QString &s) { return s.isEmpty() ? nullText() : QVariant(s); }

}  // namespace

// ---------------------------------------------------------------------------------------------------

struct LlmStage::Summary {
    enum class Kind { Done, Pass, Retry, Fail, Budget };
    Kind kind = Kind::Done;
    QString error;
    qint64 retryAfterMs = 0;
    QDateTime sentAt, receivedAt;
    QString promptText;
    QString responseText;
    int promptTokens = 0, completionTokens = 0, totalTokens = 0;
    LlmAnswer answer;
    QString provider, model, preset, cacheKey;
    int latencyMs = 0;
    bool cached = false;
    int redactions = 0;
};

struct LlmStage::CacheEntry {
    Summary summary;
    qint64 atMs = 0;
};

struct LlmStage::BatchState {
    std::vector<StageOutcome> outcomes;
    std::vector<qint64> budgetIds;  // put off by the budget: their attempt does not count
    size_t remaining = 0;
    Done done;
};

struct LlmStage::Job {
    ClaimedAlert alert;
    QJsonObject raw;
    QString agentJson;
    QString ruleText;
    QString key;                      // cache key; empty: no cache (regeneration, cache off)
    const LlmPrompt *prompt = nullptr;
    std::optional<LlmPrompt> ownPrompt;  // regeneration with another preset
    std::function<void(const Summary &)> finish;
    // the conversation so far
    LlmPrompt::Rendered rendered;
    Summary summary;
    bool correcting = false;          // second request after an invalid answer
    QString firstContent;
};

// ---------------------------------------------------------------------------------------------------

LlmStage::Options LlmStage::optionsFrom(const Config &config)
{
    Options o;
    o.client = LlmClient::optionsFrom(config, &o.providerProblem);
    o.minLevel = config.intValue(QStringLiteral("LLM_MIN_LEVEL"), o.minLevel);
    o.concurrency = std::clamp(config.intValue(QStringLiteral("LLM_CONCURRENCY"), o.concurrency), 1, 256);
    bool ok = false;
    const qlonglong budget = config.value(QStringLiteral("LLM_DAILY_TOKEN_BUDGET")).trimmed().toLongLong(&ok);
    o.dailyTokenBudget = ok && budget > 0 ? budget : 0;
    o.cacheMinutes = std::max(0, config.intValue(QStringLiteral("LLM_CACHE_MINUTES"), o.cacheMinutes));
    for (const QString &f : config.value(QStringLiteral("LLM_CACHE_FIELDS")).split(u',', Qt::SkipEmptyParts))
        if (!f.trimmed().isEmpty()) o.cacheFields << f.trimmed();
    const QString file = config.value(QStringLiteral("LLM_PROMPT_FILE")).trimmed();
    o.prompt = !file.isEmpty() ? file : config.value(QStringLiteral("LLM_PROMPT_PRESET")).trimmed();
    if (o.prompt.isEmpty()) o.prompt = QStringLiteral("structured");
    o.redactPatterns = LlmRedactor::splitPatterns(config.value(QStringLiteral("LLM_REDACT_PATTERNS")));
    o.secrets = config.secretValues();
    o.maxAlertChars = std::clamp(config.intValue(QStringLiteral("LLM_MAX_ALERT_CHARS"), o.maxAlertChars), 500, 500000);
    return o;
}

StageRunner::Options LlmStage::runnerOptions(const Config &config)
{
    StageRunner::Options r = StageRunner::optionsFrom(config);
    const int c = std::clamp(config.intValue(QStringLiteral("LLM_CONCURRENCY"), 4), 1, 256);
    r.batchSize = std::clamp(2 * c, 4, std::max(4, r.batchSize));
    r.concurrency = 2;
    return r;
}

LlmStage::LlmStage(Options options)
    : m_options(std::move(options)), m_redactor(m_options.redactPatterns, m_options.secrets), m_usage(m_options.dailyTokenBudget)
{
}

LlmStage::~LlmStage() = default;

QStringList LlmStage::claimColumns() const
{
    return {QStringLiteral("(SELECT json_strip_nulls(json_build_object('id', ag.id, 'name', ag.name, 'ip', ag.ip, "
                           "'os', ag.os, 'groups', ag.groups, 'version', ag.agent_version, 'status', ag.status_text, "
                           "'last_keep_alive', ag.last_seen, 'node', ag.node_name, 'registered', ag.registered))::text "
                           "FROM agents ag WHERE ag.id = a.agent_id)"),
            QStringLiteral("a.rule_id"), QStringLiteral("a.rule_desc")};
}

QString LlmStage::doneSql() const
{
    return QStringLiteral("prompt_sent_at = ?, prompt_text = ?, response_received_at = ?, response_text = ?, "
                          "prompt_tokens = ?, completion_tokens = ?, total_tokens = ?, llm_risk = ?, llm_model_risk = ?, "
                          "llm_summary = ?, llm_answer = ?::jsonb, llm_valid = ?, llm_provider = ?, llm_model = ?, "
                          "llm_preset = ?, llm_latency_ms = ?, llm_cache_key = ?, llm_cached = ?, llm_redactions = ?");
}

QStringList LlmStage::doneTypes() const
{
    // doneSql()'s placeholders, in order (the alerts columns' types)
    return {QStringLiteral("timestamptz"), QStringLiteral("text"), QStringLiteral("timestamptz"), QStringLiteral("text"),
            QStringLiteral("int"), QStringLiteral("int"), QStringLiteral("int"), QStringLiteral("text"), QStringLiteral("text"),
            QStringLiteral("text"), QStringLiteral("jsonb"), QStringLiteral("boolean"), QStringLiteral("text"),
            QStringLiteral("text"), QStringLiteral("text"), QStringLiteral("int"), QStringLiteral("text"),
            QStringLiteral("boolean"), QStringLiteral("int")};
}

QVariantList LlmStage::values(const Summary &s) const
{
    return {s.sentAt,
            s.promptText,
            s.receivedAt,
            s.responseText,
            s.promptTokens,
            s.completionTokens,
            s.totalTokens,
            textOrNull(LlmAnswer::riskName(s.answer.risk)),
            textOrNull(LlmAnswer::riskName(s.answer.modelRisk)),
            s.answer.summary,
            QString::fromUtf8(QJsonDocument(s.answer.answer).toJson(QJsonDocument::Compact)),
            s.answer.valid,
            s.provider,
            s.model,
            s.preset,
            s.latencyMs,
            textOrNull(s.cacheKey),
            s.cached,
            s.redactions};
}

// ---------------------------------------------------------------------------------------------------

void LlmStage::start(StageRunner *runner)
{
    m_runner = runner;
    m_running = true;
    if (m_options.client.provider == LlmClient::Provider::Off) {
        log()->info("{}: alerts pass the LLM stage to summarized without a summary", s(m_options.providerProblem));
        m_saidOff = true;
        return;
    }
    QString err;
    m_prompt = LlmPrompt::load(m_options.prompt, &err);
    if (!m_prompt) {
        // a broken prompt file is a configuration error: say so loudly, use the default meanwhile
        log()->error("{}; using the structured preset", s(err));
        m_prompt = LlmPrompt::load(QStringLiteral("structured"), &err);
    }
    LlmClient::Options co = m_options.client;
    co.parallel = std::max(co.parallel, m_options.concurrency);
    m_client = new LlmClient(co, runner);
    m_requestTimer = new QTimer(runner);
    QObject::connect(m_requestTimer, &QTimer::timeout, runner, [this] { pollRequests(); });
    m_requestTimer->start(m_options.requestPollMs);
    m_usageTimer = new QTimer(runner);
    m_usageTimer->setSingleShot(true);
    m_usageTimer->setInterval(1000);
    QObject::connect(m_usageTimer, &QTimer::timeout, runner, [this] { flushUsage(); });
    refreshUsage();
    log()->info("summarising alerts of level >= {} with {} {} at {} (prompt {}, {} at once, daily budget {}, cache {} min)",
                m_options.minLevel, s(LlmClient::providerName(m_options.client.provider)), s(m_client->modelLabel()),
                s(m_client->chatUrl().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)), s(m_prompt->name()),
                m_options.concurrency,
                m_options.dailyTokenBudget > 0 ? std::to_string(m_options.dailyTokenBudget) : std::string("none"),
                m_options.cacheMinutes);
}

void LlmStage::stop()
{
    m_running = false;
    if (m_requestTimer) m_requestTimer->stop();
    if (m_usageTimer) m_usageTimer->stop();
    flushUsage();
    m_queue.clear();
    m_waiting.clear();
}

void LlmStage::process(const std::vector<ClaimedAlert> &batch, Done done)
{
    const size_t n = batch.size();
    if (!m_client) {
        done(std::vector<StageOutcome>(n, StageOutcome::done()));
        return;
    }
    auto state = std::make_shared<BatchState>();
    state->outcomes.assign(n, StageOutcome::done());
    state->remaining = n;
    state->done = std::move(done);
    auto settle = [this, state](size_t i, const Summary &sum) {
        switch (sum.kind) {
        case Summary::Kind::Done: state->outcomes[i] = StageOutcome::done(values(sum)); break;
        case Summary::Kind::Pass: state->outcomes[i] = StageOutcome::done(); break;
        case Summary::Kind::Retry:
        case Summary::Kind::Budget:
            state->outcomes[i] = StageOutcome::retry(sum.error, int(std::min<qint64>(sum.retryAfterMs, INT_MAX)));
            break;
        case Summary::Kind::Fail: state->outcomes[i] = StageOutcome::fail(sum.error); break;
        }
        if (--state->remaining > 0) return;
        flushUsage();  // the batch's tokens are in llm_usage before its alerts move on
        if (!state->budgetIds.empty() && m_runner) {
            // waiting for the budget is not a failed attempt: the runner adds one, take it back first
            QString ids = QStringLiteral("{");
            for (size_t k = 0; k < state->budgetIds.size(); ++k) ids += (k ? QStringLiteral(",") : QString()) + QString::number(state->budgetIds[k]);
            QSqlQuery q(m_runner->database());
            q.prepare(QStringLiteral("UPDATE alerts SET stage_attempts = stage_attempts - 1 WHERE id = ANY(?::int8[]) AND state = 'agent_enriched'"));
            q.addBindValue(ids + u'}');
            if (!q.exec()) log()->warn("budget: cannot keep the attempts of waiting alerts: {}", s(q.lastError().text()));
        }
        state->done(std::move(state->outcomes));
    };

    refreshUsage();
    // the cache, for the whole batch at once
    std::vector<std::shared_ptr<Job>> jobs;
    QStringList keys;
    for (size_t i = 0; i < n; ++i) {
        const ClaimedAlert &a = batch[i];
        if (a.ruleLevel < m_options.minLevel) {
            Summary pass;
            pass.kind = Summary::Kind::Pass;  // below the threshold: on, untouched
            settle(i, pass);
            continue;
        }
        auto job = std::make_shared<Job>();
        job->alert = a;
        QJsonParseError pe;
        job->raw = QJsonDocument::fromJson(a.raw, &pe).object();
        job->agentJson = a.extra.value(0).toString();
        job->ruleText = QStringLiteral("%1 \"%2\"").arg(a.extra.value(1).toString(), a.extra.value(2).toString());
        job->prompt = &*m_prompt;
        if (m_options.cacheMinutes > 0) job->key = LlmAlertText::cacheKey(job->raw, a.agentId, m_options.cacheFields, m_prompt->name());
        job->finish = [settle, i, state, this, id = a.id](const Summary &sum) {
            if (sum.kind == Summary::Kind::Budget) {
                state->budgetIds.push_back(id);
                ++m_stats.budgetWaits;
            }
            settle(i, sum);
        };
        if (!job->key.isEmpty()) keys << job->key;
        jobs.push_back(std::move(job));
    }
    keys.removeDuplicates();
    QHash<QString, Summary> cached;
    if (!keys.isEmpty()) cached = lookupCache(keys);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int hits = 0;
    for (auto &job : jobs) {
        if (!job->key.isEmpty()) {
            std::optional<Summary> hit;
            if (auto it = m_memo.find(job->key); it != m_memo.end() && now - (*it)->atMs < qint64(m_options.cacheMinutes) * 60000)
                hit = (*it)->summary;
            else if (auto c = cached.find(job->key); c != cached.end())
                hit = *c;
            if (hit) {
                Summary c = *hit;  // the same answer; the floor is the same rule's
                c.cached = true;
                c.promptTokens = c.completionTokens = c.totalTokens = 0;
                c.latencyMs = 0;
                c.sentAt = c.receivedAt = QDateTime::currentDateTimeUtc();
                ++m_stats.cacheHits;
                ++hits;
                job->finish(c);
                continue;
            }
            // the same situation already under way: wait for its answer
            if (auto w = m_waiting.find(job->key); w != m_waiting.end()) {
                w->push_back(job);
                continue;
            }
            m_waiting.insert(job->key, {});
        }
        enqueue(job);
    }
    if (hits > 0) recordUsage(m_client->modelLabel(), LlmClient::Result{}, hits);
    startJobs();
}

void LlmStage::enqueue(std::shared_ptr<Job> job, bool front)
{
    if (front) m_queue.push_front(std::move(job));
    else m_queue.push_back(std::move(job));
}

void LlmStage::startJobs()
{
    while (m_running && m_active < m_options.concurrency && !m_queue.empty()) {
        auto job = m_queue.front();
        m_queue.pop_front();
        if (!budgetLeft()) {
            Summary s;
            s.kind = Summary::Kind::Budget;
            s.retryAfterMs = LlmUsage::msUntilNextUtcDay();
            s.error = QStringLiteral("daily LLM token budget of %1 tokens spent (%2 used today); waiting for 00:00 UTC")
                          .arg(m_options.dailyTokenBudget)
                          .arg(m_usage.usedToday());
            finishJob(job, s);
            continue;
        }
        ++m_active;
        m_stats.maxActive = std::max(m_stats.maxActive, m_active);
        run(job);
    }
}

void LlmStage::run(std::shared_ptr<Job> job)
{
    const LlmPrompt &prompt = job->ownPrompt ? *job->ownPrompt : *job->prompt;
    int r1 = 0, r2 = 0;
    const QString alert = m_redactor.redact(LlmAlertText::text(job->raw, m_options.maxAlertChars), &r1);
    const QString agent = m_redactor.redact(job->agentJson.isEmpty() ? QStringLiteral("{}") : job->agentJson, &r2);
    m_stats.redactions += r1 + r2;
    const int floor = LlmAnswer::floorForLevel(job->alert.ruleLevel);
    job->rendered = prompt.render(alert, agent, job->alert.ruleLevel, job->ruleText, LlmAnswer::riskName(floor));
    Summary &s = job->summary;
    s.redactions = r1 + r2;
    s.provider = LlmClient::providerName(m_options.client.provider);
    s.model = m_client->modelLabel();
    s.preset = prompt.name();
    s.cacheKey = job->key;
    s.sentAt = QDateTime::currentDateTimeUtc();
    s.promptText = QStringLiteral("[system]\n%1\n\n[user]\n%2").arg(job->rendered.system, job->rendered.user);
    LlmClient::Request req;
    req.json = prompt.wantsJson();
    req.messages = {{QStringLiteral("system"), job->rendered.system}, {QStringLiteral("user"), job->rendered.user}};
    m_client->complete(req, [this, job](const LlmClient::Result &r) { answered(job, r); });
}

void LlmStage::answered(std::shared_ptr<Job> job, const LlmClient::Result &r)
{
    if (!m_running) return;  // stopped: the runner gave the leases back
    Summary &s = job->summary;
    s.latencyMs += int(r.latencyMs);
    if (!r.ok) {
        --m_active;
        Summary f = s;
        f.error = r.error;
        if (r.transient || r.httpStatus == 401 || r.httpStatus == 403 || r.httpStatus == 404) {
            f.kind = Summary::Kind::Retry;  // a key or deployment fixed meanwhile makes the next attempt work
            f.retryAfterMs = std::max<qint64>(0, r.retryAfterMs);
        } else {
            f.kind = Summary::Kind::Fail;   // 400 and the like: the same request fails the same way
        }
        if (job->correcting && !job->firstContent.isEmpty()) {
            // the correction failed: keep the first answer, flagged
            f = s;
            f.kind = Summary::Kind::Done;
            f.answer = LlmAnswer::fromJson(job->firstContent, job->alert.ruleLevel);
            f.responseText = job->firstContent;
            f.receivedAt = QDateTime::currentDateTimeUtc();
            ++m_stats.flagged;
        }
        startJobs();  // the slot first: handing back a batch's outcome writes to the database
        finishJob(job, f);
        startJobs();
        return;
    }
    s.promptTokens += r.promptTokens;
    s.completionTokens += r.completionTokens;
    s.totalTokens += r.totalTokens;
    if (!r.model.isEmpty()) s.model = r.model;
    recordUsage(m_client->modelLabel(), r, 0);
    const LlmPrompt &prompt = job->ownPrompt ? *job->ownPrompt : *job->prompt;
    const int level = job->alert.ruleLevel;
    LlmAnswer a;
    if (r.finishReason == QLatin1String("content_filter")) {
        a = LlmAnswer::freeText(r.content, level, QStringLiteral("the provider's content filter withheld the answer"));
    } else if (prompt.format() == LlmPrompt::Format::Json) {
        a = LlmAnswer::fromJson(r.content, level);
        if (!a.valid && !job->correcting) {
            // once more, with the error: most models fix their answer when told what was wrong
            ++m_stats.invalidAnswers;
            job->correcting = true;
            job->firstContent = r.content;
            LlmClient::Request req;
            req.json = true;
            req.messages = {{QStringLiteral("system"), job->rendered.system},
                            {QStringLiteral("user"), job->rendered.user},
                            {QStringLiteral("assistant"), r.content.left(8000)},
                            {QStringLiteral("user"),
                             QStringLiteral("Your answer could not be used: %1%2. Answer again with only the JSON object "
                                            "described in the instructions, with every key, and nothing else.")
                                 .arg(a.error, r.finishReason == QLatin1String("length") ? QStringLiteral(" (it was cut off: be shorter)") : QString())}};
            m_client->complete(req, [this, job](const LlmClient::Result &again) { answered(job, again); });
            return;
        }
    } else if (prompt.format() == LlmPrompt::Format::Long) {
        a = LlmAnswer::fromLong(r.content, level);
    } else {
        a = LlmAnswer::fromShort(r.content, level);
    }
    --m_active;
    if (!a.valid) ++m_stats.flagged;
    // response_text for the older readers (email): sections as text; the model's own text otherwise
    s.responseText = a.valid && prompt.format() == LlmPrompt::Format::Json ? LlmAnswer::toText(a.answer) : r.content;
    s.answer = a;
    s.receivedAt = QDateTime::currentDateTimeUtc();
    s.kind = Summary::Kind::Done;
    ++m_stats.summarised;
    if (!job->key.isEmpty() && a.valid) {
        auto e = std::make_shared<CacheEntry>();
        e->summary = s;
        e->atMs = QDateTime::currentMSecsSinceEpoch();
        m_memo.insert(job->key, e);
        // bounded; the database still has them (one index probe per key). An entry holds the whole
        // summary with its prompt (~9 KB): 5,000 of them made the soak's RSS climb 40 MB before the clear
        if (m_memo.size() > 1000) m_memo.clear();
    }
    startJobs();  // the slot first: handing back a batch's outcome writes to the database
    finishJob(job, s);
    startJobs();
}

void LlmStage::finishJob(const std::shared_ptr<Job> &job, Summary s)
{
    job->finish(s);
    if (job->key.isEmpty()) return;
    auto w = m_waiting.find(job->key);
    if (w == m_waiting.end()) return;
    std::vector<std::shared_ptr<Job>> waiters = std::move(*w);
    m_waiting.erase(w);
    int hits = 0;
    std::shared_ptr<Job> leader;
    for (auto &other : waiters) {
        if (s.kind == Summary::Kind::Done && s.answer.valid) {
            Summary c = s;
            c.cached = true;
            c.promptTokens = c.completionTokens = c.totalTokens = 0;
            c.latencyMs = 0;
            c.promptText = QStringLiteral("[the answer of alert %1 was reused: same rule, agent and key fields]").arg(job->alert.id);
            ++m_stats.cacheHits;
            ++hits;
            other->finish(c);
        } else if (s.kind == Summary::Kind::Retry || s.kind == Summary::Kind::Budget) {
            other->finish(s);  // the server is away or the budget spent: the same for the same situation
        } else if (!leader) {
            leader = other;    // no reusable answer: the next one asks, the others wait for it
            m_waiting.insert(other->key, {});
            enqueue(other);
        } else {
            m_waiting[other->key].push_back(other);
        }
    }
    if (hits > 0) recordUsage(m_client->modelLabel(), LlmClient::Result{}, hits);
}

// --- budget and usage (LlmUsage) --------------------------------------------------------------------

bool LlmStage::budgetLeft()
{
    if (!m_runner) return true;
    return m_usage.budgetLeft(m_runner->database());
}

void LlmStage::refreshUsage()
{
    if (m_runner) m_usage.refresh(m_runner->database());
}

void LlmStage::recordUsage(const QString &model, const LlmClient::Result &r, int cacheHits)
{
    m_usage.record(model, r, cacheHits);
    if (m_usageTimer && !m_usageTimer->isActive()) m_usageTimer->start();
}

void LlmStage::flushUsage()
{
    if (!m_runner || !m_usage.pending()) return;
    QString error;
    if (!m_usage.flush(m_runner->database(), &error)) {
        // kept for the next flush (the database is away: the runner says so)
        log()->warn("cannot record LLM usage yet: {}", s(error));
        if (m_usageTimer && !m_usageTimer->isActive()) m_usageTimer->start();
    }
}

QHash<QString, LlmStage::Summary> LlmStage::lookupCache(const QStringList &keys)
{
    QHash<QString, Summary> out;
    if (!m_runner) return out;
    QSqlQuery q(m_runner->database());
    q.setForwardOnly(true);
    // the newest valid answer per key, one index probe each (alerts_llm_cache_idx is ordered by key, then
    // newest first): every reuse stores the key again, so a key repeated at a steady rate has thousands
    // of rows within the window, and reading them all per batch (as DISTINCT ON over ANY(keys) did)
    // made the LLM stage slower the longer a soak ran (~60 alerts/s after 150 s at 500/s)
    q.prepare(QStringLiteral(
        "SELECT c.llm_cache_key, c.id, c.response_text, c.llm_answer::text, c.llm_provider, c.llm_model, c.llm_preset, "
        "c.llm_redactions FROM unnest(?::text[]) k(key) CROSS JOIN LATERAL (SELECT llm_cache_key, id, response_text, "
        "llm_answer, llm_provider, llm_model, llm_preset, llm_redactions FROM alerts WHERE llm_cache_key = k.key "
        "AND llm_valid AND response_received_at > now() - make_interval(mins => ?) "
        "ORDER BY response_received_at DESC LIMIT 1) c"));
    q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(keys)));
    q.addBindValue(m_options.cacheMinutes);
    if (!q.exec()) {
        log()->warn("LLM cache lookup failed: {}", s(q.lastError().text()));
        return out;
    }
    while (q.next()) {
        Summary s;
        s.cacheKey = q.value(0).toString();
        s.promptText = QStringLiteral("[the answer of alert %1 was reused: same rule, agent and key fields]").arg(q.value(1).toLongLong());
        s.responseText = q.value(2).toString();
        s.answer.answer = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
        s.answer.valid = true;
        s.answer.summary = s.answer.answer.value(QStringLiteral("summary")).toString();
        s.answer.risk = LlmAnswer::riskFromText(s.answer.answer.value(QStringLiteral("risk")).toString());
        s.answer.modelRisk = LlmAnswer::riskFromText(s.answer.answer.value(QStringLiteral("model_risk")).toString());
        s.provider = q.value(4).toString();
        s.model = q.value(5).toString();
        s.preset = q.value(6).toString();
        s.redactions = q.value(7).toInt();
        out.insert(s.cacheKey, s);
    }
    return out;
}

// --- regeneration from the console -------------------------------------------------------------------

void LlmStage::pollRequests()
{
    if (!m_running || !m_runner || !m_client) return;
    if (m_active >= m_options.concurrency && !m_queue.empty()) return;  // busy: the requests wait a little
    QSqlDatabase &db = m_runner->database();
    for (const LlmRequests::Request &rq : LlmRequests::claim(db, m_runner->owner(), 4)) {
        QString err;
        auto prompt = LlmPrompt::load(rq.preset, &err);
        if (!prompt) {
            LlmRequests::fail(db, rq, err);
            continue;
        }
        const auto a = LlmRequests::alert(db, rq.alertId, claimColumns());
        if (!a) {
            LlmRequests::fail(db, rq, QStringLiteral("alert %1 not found").arg(rq.alertId));
            continue;
        }
        auto job = std::make_shared<Job>();
        job->alert.id = rq.alertId;
        job->alert.agentId = a->agentId;
        job->alert.ruleLevel = a->ruleLevel;
        job->raw = a->raw;
        job->agentJson = a->extra.value(0).toString();
        job->ruleText = QStringLiteral("%1 \"%2\"").arg(a->extra.value(1).toString(), a->extra.value(2).toString());
        job->ownPrompt = std::move(prompt);
        job->finish = [this, rq](const Summary &s) { storeRegenerated(rq, s); };
        enqueue(job, true);
    }
    startJobs();
}

void LlmStage::storeRegenerated(const LlmRequests::Request &request, const Summary &sum)
{
    QSqlDatabase &db = m_runner->database();
    if (sum.kind != Summary::Kind::Done) {
        LlmRequests::fail(db, request, sum.error.isEmpty() ? QStringLiteral("no answer") : sum.error);
        return;
    }
    QString error;
    if (!LlmRequests::store(db, request, doneSql(), values(sum), &error)) {
        log()->warn("cannot store the regenerated summary of alert {}: {}", request.alertId, s(error));
        return;
    }
    ++m_stats.regenerated;
}

}  // namespace eos
