#include "alert_row_sql.h"

#include <algorithm>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace eos::alert_sql {

QString selectColumns()
{
    return QStringLiteral("id, (extract(epoch FROM alert_ts) * 1000)::bigint, rule_level, rule_id, rule_desc, agent_id, "
                          "agent_name, src_ip, array_to_string(groups, ', '), array_to_string(mitre_ids, ', '), "
                          "state::text, triage_status, assigned_to, llm_risk, (extract(epoch FROM alert_ts) * 1000000)::bigint");
}

AlertRows select(QSqlDatabase &db, const QString &cond, const QVariantList &condBinds, const QString &filterWhere,
                 const QVariantList &filterBinds, bool descending, int limit, qint64 offset, QString *error)
{
    return selectOrdered(db, cond, condBinds, filterWhere, filterBinds,
                         descending ? QStringLiteral("id DESC") : QStringLiteral("id ASC"), {}, limit, offset, error);
}

AlertRows selectOrdered(QSqlDatabase &db, const QString &cond, const QVariantList &condBinds, const QString &filterWhere,
                        const QVariantList &filterBinds, const QString &orderBy, const QString &keyExpr, int limit,
                        qint64 offset, QString *error)
{
    AlertRows out;
    if (!db.isOpen()) {
        *error = QObject::tr("The database is not reachable.");
        return out;
    }
    QString columns = selectColumns();
    if (!keyExpr.isEmpty()) columns += QStringLiteral(", ") + keyExpr;
    QString sql = QStringLiteral("SELECT %1 FROM alerts WHERE %2").arg(columns, cond.isEmpty() ? QStringLiteral("true") : cond);
    if (!filterWhere.isEmpty()) sql += QStringLiteral(" AND (%1)").arg(filterWhere);
    sql += QStringLiteral(" ORDER BY ") + orderBy;
    sql += QStringLiteral(" LIMIT %1").arg(limit);
    if (offset > 0) sql += QStringLiteral(" OFFSET %1").arg(offset);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const auto &b : condBinds) q.addBindValue(b);
    for (const auto &b : filterBinds) q.addBindValue(b);
    if (!q.exec()) {
        *error = q.lastError().text().trimmed();
        return out;
    }
    out.reserve(std::min(limit, 5000));  // (callers may pass a large limit)
    while (q.next()) {
        AlertRow r;
        r.id = q.value(0).toLongLong();
        r.tsMs = q.value(1).toLongLong();
        r.level = q.value(2).toInt();
        r.ruleId = q.value(3).toInt();
        r.ruleDesc = q.value(4).toString();
        r.agentId = q.value(5).toString();
        r.agentName = q.value(6).toString();
        r.srcIp = q.value(7).toString();
        r.groups = q.value(8).toString();
        r.mitre = q.value(9).toString();
        r.state = q.value(10).toString();
        r.triageStatus = q.value(11).toString();
        r.assignedTo = q.value(12).toString();
        r.risk = q.value(13).toString();
        r.tsUs = q.value(14).toLongLong();
        if (!keyExpr.isEmpty()) r.sortValue = q.value(15);
        out << r;
    }
    return out;
}

qint64 maxId(QSqlDatabase &db, QString *error)
{
    if (!db.isOpen()) {
        *error = QObject::tr("The database is not reachable.");
        return -1;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COALESCE(max(id), 0) FROM alerts")) || !q.next()) {
        *error = q.lastError().text().trimmed();
        return -1;
    }
    return q.value(0).toLongLong();
}

}  // namespace eos::alert_sql
