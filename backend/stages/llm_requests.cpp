#include "stages/llm_requests.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace eos {
namespace {

bool notifyResponse(QSqlDatabase &db, qint64 alertId)
{
    QSqlQuery n(db);
    n.prepare(QStringLiteral("SELECT pg_notify('new_response', ?)"));
    n.addBindValue(QString::number(alertId));
    return n.exec();
}

}  // namespace

std::vector<LlmRequests::Request> LlmRequests::claim(QSqlDatabase &db, const QString &owner, int limit)
{
    std::vector<Request> out;
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "UPDATE llm_requests r SET claimed_by = ?, claimed_until = now() + interval '10 minutes' "
        "WHERE r.id IN (SELECT id FROM llm_requests WHERE done_at IS NULL AND (claimed_until IS NULL OR claimed_until < now()) "
        "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING r.id, r.alert_id, r.preset"));
    q.addBindValue(owner);
    q.addBindValue(limit);
    if (!q.exec()) return out;
    while (q.next()) out.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString()});
    std::sort(out.begin(), out.end(), [](const Request &a, const Request &b) { return a.id < b.id; });
    return out;
}

std::optional<LlmRequests::Alert> LlmRequests::alert(QSqlDatabase &db, qint64 alertId, const QStringList &extraColumns)
{
    QString cols;
    for (const QString &c : extraColumns) cols += QStringLiteral(", ") + c;
    QSqlQuery a(db);
    a.prepare(QStringLiteral("SELECT a.agent_id, a.rule_level, a.raw::text%1 FROM alerts a WHERE a.id = ?").arg(cols));
    a.addBindValue(alertId);
    if (!a.exec() || !a.next()) return std::nullopt;
    Alert out;
    out.agentId = a.value(0).toString();
    out.ruleLevel = a.value(1).toInt();
    out.raw = QJsonDocument::fromJson(a.value(2).toString().toUtf8()).object();
    for (int i = 0; i < extraColumns.size(); ++i) out.extra.append(a.value(3 + i));
    return out;
}

bool LlmRequests::fail(QSqlDatabase &db, const Request &request, const QString &why)
{
    QSqlQuery u(db);
    u.prepare(QStringLiteral("UPDATE llm_requests SET done_at = now(), error = ? WHERE id = ?"));
    u.addBindValue(why);
    u.addBindValue(request.id);
    return u.exec() && notifyResponse(db, request.alertId);
}

bool LlmRequests::store(QSqlDatabase &db, const Request &request, const QString &assignments, const QVariantList &values,
                        QString *error)
{
    if (!db.transaction()) {
        if (error) *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE alerts SET %1 WHERE id = ?").arg(assignments));
    for (const QVariant &v : values) q.addBindValue(v);
    q.addBindValue(request.alertId);
    QSqlQuery d(db);
    d.prepare(QStringLiteral("UPDATE llm_requests SET done_at = now(), error = NULL WHERE id = ? AND done_at IS NULL"));
    d.addBindValue(request.id);
    bool ok = q.exec();
    QString why = q.lastError().text();
    if (ok && !(ok = d.exec())) why = d.lastError().text();
    if (ok && !(ok = notifyResponse(db, request.alertId))) why = QStringLiteral("NOTIFY new_response failed");
    if (ok && !(ok = db.commit())) why = db.lastError().text();
    if (!ok) {
        db.rollback();
        if (error) *error = why;
    }
    return ok;
}

}  // namespace eos
