#include "agent_list_model.h"

#include "db_worker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

AgentListModel::AgentListModel(DbConnectionInfo db, QObject *parent)
    : QAbstractTableModel(parent), m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-agents")))
{
}

AgentListModel::~AgentListModel() = default;

QList<AgentListModel::Agent> AgentListModel::query(QSqlDatabase &db, QString *error)
{
    QList<Agent> out;
    if (!db.isOpen()) {
        *error = QObject::tr("The database is not reachable.");
        return out;
    }
    // The 24 h counts: one range scan of alerts_alert_ts_idx, grouped (hash aggregate) — not one count
    // per agent. Agents known only from alerts (no agents row yet) are listed too.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const bool ok = q.exec(QStringLiteral(
        "WITH c AS (SELECT agent_id, count(*) AS n, max(alert_ts) AS last_at FROM alerts "
        "           WHERE alert_ts >= now() - interval '24 hours' GROUP BY agent_id) "
        "SELECT a.id, COALESCE(a.name, (SELECT x.agent_name FROM alerts x WHERE x.agent_id = a.id ORDER BY x.id DESC LIMIT 1)), "
        "       COALESCE(a.ip, a.register_ip), a.os, a.agent_version, a.status_text, a.last_seen, a.groups::text, "
        "       COALESCE(c.n, 0), COALESCE(c.last_at, a.last_alert_at) "
        "FROM agents a LEFT JOIN c ON c.agent_id = a.id "
        "ORDER BY a.id"));
    if (!ok) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Agent a;
        a.id = q.value(0).toString();
        a.name = q.value(1).toString();
        a.ip = q.value(2).toString();
        a.os = q.value(3).toString();
        a.version = q.value(4).toString();
        a.status = q.value(5).toString();
        a.lastKeepAlive = q.value(6).toDateTime();
        const QJsonDocument groups = QJsonDocument::fromJson(q.value(7).toString().toUtf8());
        for (const auto &g : groups.array()) a.groups << g.toString();
        a.alerts24h = q.value(8).toLongLong();
        a.lastAlertAt = q.value(9).toDateTime();
        out << a;
    }
    return out;
}

void AgentListModel::refresh()
{
    const quint64 gen = ++m_gen;
    struct R { QList<Agent> agents; QString error; };
    m_worker->call<R>(this, [](QSqlDatabase &db) {
        R r;
        r.agents = query(db, &r.error);
        return r;
    }, [this, gen](R r) {
        if (gen != m_gen) return;
        if (!r.error.isEmpty()) {
            Q_EMIT errorOccurred(tr("Cannot load the agents: %1").arg(r.error));
            return;
        }
        beginResetModel();
        m_all = std::move(r.agents);
        m_visible.clear();
        applyFilter();
        endResetModel();
        Q_EMIT loaded(int(m_all.size()));
    });
}

void AgentListModel::applyFilter()
{
    m_visible.clear();
    const QStringList words = m_filterText.split(u' ', Qt::SkipEmptyParts);
    for (int i = 0; i < m_all.size(); ++i) {
        const Agent &a = m_all.at(i);
        const QString hay = QStringList{a.id, a.name, a.ip, a.os, a.version, a.status, a.groups.join(u' ')}.join(u'\n');
        bool ok = true;
        for (const auto &w : words)
            if (!hay.contains(w, Qt::CaseInsensitive)) { ok = false; break; }
        if (ok) m_visible << i;
    }
}

void AgentListModel::setFilterText(const QString &text)
{
    if (text == m_filterText) return;
    beginResetModel();
    m_filterText = text;
    applyFilter();
    endResetModel();
}

int AgentListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_visible.size()); }
int AgentListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AgentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Agent &a = agent(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return a.id;
        case NameColumn: return a.name;
        case IpColumn: return a.ip;
        case OsColumn: return a.os;
        case VersionColumn: return a.version;
        case StatusColumn: return a.status;
        case LastKeepAliveColumn:
            return a.lastKeepAlive.isValid() ? a.lastKeepAlive.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                             : QString();
        case GroupsColumn: return a.groups.join(QStringLiteral(", "));
        case Alerts24hColumn: return QLocale().toString(a.alerts24h);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Alerts24hColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        if (index.column() == Alerts24hColumn) return a.alerts24h;
        if (index.column() == LastKeepAliveColumn) return a.lastKeepAlive;
        return data(index, Qt::DisplayRole);
    case AgentIdRole: return a.id;
    case AlertCountRole: return a.alerts24h;
    case FilterTextRole: return QStringLiteral("agent:") + a.id;
    default: return {};
    }
}

QVariant AgentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case IpColumn: return tr("IP");
    case OsColumn: return tr("OS");
    case VersionColumn: return tr("Version");
    case StatusColumn: return tr("Status");
    case LastKeepAliveColumn: return tr("Last keep-alive");
    case GroupsColumn: return tr("Groups");
    case Alerts24hColumn: return tr("Alerts (24 h)");
    }
    return {};
}

}  // namespace eos
