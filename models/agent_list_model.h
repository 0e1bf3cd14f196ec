// The Agents view: every row of the agents table with its alert count in the last 24 h (one grouped
// count over alerts_alert_ts_idx), loaded on a worker thread; filtered in memory (agents are few).
#pragma once

#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>

namespace eos {

class DbWorker;

class AgentListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, IpColumn, OsColumn, VersionColumn, StatusColumn, LastKeepAliveColumn,
                  GroupsColumn, Alerts24hColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        AgentIdRole = Qt::UserRole + 1,  // QString
        AlertCountRole,                  // qint64
        SortRole,                        // typed value for sorting (numbers, QDateTime)
        FilterTextRole,                  // QString: Live Alerts filter for this agent ("agent:001")
    };

    struct Agent {
        QString id;
        QString name;
        QString ip;
        QString os;
        QString version;
        QString status;         // status_text (active, disconnected, …); empty when never fetched
        QDateTime lastKeepAlive;
        QStringList groups;
        qint64 alerts24h = 0;
        QDateTime lastAlertAt;
    };

    explicit AgentListModel(DbConnectionInfo db, QObject *parent = nullptr);
    ~AgentListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void refresh();  // asynchronous; loaded() follows
    // Case-insensitive substring over id, name, IP, OS, version, status and groups; words are ANDed.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    const Agent &agent(int row) const { return m_all.at(m_visible.at(row)); }
    int totalCount() const { return int(m_all.size()); }

    // The synchronous query (refresh() runs it on the worker; tests call it directly).
    static QList<Agent> query(QSqlDatabase &db, QString *error);

Q_SIGNALS:
    void loaded(int agents);
    void errorOccurred(const QString &message);

private:
    void applyFilter();

    std::unique_ptr<DbWorker> m_worker;
    QList<Agent> m_all;
    QList<int> m_visible;
    QString m_filterText;
    quint64 m_gen = 0;
};

}  // namespace eos
