// LlmUsage: the LLM stage's token accounting. Every daemon adds what it used to llm_usage (one row per UTC
// day and model: requests, prompt/completion/total tokens, cache hits), a batch at a time rather than per
// answer; the daily budget (LLM_DAILY_TOKEN_BUDGET, 0 = none) is checked against the day's sum over all
// daemons, read at start, at each batch and when the UTC day changes, plus what this daemon has not
// written yet. Usage that cannot be written (the database is away) is kept for the next flush. /metrics
// counts as answers come in.
#pragma once

#include "clients/llm_client.h"

#include <QDate>
#include <QHash>
#include <QSqlDatabase>
#include <QString>

namespace eos {

class LlmUsage {
public:
    explicit LlmUsage(qint64 dailyTokenBudget) : m_budget(dailyTokenBudget) {}

    // True while today's tokens (all daemons) are below the budget. Logs once when it is spent.
    bool budgetLeft(QSqlDatabase &db);
    void refresh(QSqlDatabase &db);                                               // today's sum from llm_usage
    void record(const QString &model, const LlmClient::Result &r, int cacheHits);  // an answer or cache hits
    // Adds what was recorded since the last flush to llm_usage; false (kept for later) on a database error.
    bool flush(QSqlDatabase &db, QString *error = nullptr);

    bool pending() const { return !m_pending.isEmpty(); }
    qint64 usedToday() const { return m_usedToday; }
    // How long until the budget is new: the next UTC day, a second after midnight (at least a second)
    static qint64 msUntilNextUtcDay();

private:
    struct Delta {
        qint64 requests = 0, promptTokens = 0, completionTokens = 0, totalTokens = 0, cacheHits = 0;
    };
    qint64 m_budget;
    QHash<QString, Delta> m_pending;  // model -> not yet in llm_usage
    qint64 m_usedToday = 0;
    QDate m_day;
    bool m_saidSpent = false;
};

}  // namespace eos
