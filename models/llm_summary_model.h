// The AI Summaries view's data: alerts the LLM stage summarised (newest answer first: risk, summary,
// model, tokens, latency, cached, flagged) and alerts whose summary failed (with the reason), loaded on
// a worker thread; filtered by risk in memory. Live: the worker LISTENs on new_response (sent by the LLM
// stage for every stored answer, regenerations included) and reloads, coalesced to one load a second,
// plus a safety poll. Also: one alert's answer and fields (requestDetails), the tokens per day of the
// last weeks (requestUsage, from llm_usage), regeneration with another preset (a row of llm_requests
// that a daemon running the LLM stage answers) and retrying failed summaries (TriageStore::retry).
// Nothing here acts on what a model said: actions are text for the analyst.
#pragma once

#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTimer>

#include <memory>

namespace eos {

class DbWorker;

class LlmSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, RiskColumn, LevelColumn, AgentColumn, SummaryColumn, ModelColumn, TokensColumn,
                  LatencyColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { AlertIdRole = Qt::UserRole + 1, RiskRole, SortRole, FailedRole, FlaggedRole };

    struct Row {
        qint64 id = 0;
        QDateTime answeredAt;   // response_received_at; for failed rows the alert's time
        QString risk;           // low, medium, high, critical; empty for failed rows
        int level = 0;
        QString rule;           // "5712 sshd: brute force"
        QString agent;
        QString summary;        // or, for failed rows, the reason
        QString model;
        QString preset;
        int tokens = 0;
        int latencyMs = 0;
        bool cached = false;
        bool valid = true;
        bool failed = false;
        QString state;
        bool operator==(const Row &) const = default;
    };
    struct Details {
        qint64 id = 0;
        QJsonObject answer;     // llm_answer
        QJsonObject alert;      // raw
        QString responseText;
        QString risk, modelRisk, model, provider, preset, agent, rule, state, stageError;
        int level = 0, promptTokens = 0, completionTokens = 0, latencyMs = 0;
        bool cached = false, valid = true, failed = false;
        QDateTime answeredAt;
        QString pendingPreset;  // a regeneration asked for and not done yet
        QString lastRequestError;
    };
    struct DayUsage {
        QDate day;
        qint64 tokens = 0;
        qint64 requests = 0;
        qint64 cacheHits = 0;
    };

    explicit LlmSummaryModel(DbConnectionInfo db, QString actor, QObject *parent = nullptr);
    ~LlmSummaryModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void refresh();
    void startLive(int safetyPollMs = 30000, int coalesceMs = 1000);
    bool isListening() const { return m_listening; }
    // "" = all, "low".."critical", or "failed".
    void setRiskFilter(const QString &risk);
    QString riskFilter() const { return m_riskFilter; }
    const Row &row(int r) const { return m_rows.at(r); }
    int totalCount() const { return int(m_all.size()); }
    int failedCount() const;

    void requestDetails(qint64 alertId);
    void requestUsage(int days = 14);
    void regenerate(qint64 alertId, const QString &preset);
    void retry(qint64 alertId);

    static QStringList risks();                       // low, medium, high, critical
    static QString riskLabel(const QString &risk);    // translated
    static QColor riskColor(const QString &risk, bool darkBackground);
    static QString attackUrl(const QString &technique);  // https://attack.mitre.org/techniques/T1110/001/

    // The synchronous queries (the worker runs them; tests call them directly).
    static QList<Row> query(QSqlDatabase &db, int limit, QString *error);
    static Details details(QSqlDatabase &db, qint64 alertId, QString *error);
    static QList<DayUsage> usage(QSqlDatabase &db, int days, QString *error);

Q_SIGNALS:
    void loaded(int rows);
    void detailsReady(const eos::LlmSummaryModel::Details &details);
    void usageReady(const QList<eos::LlmSummaryModel::DayUsage> &days);
    void regenerateRequested(qint64 alertId, const QString &preset, const QString &error);
    void retried(qint64 alertId, const QString &error);
    void errorOccurred(const QString &message);
    void listeningChanged(bool listening);

private:
    void scheduleRefresh();
    void setRows(QList<Row> rows);
    void applyFilter();

    struct LiveState;
    DbConnectionInfo m_info;
    QString m_actor;
    std::shared_ptr<LiveState> m_liveState;
    std::unique_ptr<DbWorker> m_worker;
    QList<Row> m_all;
    QList<Row> m_rows;
    QString m_riskFilter;
    bool m_inFlight = false;
    bool m_again = false;
    bool m_live = false;
    bool m_listening = false;
    int m_coalesceMs = 1000;
    QElapsedTimer m_lastLoad;
    QTimer m_coalesce;
    QTimer m_safetyPoll;
};

}  // namespace eos

Q_DECLARE_METATYPE(eos::LlmSummaryModel::Details)
