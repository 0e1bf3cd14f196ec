// The Dispatch Queue: the newest rows of dispatch_outbox (every send to Slack, Jira, StackStorm, webhooks
// and email) with their alert, filtered by route and state, loaded on a worker thread (DbWorker). Live:
// the worker LISTENs on dispatch_changed (claims and results of the outbox sender) and dispatch_outbox
// (new rows, approvals), and the model reloads, coalesced to one load per coalesceMs, plus a safety poll.
// Actions, each one transaction with an audit_log row per alert (a digest's: each member's) and a NOTIFY
// that wakes the senders:
//   approve   review -> pending (route in review mode)
//   retry     failed/dead/cancelled/pending -> pending now, attempts reset (a fresh series)
//   cancel    review/pending/failed/dead -> cancelled (a send under way cannot be recalled)
#pragma once

#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace eos {

class DbWorker;

class DispatchQueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, CreatedColumn, RouteColumn, StateColumn, AttemptsColumn, NextColumn, AlertColumn,
                  RemoteColumn, ErrorColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { OutboxIdRole = Qt::UserRole + 1, StateRole, SortRole };

    struct Row {
        qint64 id = 0;
        qint64 alertId = 0;        // 0 for a digest
        QString route, kind, state;
        bool digest = false;
        int digestCount = 0;
        int attempts = 0;
        QDateTime created, nextAttempt, sentAt;
        QString remoteId, error, response;
        int responseStatus = 0;
        QString payload;           // the request as sent (pretty JSON)
        QJsonArray history;
        int ruleLevel = 0;
        QString ruleDesc, agentName;
        bool outcomeUnknown = false;
        bool operator==(const Row &) const = default;
    };

    DispatchQueueModel(DbConnectionInfo db, QString actor, QObject *parent = nullptr);
    ~DispatchQueueModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Row *rowAt(int row) const;
    int rowOfId(qint64 id) const;
    static QStringList states();               // for the filter
    static QString stateLabel(const QString &state);  // translated

    void setRouteFilter(const QString &route);  // "" = all
    void setStateFilter(const QString &state);  // "" = all
    QString routeFilter() const { return m_route; }
    QString stateFilter() const { return m_state; }
    QStringList routes() const { return m_routes; }  // routes seen in the outbox
    int limit() const { return m_limit; }

    void refresh();
    void startLive(int safetyPollMs = 30000, int coalesceMs = 500);
    bool isListening() const { return m_listening; }

    enum class Action { Approve, Retry, Cancel };
    // Asynchronous; done(changed rows, error) on this thread.
    void act(Action action, const QList<qint64> &ids, std::function<void(int, QString)> done = {});
    static bool allowed(Action action, const QString &state);

Q_SIGNALS:
    void loaded();
    void routesChanged();
    void listeningChanged(bool listening);
    void errorOccurred(const QString &message);

private:
    struct Loaded {
        QList<Row> rows;
        QStringList routes;
        QString error;
    };
    static Loaded query(QSqlDatabase &db, const QString &route, const QString &state, int limit);
    void apply(Loaded l);
    void scheduleRefresh();

    DbConnectionInfo m_info;
    QString m_actor;
    QList<Row> m_rows;
    QStringList m_routes;
    QString m_route, m_state;
    int m_limit = 1000;
    bool m_loading = false, m_again = false, m_live = false, m_listening = false;
    QTimer m_coalesce, m_safetyPoll;
    int m_coalesceMs = 500;
    QElapsedTimer m_lastLoad;
    struct LiveState;
    std::shared_ptr<LiveState> m_liveState;
    std::unique_ptr<DbWorker> m_worker;  // last: joined first
};

}  // namespace eos
