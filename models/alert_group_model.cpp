#include "alert_group_model.h"
#include "severity_palette.h"

#include "alert_list_model.h"
#include "db_worker.h"

#include <QLocale>

#include <climits>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

AlertGroupModel::AlertGroupModel(DbConnectionInfo db, QObject *parent)
    : QAbstractTableModel(parent), m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-groups")))
{
}

AlertGroupModel::~AlertGroupModel() = default;

QList<AlertGroupModel::Group> AlertGroupModel::query(QSqlDatabase &db, const AlertFilter &filter, qint64 windowSeconds,
                                                     int maxGroups, QString *error)
{
    QList<Group> out;
    if (!db.isOpen()) {
        *error = QObject::tr("The database is not reachable.");
        return out;
    }
    QString where;
    QVariantList binds;
    filter.toSql(&where, &binds);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT rule_id, agent_id, max(agent_name), max(rule_desc), max(rule_level), count(*), min(alert_ts), "
        "       max(alert_ts), max(id), count(*) FILTER (WHERE triage_status IS NULL), "
        "       (extract(epoch FROM min(alert_ts)) * 1000000)::bigint, (extract(epoch FROM max(alert_ts)) * 1000000)::bigint "
        "FROM alerts WHERE alert_ts >= now() - ?::bigint * interval '1 second' %1 "
        "GROUP BY rule_id, agent_id ORDER BY count(*) DESC, max(id) DESC LIMIT ?")
                  .arg(where.isEmpty() ? QString() : QStringLiteral("AND ") + where));
    q.addBindValue(windowSeconds);
    for (const auto &b : binds) q.addBindValue(b);
    q.addBindValue(maxGroups);
    if (!q.exec()) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Group g;
        g.ruleId = q.value(0).toInt();
        g.agentId = q.value(1).toString();
        g.agentName = q.value(2).toString();
        g.ruleDesc = q.value(3).toString();
        g.maxLevel = q.value(4).toInt();
        g.count = q.value(5).toLongLong();
        g.first = q.value(6).toDateTime();
        g.last = q.value(7).toDateTime();
        g.latestId = q.value(8).toLongLong();
        g.open = q.value(9).toLongLong();
        g.firstUs = q.value(10).toLongLong();
        g.lastUs = q.value(11).toLongLong();
        g.agentNull = q.value(1).isNull();
        out << g;
    }
    return out;
}

void AlertGroupModel::selection(const Group &g, const AlertFilter &filter, QString *where, QVariantList *binds)
{
    QString fw;
    QVariantList fb;
    filter.toSql(&fw, &fb);
    *where = QStringLiteral("rule_id = ? AND %1 AND alert_ts >= 'epoch'::timestamptz + ?::bigint * interval '1 microsecond' "
                            "AND alert_ts <= 'epoch'::timestamptz + ?::bigint * interval '1 microsecond' AND id <= ?")
                 .arg(g.agentNull ? QStringLiteral("agent_id IS NULL") : QStringLiteral("agent_id = ?"));
    binds->clear();
    *binds << g.ruleId;
    if (!g.agentNull) *binds << g.agentId;
    *binds << g.firstUs << g.lastUs << g.latestId;
    if (!fw.isEmpty()) {
        *where += QStringLiteral(" AND (%1)").arg(fw);
        *binds += fb;
    }
}

bool AlertGroupModel::selection(int row, QString *where, QVariantList *binds) const
{
    if (row < 0 || row >= m_groups.size()) return false;
    selection(m_groups.at(row), m_filter, where, binds);
    return true;
}

void AlertGroupModel::setFilter(const AlertFilter &filter)
{
    m_filter = filter;
    refresh();
}

void AlertGroupModel::setWindowSeconds(qint64 seconds)
{
    m_window = qMax<qint64>(1, seconds);
    refresh();
}

void AlertGroupModel::refresh()
{
    const quint64 gen = ++m_gen;
    struct R { QList<Group> groups; QString error; };
    const AlertFilter f = m_filter;
    const qint64 window = m_window;
    const int maxGroups = m_maxGroups;
    m_worker->call<R>(this, [f, window, maxGroups](QSqlDatabase &db) {
        R r;
        r.groups = query(db, f, window, maxGroups, &r.error);
        return r;
    }, [this, gen](R r) {
        if (gen != m_gen) return;
        if (!r.error.isEmpty()) {
            Q_EMIT errorOccurred(tr("Cannot group the alerts: %1").arg(r.error));
            return;
        }
        beginResetModel();
        m_groups = std::move(r.groups);
        endResetModel();
        Q_EMIT loaded(int(m_groups.size()));
    });
}

int AlertGroupModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_groups.size()); }
int AlertGroupModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AlertGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Group &g = m_groups.at(index.row());
    const auto fmt = [](const QDateTime &t) {
        return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RuleIdColumn: return g.ruleId;
        case LevelColumn: return g.maxLevel;
        case DescriptionColumn: return g.ruleDesc;
        case AgentColumn: return g.agentName.isEmpty() ? g.agentId : QStringLiteral("%1 (%2)").arg(g.agentName, g.agentId);
        case CountColumn: return QLocale().toString(g.count);
        case OpenColumn: return QLocale().toString(g.open);
        case FirstColumn: return fmt(g.first);
        case LastColumn: return fmt(g.last);
        }
        return {};
    case Qt::BackgroundRole:
        if (index.column() == LevelColumn) return SeverityPalette::background(g.maxLevel);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == LevelColumn) return SeverityPalette::text(g.maxLevel);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn || index.column() == OpenColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OpenColumn)
            return tr("%1 of %n alert(s) not triaged yet", "", int(std::min<qint64>(g.count, INT_MAX))).arg(QLocale().toString(g.open));
        if (index.column() == DescriptionColumn) return g.ruleDesc;
        return {};
    case RuleIdRole: return g.ruleId;
    case AgentIdRole: return g.agentId;
    case CountRole: return g.count;
    case LatestIdRole: return g.latestId;
    case LevelRole: return g.maxLevel;
    case OpenRole: return g.open;
    case FilterTextRole: {
        AlertFilter f = m_filter;
        f.ruleIds = {g.ruleId};
        f.agentIds = {g.agentId};
        if (f.lastSeconds == 0 && !f.after.isValid()) f.lastSeconds = m_window;
        return f.format();
    }
    default: return {};
    }
}

QVariant AlertGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == OpenColumn) return tr("Alerts of the group not triaged yet");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case RuleIdColumn: return tr("Rule");
    case LevelColumn: return tr("Level");
    case DescriptionColumn: return tr("Description");
    case AgentColumn: return tr("Agent");
    case CountColumn: return tr("Count");
    case OpenColumn: return tr("Open");
    case FirstColumn: return tr("First");
    case LastColumn: return tr("Last");
    }
    return {};
}

}  // namespace eos
