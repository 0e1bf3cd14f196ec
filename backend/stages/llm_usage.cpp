#include "stages/llm_usage.h"

#include "core/logging.h"
#include "core/metrics.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace eos {
namespace {
auto log() { return Logging::get("llm"); }
}  // namespace

qint64 LlmUsage::msUntilNextUtcDay()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime next(now.date().addDays(1), QTime(0, 0), Qt::UTC);
    return std::max<qint64>(1000, now.msecsTo(next) + 1000);
}

bool LlmUsage::budgetLeft(QSqlDatabase &db)
{
    if (m_budget <= 0) return true;
    if (m_day != QDateTime::currentDateTimeUtc().date()) refresh(db);
    const bool left = m_usedToday < m_budget;
    if (!left && !m_saidSpent) {
        log()->warn("daily LLM token budget of {} tokens spent ({} used today): alerts wait in agent_enriched "
                    "until 00:00 UTC (raise LLM_DAILY_TOKEN_BUDGET to go on)", m_budget, m_usedToday);
        m_saidSpent = true;
    }
    if (left) m_saidSpent = false;
    return left;
}

void LlmUsage::refresh(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT COALESCE(sum(total_tokens), 0) FROM llm_usage WHERE day = (now() AT TIME ZONE 'utc')::date"))
        && q.next()) {
        m_usedToday = q.value(0).toLongLong();
        for (const Delta &d : std::as_const(m_pending)) m_usedToday += d.totalTokens;
        m_day = QDateTime::currentDateTimeUtc().date();
    }
}

void LlmUsage::record(const QString &model, const LlmClient::Result &r, int cacheHits)
{
    m_usedToday += r.totalTokens;
    auto &metrics = Metrics::instance();
    if (r.ok) ++metrics.llmRequests;
    metrics.llmPromptTokens += std::uint64_t(std::max(0, r.promptTokens));
    metrics.llmCompletionTokens += std::uint64_t(std::max(0, r.completionTokens));
    metrics.llmCacheHits += std::uint64_t(std::max(0, cacheHits));
    Delta &d = m_pending[model.isEmpty() ? QStringLiteral("?") : model];
    d.requests += r.ok ? 1 : 0;
    d.promptTokens += r.promptTokens;
    d.completionTokens += r.completionTokens;
    d.totalTokens += r.totalTokens;
    d.cacheHits += cacheHits;
}

// One statement per model (usually one), each adding this daemon's usage since the last flush.
bool LlmUsage::flush(QSqlDatabase &db, QString *error)
{
    if (m_pending.isEmpty()) return true;
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO llm_usage AS u (day, model, requests, prompt_tokens, completion_tokens, total_tokens, cache_hits) "
        "VALUES ((now() AT TIME ZONE 'utc')::date, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, model) DO UPDATE SET "
        "requests = u.requests + EXCLUDED.requests, prompt_tokens = u.prompt_tokens + EXCLUDED.prompt_tokens, "
        "completion_tokens = u.completion_tokens + EXCLUDED.completion_tokens, "
        "total_tokens = u.total_tokens + EXCLUDED.total_tokens, cache_hits = u.cache_hits + EXCLUDED.cache_hits"));
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        q.addBindValue(it.key());
        q.addBindValue(it->requests);
        q.addBindValue(it->promptTokens);
        q.addBindValue(it->completionTokens);
        q.addBindValue(it->totalTokens);
        q.addBindValue(it->cacheHits);
        if (!q.exec()) {
            if (error) *error = q.lastError().text();
            return false;  // kept for the next flush
        }
        it = m_pending.erase(it);
    }
    return true;
}

}  // namespace eos
