// Similar alerts grouped: same rule and agent within a time window, with counts, newest group first by
// default. One GROUP BY query on a worker thread (alerts_alert_ts_idx range + the filter's indexes).
#pragma once

#include "alert_filter.h"
#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSqlDatabase>

#include <memory>

namespace eos {

class DbWorker;

class AlertGroupModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RuleIdColumn, LevelColumn, DescriptionColumn, AgentColumn, CountColumn, OpenColumn, FirstColumn,
                  LastColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        RuleIdRole = Qt::UserRole + 1,  // int
        AgentIdRole,                     // QString
        CountRole,                       // qint64
        LatestIdRole,                    // qint64: newest alert of the group
        LevelRole,                       // int: highest level in the group
        FilterTextRole,                  // QString: filter-bar text selecting this group's alerts
        OpenRole,                        // qint64: alerts of the group not triaged yet
    };

    struct Group {
        int ruleId = 0;
        QString agentId;
        QString agentName;
        QString ruleDesc;
        int maxLevel = 0;
        qint64 count = 0;
        QDateTime first;
        QDateTime last;
        qint64 latestId = 0;
        qint64 open = 0;          // alerts not triaged yet (triage_status NULL)
        qint64 firstUs = 0;       // min / max alert_ts, µs since the epoch (exact: the group's bounds)
        qint64 lastUs = 0;
        bool agentNull = false;   // alerts without an agent id form their own group
    };

    explicit AlertGroupModel(DbConnectionInfo db, QObject *parent = nullptr);
    ~AlertGroupModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Groups alerts matching filter whose alert_ts lies within the last windowSeconds (default 1 h);
    // at most maxGroups groups (largest first). Asynchronous: loaded() follows.
    void setFilter(const AlertFilter &filter);
    void setWindowSeconds(qint64 seconds);
    void setMaxGroups(int n) { m_maxGroups = n; }
    void refresh();
    const Group &group(int row) const { return m_groups.at(row); }
    // The SQL condition (on alerts) selecting exactly the alerts counted in this group when it was loaded:
    // the filter, its rule and agent, its first..last alert_ts and ids up to its newest (alerts arriving
    // later are not acted on). Triage of a group row (TriageStore::applyMatchingAsync) uses it.
    bool selection(int row, QString *where, QVariantList *binds) const;
    static void selection(const Group &group, const AlertFilter &filter, QString *where, QVariantList *binds);

    // The synchronous query (used by refresh() on the worker; tests call it directly).
    static QList<Group> query(QSqlDatabase &db, const AlertFilter &filter, qint64 windowSeconds, int maxGroups,
                              QString *error);

Q_SIGNALS:
    void loaded(int groups);
    void errorOccurred(const QString &message);

private:
    std::unique_ptr<DbWorker> m_worker;
    AlertFilter m_filter;
    qint64 m_window = 3600;
    int m_maxGroups = 1000;
    quint64 m_gen = 0;
    QList<Group> m_groups;
};

}  // namespace eos
