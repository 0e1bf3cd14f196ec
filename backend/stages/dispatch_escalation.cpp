#include "stages/dispatch_escalation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

bool DispatchEscalation::publish(QSqlDatabase &db, const std::vector<DispatchRoute> &routes, const QString &owner, QString *error)
{
    QJsonArray arr;
    for (const DispatchRoute &r : routes)
        arr.append(QJsonObject{{QStringLiteral("route"), r.id}, {QStringLiteral("kind"), r.kind}, {QStringLiteral("escalate"), r.escalate}});
    if (!db.transaction()) {
        if (error) *error = db.lastError().text();
        return false;
    }
    // a new row's send slot and pause start at now(), not -infinity: the sender's claim subtracts them from now()
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "WITH r AS (SELECT x->>'route' AS route, x->>'kind' AS kind, (x->>'escalate')::boolean AS escalate "
        "           FROM jsonb_array_elements(?::jsonb) x), "
        "gone AS (UPDATE dispatch_routes d SET escalate = false, kind = NULL, published_by = ?, published_at = now() "
        "         WHERE d.kind IS NOT NULL AND NOT EXISTS (SELECT 1 FROM r WHERE r.route = d.route)) "
        "INSERT INTO dispatch_routes (route, kind, escalate, published_by, published_at, next_slot, paused_until) "
        "SELECT route, kind, escalate, ?, now(), now(), now() FROM r "
        "ON CONFLICT (route) DO UPDATE SET kind = EXCLUDED.kind, escalate = EXCLUDED.escalate, "
        "published_by = EXCLUDED.published_by, published_at = EXCLUDED.published_at"));
    q.addBindValue(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Compact)));
    q.addBindValue(owner);
    q.addBindValue(owner);
    if (!q.exec() || !db.commit()) {
        if (error) *error = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

QStringList DispatchEscalation::escalationRoutes(QSqlDatabase &db, QString *error)
{
    QStringList out;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT route FROM dispatch_routes WHERE escalate AND kind IS NOT NULL ORDER BY route"))) {
        if (error) *error = q.lastError().text();
        return out;
    }
    while (q.next()) out << q.value(0).toString();
    return out;
}

}  // namespace eos
