#include "llm_summary_model.h"

#include "db_worker.h"
#include "notify_subscription.h"
#include "triage_store.h"

#include <QColor>
#include <QJsonDocument>
#include <QLocale>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace eos {
namespace {
const QString kChannel = QStringLiteral("new_response");
constexpr int kLimit = 1000;
}  // namespace

struct LlmSummaryModel::LiveState {
    QPointer<NotifySubscription> sub;
};

LlmSummaryModel::LlmSummaryModel(DbConnectionInfo db, QString actor, QObject *parent)
    : QAbstractTableModel(parent), m_info(db), m_actor(std::move(actor)), m_liveState(std::make_shared<LiveState>()),
      m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-llm-view")))
{
    qRegisterMetaType<Details>();
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &LlmSummaryModel::refresh);
    connect(&m_safetyPoll, &QTimer::timeout, this, &LlmSummaryModel::refresh);
}

LlmSummaryModel::~LlmSummaryModel() = default;

QStringList LlmSummaryModel::risks()
{
    return {QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"), QStringLiteral("critical")};
}

QString LlmSummaryModel::riskLabel(const QString &risk)
{
    if (risk == QLatin1String("low")) return tr("Low");
    if (risk == QLatin1String("medium")) return tr("Medium");
    if (risk == QLatin1String("high")) return tr("High");
    if (risk == QLatin1String("critical")) return tr("Critical");
    if (risk == QLatin1String("failed")) return tr("Failed");
    return risk;
}

QColor LlmSummaryModel::riskColor(const QString &risk, bool dark)
{
    if (risk == QLatin1String("low")) return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    if (risk == QLatin1String("medium")) return dark ? QColor(0xff, 0xd5, 0x4f) : QColor(0xb2, 0x6a, 0x00);
    if (risk == QLatin1String("high")) return dark ? QColor(0xff, 0x8a, 0x65) : QColor(0xd8, 0x43, 0x15);
    if (risk == QLatin1String("critical")) return dark ? QColor(0xff, 0x52, 0x52) : QColor(0xb7, 0x1c, 0x1c);
    return dark ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x61, 0x61, 0x61);
}

QString LlmSummaryModel::attackUrl(const QString &technique)
{
    QString t = technique.trimmed().toUpper();
    t.replace(u'.', u'/');
    return QStringLiteral("https://attack.mitre.org/techniques/%1/").arg(t);
}

