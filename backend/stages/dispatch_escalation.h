// The console's "Escalate" as a Jira dispatch (schema 11, resources/migrations/0011_escalation.sql).
// An escalation is written by the console as an audit_log row (action 'escalate'); a trigger on that row
// creates, in the same transaction, one outbox row for each route the daemons have published as an
// escalation route. The console needs no routes file: the outbox sender publishes its routes when it
// starts (publish()), and the escalation's rows are then sent like any other outbox row.
#pragma once

#include "stages/dispatch_routes.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace eos {

class DispatchEscalation {
public:
    // Writes every route to dispatch_routes (kind, escalate, published_by/at) and unpublishes the routes of
    // earlier files that this file no longer has (their rows stay in the outbox). One transaction.
    // Daemons that share a database are expected to share one routes file: the last one to start wins.
    static bool publish(QSqlDatabase &db, const std::vector<DispatchRoute> &routes, const QString &owner, QString *error);
    // The routes an escalation goes to now, as the database knows them.
    static QStringList escalationRoutes(QSqlDatabase &db, QString *error = nullptr);
};

}  // namespace eos
