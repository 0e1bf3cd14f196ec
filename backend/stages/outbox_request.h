// OutboxRequest: what a route's client is handed for one claimed dispatch_outbox row: the route's hook,
// key and options (StackStorm falls back to ST2_WEBHOOK_URL / ST2_API_KEY), the alert — or a digest's
// member alerts, highest rule level first — each with its LLM text, the risk word the LLM gave, the
// route's playbook for it, its hash and its agent's OS; for a Jira single row the open issue of its agent
// and rule; the escalation and outcome-unknown marks. Rows claimed with their alert (OutboxClaim prefetch)
// need no query; a digest reads its members.
#pragma once

#include "clients/dispatch_client.h"
#include "core/config.h"
#include "stages/dispatch_routes.h"
#include "stages/outbox_claim.h"

#include <QSqlDatabase>
#include <QString>

namespace eos {

class OutboxRequest {
public:
    // False when the row's alert (every member of a digest) is gone or unreadable; *error says which
    // (empty: simply gone, e.g. retention deleted it).
    static bool build(QSqlDatabase &db, const DispatchRoute &route, const Config &config, const OutboxClaim::Row &row,
                      DispatchRequest *req, QString *error);
    // The LLM's risk word, from a JSON answer ({"risk": "high"}, risk_level, severity) or a "Risk: high" line.
    static QString riskFrom(const QString &summary);
};

}  // namespace eos