QList<LlmSummaryModel::Row> LlmSummaryModel::query(QSqlDatabase &db, int limit, QString *error)
{
    QList<Row> out;
    if (!db.isOpen()) {
        *error = tr("The database is not reachable.");
        return out;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const bool ok = q.exec(QStringLiteral(
        "(SELECT id, response_received_at, llm_risk, rule_level, rule_id::text || ' ' || COALESCE(rule_desc, ''), "
        "        COALESCE(agent_name, agent_id), llm_summary, llm_model, llm_preset, COALESCE(total_tokens, 0), "
        "        COALESCE(llm_latency_ms, 0), COALESCE(llm_cached, false), COALESCE(llm_valid, true), false, state::text "
        " FROM alerts WHERE response_received_at IS NOT NULL AND llm_answer IS NOT NULL "
        " ORDER BY response_received_at DESC LIMIT %1) "
        "UNION ALL "
        "(SELECT id, COALESCE(alert_ts, ingest_timestamp), NULL, rule_level, rule_id::text || ' ' || COALESCE(rule_desc, ''), "
        "        COALESCE(agent_name, agent_id), stage_error, NULL, NULL, 0, 0, false, true, true, state::text "
        " FROM alerts WHERE state = 'failed' AND failed_stage = 'llm' ORDER BY id DESC LIMIT %1)").arg(limit));
    if (!ok) {
        *error = q.lastError().text().trimmed();
        return out;
    }
    while (q.next()) {
        Row r;
        r.id = q.value(0).toLongLong();
        r.answeredAt = q.value(1).toDateTime();
        r.risk = q.value(2).toString();
        r.level = q.value(3).toInt();
        r.rule = q.value(4).toString().trimmed();
        r.agent = q.value(5).toString();
        r.summary = q.value(6).toString();
        r.model = q.value(7).toString();
        r.preset = q.value(8).toString();
        r.tokens = q.value(9).toInt();
        r.latencyMs = q.value(10).toInt();
        r.cached = q.value(11).toBool();
        r.valid = q.value(12).toBool();
        r.failed = q.value(13).toBool();
        r.state = q.value(14).toString();
        out << r;
    }
    // failed first (they need the analyst), then newest answer first
    std::stable_sort(out.begin(), out.end(), [](const Row &a, const Row &b) {
        if (a.failed != b.failed) return a.failed;
        return a.answeredAt > b.answeredAt;
    });
    return out;
}

LlmSummaryModel::Details LlmSummaryModel::details(QSqlDatabase &db, qint64 alertId, QString *error)
{
    Details d;
    d.id = alertId;
    if (!db.isOpen()) {
        *error = tr("The database is not reachable.");
        return d;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT llm_answer::text, raw::text, response_text, llm_risk, llm_model_risk, llm_model, llm_provider, llm_preset, "
        "COALESCE(agent_name, agent_id), rule_id::text || ' ' || COALESCE(rule_desc, ''), state::text, stage_error, rule_level, "
        "COALESCE(prompt_tokens, 0), COALESCE(completion_tokens, 0), COALESCE(llm_latency_ms, 0), COALESCE(llm_cached, false), "
        "COALESCE(llm_valid, true), state = 'failed' AND failed_stage = 'llm', response_received_at, "
        "(SELECT preset FROM llm_requests r WHERE r.alert_id = a.id AND r.done_at IS NULL ORDER BY r.id DESC LIMIT 1), "
        "(SELECT error FROM llm_requests r WHERE r.alert_id = a.id AND r.done_at IS NOT NULL ORDER BY r.id DESC LIMIT 1) "
        "FROM alerts a WHERE id = ?"));
    q.addBindValue(alertId);
    if (!q.exec() || !q.next()) {
        *error = q.lastError().text().trimmed();
        if (error->isEmpty()) *error = tr("Alert %1 not found.").arg(alertId);
        return d;
    }
    d.answer = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    d.alert = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
    d.responseText = q.value(2).toString();
    d.risk = q.value(3).toString();
    d.modelRisk = q.value(4).toString();
    d.model = q.value(5).toString();
    d.provider = q.value(6).toString();
    d.preset = q.value(7).toString();
    d.agent = q.value(8).toString();
    d.rule = q.value(9).toString().trimmed();
    d.state = q.value(10).toString();
    d.stageError = q.value(11).toString();
    d.level = q.value(12).toInt();
    d.promptTokens = q.value(13).toInt();
    d.completionTokens = q.value(14).toInt();
    d.latencyMs = q.value(15).toInt();
    d.cached = q.value(16).toBool();
    d.valid = q.value(17).toBool();
    d.failed = q.value(18).toBool();
    d.answeredAt = q.value(19).toDateTime();
    d.pendingPreset = q.value(20).toString();
    d.lastRequestError = q.value(21).toString();
    return d;
}

