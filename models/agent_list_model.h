// The Agents view: every row of the agents table (filled from the Wazuh API by the enrichment stage)
// with its alert count in the last 24 h (one grouped count over alerts_alert_ts_idx), loaded on a worker
// thread; filtered in memory (agents are few).
//
// Live: the worker thread LISTENs on agent_status (sent after every change to agents) and the model
// reloads, coalesced to at most one load per second, plus a slow safety poll. A load updates rows in
// place by agent id (dataChanged, and inserts/removes only for agents that came or went), so views keep
// their selection and scroll position. "Time since" the last keep-alive is repainted every minute
// without a query.
#pragma once

#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QDateTime>
#include <QElapsedTimer>
#include <QMap>
#include <QSqlDatabase>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace eos {

class DbWorker;

class AgentListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, StatusColumn, LastKeepAliveColumn, SinceColumn, OsColumn, IpColumn,
                  VersionColumn, GroupsColumn, NodeColumn, Alerts24hColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        AgentIdRole = Qt::UserRole + 1,  // QString
        AlertCountRole,                  // qint64
        SortRole,                        // typed value for sorting (numbers, QDateTime)
        FilterTextRole,                  // QString: Live Alerts filter for this agent ("agent:001")
        StatusRole,                      // QString: status_text as Wazuh says it (active, disconnected, …)
        StatusColorRole,                 // QColor of the status for the current (light or dark) palette
        IsManagerRole,                   // bool: agent 000, the Wazuh manager itself
    };
    Q_ENUM(Role)

    struct Agent {
        QString id;
        QString name;
        QString ip;
        QString os;
        QString version;
        QString status;         // status_text (active, disconnected, pending, never_connected); empty when never fetched
        QDateTime lastKeepAlive;
        QStringList groups;
        QString node;           // node_name
        bool apiFound = true;   // false: the Wazuh API does not know this agent (removed)
        QDateTime statusChangedAt;
        qint64 alerts24h = 0;
        QDateTime lastAlertAt;
        bool isManager() const { return id == QLatin1String("000"); }
        bool operator==(const Agent &) const = default;
    };

    explicit AgentListModel(DbConnectionInfo db, QObject *parent = nullptr);
    ~AgentListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void refresh();  // asynchronous; loaded() follows (a refresh asked for while one runs runs after it)
    // LISTEN agent_status and reload (coalesced, at most once per coalesceMs) on every notification;
    // plus a reload every safetyPollMs in case a notification was lost. Loads once right away.
    void startLive(int safetyPollMs = 60000, int coalesceMs = 1000);
    void stopLive();
    bool isListening() const { return m_listening; }
    // Case-insensitive substring over id, name, IP, OS, version, status, groups and node; words are ANDed.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    const Agent &agent(int row) const { return m_rows.at(row); }
    int totalCount() const { return int(m_all.size()); }
    int loadsStarted() const { return m_loadsStarted; }

    // Agents per status over all agents (not only the filtered ones); keys are statusKey() values.
    QMap<QString, int> statusCounts() const;
    // "Active 18 · Disconnected 2 · Never connected 1" (statuses with agents, in statusOrder()).
    QString statusSummary() const;
    // The statuses in display order: active, disconnected, pending, never_connected, and "" (unknown).
    static QStringList statusOrder();
    static QString statusKey(const Agent &agent);  // status_text, or "" when unknown
    static QString statusLabel(const QString &status);  // translated: "Active", "Never connected", …
    // Readable on the view's background: green, red, amber, grey — a light and a dark variant.
    static QColor statusColor(const QString &status, bool darkBackground);
    static bool paletteIsDark();  // the application palette (light when there is no GUI application)
    // "just now", "3 min ago", "5 h ago", "2 days ago"; empty for an invalid or far-future time.
    static QString timeSince(const QDateTime &when, const QDateTime &now);
    static QString placeholder() { return QStringLiteral("—"); }

    // The synchronous query (refresh() runs it on the worker; tests call it directly).
    static QList<Agent> query(QSqlDatabase &db, QString *error);

Q_SIGNALS:
    void loaded(int agents);
    void statusCountsChanged();
    void errorOccurred(const QString &message);
    void listeningChanged(bool listening);

private:
    void scheduleRefresh();
    void setAgents(QList<Agent> agents);
    void applyFilter();
    bool matches(const Agent &a, const QStringList &words) const;

    struct LiveState;  // the LISTENing connection's owner; only touched on the worker thread

    DbConnectionInfo m_info;
    std::shared_ptr<LiveState> m_liveState;
    std::unique_ptr<DbWorker> m_worker;
    QList<Agent> m_all;   // every agent, by id
    QList<Agent> m_rows;  // the ones the filter lets through, by id
    QString m_filterText;
    bool m_inFlight = false;
    bool m_again = false;
    bool m_live = false;
    bool m_listening = false;
    int m_coalesceMs = 1000;
    int m_loadsStarted = 0;
    QElapsedTimer m_lastLoad;
    QTimer m_coalesce;
    QTimer m_safetyPoll;
    QTimer m_minuteTick;
};

}  // namespace eos
