// OutboxResults: records the answers of dispatch sends in dispatch_outbox, for the DispatchSender.
// Each row's update is guarded by claimed_by = this sender and state = sending, so a row whose lease was
// taken over (we were too slow) or that an analyst cancelled meanwhile records nothing: state "lost".
//  sent      remote id, response, payload; Jira: the issue tracked in dispatch_jira_issues (opened, or
//            a comment counted on it; an issue found closed is marked closed)
//  failed    the next attempt after exponential backoff with jitter, never before Retry-After; a 429
//            (throttled) or a held route (email: a template error) is not counted as an attempt, and a
//            429 pauses the route for every daemon (dispatch_routes.paused_until)
//  dead      after max attempts or on a permanent refusal; in the alert's audit trail (a digest: each
//            member's)
// A time-out or a lost connection marks the row outcome_unknown (the remote may have acted on it).
// writeAtOnce() records the common case (sends, retries, Jira tracking) in one prepared statement, one
// round trip; rows that need more take writeInTransaction(): one transaction, statement by statement.
// Both NOTIFY dispatch_changed.
#pragma once

#include "clients/dispatch_client.h"
#include "stages/dispatch_routes.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <vector>

namespace eos {

class OutboxResults {
public:
    struct Policy {
        QString owner;            // claimed_by of the rows this sender holds
        int maxAttempts = 8;      // a route's max_attempts overrides
        int baseBackoffMs = 2000;
        int maxBackoffMs = 600000;
    };
    struct Row {
        const DispatchRoute *route = nullptr;  // nullptr: the route is gone, the row is "lost"
        qint64 id = 0;                         // dispatch_outbox.id
        int attempts = 0;                      // before this answer
        bool digest = false;
        QString dedupKey;
        DispatchResult result;
        QString state;                         // set: sent, failed, dead or lost
    };
    struct Failure {
        QString what, error;  // what: empty when writeAtOnce() left the batch to writeInTransaction()
    };
    using Prepared = std::function<QSqlQuery &(const QString &sql)>;  // a statement prepared once per connection

    explicit OutboxResults(Policy policy);

    int backoffMs(int attempts, int retryAfterMs) const;  // jittered, never below retryAfterMs
    int maxAttempts(const DispatchRoute &route) const;

    // False with an empty failure->what: some row needs writeInTransaction(); with it set: the statement failed.
    bool writeAtOnce(std::vector<Row> &rows, const Prepared &prepared, Failure *failure) const;
    // False: nothing recorded (rolled back).
    bool writeInTransaction(QSqlDatabase &db, std::vector<Row> &rows, Failure *failure) const;

private:
    bool record(QSqlDatabase &db, Row &row, Failure *failure) const;

    Policy m_policy;
};

}  // namespace eos