QList<LlmSummaryModel::DayUsage> LlmSummaryModel::usage(QSqlDatabase &db, int days, QString *error)
{
    QList<DayUsage> out;
    if (!db.isOpen()) {
        *error = tr("The database is not reachable.");
        return out;
    }
    QSqlQuery q(db);
    // every day of the range, also those without requests (a gap in the chart is a day at zero)
    q.prepare(QStringLiteral(
        "SELECT d::date, COALESCE(sum(u.total_tokens), 0), COALESCE(sum(u.requests), 0), COALESCE(sum(u.cache_hits), 0) "
        "FROM generate_series((now() AT TIME ZONE 'utc')::date - (? - 1), (now() AT TIME ZONE 'utc')::date, interval '1 day') d "
        "LEFT JOIN llm_usage u ON u.day = d::date GROUP BY d ORDER BY d"));
    q.addBindValue(std::max(1, days));
    if (!q.exec()) {
        *error = q.lastError().text().trimmed();
        return out;
    }
    while (q.next()) out << DayUsage{q.value(0).toDate(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong()};
    return out;
}

// --- the model -------------------------------------------------------------------------------------

int LlmSummaryModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int LlmSummaryModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

int LlmSummaryModel::failedCount() const
{
    return int(std::count_if(m_all.begin(), m_all.end(), [](const Row &r) { return r.failed; }));
}

QVariant LlmSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case AlertIdRole: return r.id;
    case RiskRole: return r.failed ? QStringLiteral("failed") : r.risk;
    case FailedRole: return r.failed;
    case FlaggedRole: return !r.valid;
    case SortRole:
        switch (index.column()) {
        case TimeColumn: return r.answeredAt;
        case RiskColumn: return r.failed ? 5 : int(risks().indexOf(r.risk));
        case LevelColumn: return r.level;
        case TokensColumn: return r.tokens;
        case LatencyColumn: return r.latencyMs;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QLocale().toString(r.answeredAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case RiskColumn: return r.failed ? tr("Failed") : riskLabel(r.risk);
        case LevelColumn: return r.level;
        case AgentColumn: return r.agent;
        case SummaryColumn: {
            QString s = r.summary.simplified();
            if (r.failed) return tr("Failed: %1").arg(s);
            if (!r.valid) s = tr("[not in the requested format] %1").arg(s);
            return s;
        }
        case ModelColumn: return r.cached ? tr("%1 (cached)").arg(r.model) : r.model;
        case TokensColumn: return r.failed ? QVariant() : QVariant(QLocale().toString(r.tokens));
        case LatencyColumn: return r.failed || r.cached ? QVariant() : QVariant(tr("%1 s").arg(QLocale().toString(r.latencyMs / 1000.0, 'f', 1)));
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SummaryColumn) return r.failed ? r.summary : QStringLiteral("%1\n\n%2").arg(r.rule, r.summary);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LevelColumn || index.column() == TokensColumn || index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant LlmSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Answered");
    case RiskColumn: return tr("Risk");
    case LevelColumn: return tr("Level");
    case AgentColumn: return tr("Agent");
    case SummaryColumn: return tr("Summary");
    case ModelColumn: return tr("Model");
    case TokensColumn: return tr("Tokens");
    case LatencyColumn: return tr("Latency");
    }
    return {};
}

void LlmSummaryModel::refresh()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_coalesce.stop();
    m_lastLoad.start();
    struct R {
        QList<Row> rows;
        QString error;
        bool listening = false;
    };
    const bool live = m_live;
    m_worker->call<R>(this, [live, state = m_liveState](QSqlDatabase &db) {
        R r;
        r.rows = query(db, kLimit, &r.error);
        if (live && state->sub) r.listening = state->sub->ensure(true);
        return r;
    }, [this, live](R r) {
        m_inFlight = false;
        if (live && m_live && r.listening != m_listening) {
            m_listening = r.listening;
            Q_EMIT listeningChanged(m_listening);
        }
        if (!r.error.isEmpty()) Q_EMIT errorOccurred(tr("Cannot load the AI summaries: %1").arg(r.error));
        else {
            setRows(std::move(r.rows));
            Q_EMIT loaded(int(m_all.size()));
        }
        if (m_again) {
            m_again = false;
            scheduleRefresh();
        }
    });
}

void LlmSummaryModel::scheduleRefresh()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    if (m_coalesce.isActive()) return;
    const qint64 since = m_lastLoad.isValid() ? m_lastLoad.elapsed() : qint64(m_coalesceMs);
    m_coalesce.start(int(std::max<qint64>(0, m_coalesceMs - since)));
}

void LlmSummaryModel::startLive(int safetyPollMs, int coalesceMs)
{
    m_coalesceMs = std::max(0, coalesceMs);
    m_safetyPoll.start(std::max(1000, safetyPollMs));
    if (!m_live) {
        m_live = true;
        QObject *host = m_worker->worker();
        LlmSummaryModel *self = this;  // outlives the worker thread (joined in our destructor)
        m_worker->post([host, self, info = m_info, state = m_liveState](QSqlDatabase &) {
            if (state->sub) return;
            auto *sub = new NotifySubscription(info, {kChannel}, host);
            state->sub = sub;
            QObject::connect(sub, &NotifySubscription::notified, self, [self](const QString &, const QString &) {
                if (self->m_live) self->scheduleRefresh();
            }, Qt::QueuedConnection);
            const bool listening = sub->ensure();
            QMetaObject::invokeMethod(self, [self, listening] {
                if (self->m_listening == listening) return;
                self->m_listening = listening;
                Q_EMIT self->listeningChanged(listening);
            }, Qt::QueuedConnection);
        });
    }
    refresh();
}

void LlmSummaryModel::setRiskFilter(const QString &risk)
{
    if (risk == m_riskFilter) return;
    m_riskFilter = risk;
    applyFilter();
}

void LlmSummaryModel::setRows(QList<Row> rows)
{
    m_all = std::move(rows);
    applyFilter();
}

void LlmSummaryModel::applyFilter()
{
    QList<Row> next;
    for (const Row &r : m_all) {
        if (m_riskFilter.isEmpty() || (m_riskFilter == QLatin1String("failed") ? r.failed : (!r.failed && r.risk == m_riskFilter)))
            next << r;
    }
    if (next == m_rows) return;
    // rows are few (at most 2 x 1000): a reset, with the view restoring its selection by alert id
    beginResetModel();
    m_rows = std::move(next);
    endResetModel();
}

void LlmSummaryModel::requestDetails(qint64 alertId)
{
    struct R {
        Details d;
        QString error;
    };
    m_worker->call<R>(this, [alertId](QSqlDatabase &db) {
        R r;
        r.d = details(db, alertId, &r.error);
        return r;
    }, [this](R r) {
        if (!r.error.isEmpty()) Q_EMIT errorOccurred(r.error);
        else Q_EMIT detailsReady(r.d);
    });
}

void LlmSummaryModel::requestUsage(int days)
{
    struct R {
        QList<DayUsage> days;
        QString error;
    };
    m_worker->call<R>(this, [days](QSqlDatabase &db) {
        R r;
        r.days = usage(db, days, &r.error);
        return r;
    }, [this](R r) {
        if (!r.error.isEmpty()) Q_EMIT errorOccurred(tr("Cannot load the token usage: %1").arg(r.error));
        else Q_EMIT usageReady(r.days);
    });
}

void LlmSummaryModel::regenerate(qint64 alertId, const QString &preset)
{
    m_worker->call<QString>(this, [alertId, preset, actor = m_actor](QSqlDatabase &db) -> QString {
        if (!db.isOpen()) return tr("The database is not reachable.");
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO llm_requests(alert_id, preset, requested_by) VALUES (?, ?, ?)"));
        q.addBindValue(alertId);
        q.addBindValue(preset);
        q.addBindValue(actor);
        if (!q.exec()) return q.lastError().text().trimmed();
        return {};
    }, [this, alertId, preset](QString error) { Q_EMIT regenerateRequested(alertId, preset, error); });
}

void LlmSummaryModel::retry(qint64 alertId)
{
    m_worker->call<QString>(this, [alertId, actor = m_actor](QSqlDatabase &db) -> QString {
        const TriageStore::RetryResult r = TriageStore::retry(db, actor, {alertId});
        if (!r.ok) return r.error;
        if (r.retried.isEmpty()) return tr("Alert %1 is no longer failed.").arg(alertId);
        return {};
    }, [this, alertId](QString error) {
        Q_EMIT retried(alertId, error);
        refresh();
    });
}

}  // namespace eos
