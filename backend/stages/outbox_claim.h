// OutboxClaim: one claim of a route's due dispatch_outbox rows for DispatchSender, in one short transaction
// committed before any remote call:
//  - under the route's advisory lock (one claimer per route across daemons: the rate limit and Jira's
//    one-send-per-key stay exact); a route whose rate slot or 429 pause (dispatch_routes) is not over
//    claims nothing and says until when;
//  - digests first: digest_threshold singles within digest_minutes coalesce the rest of the window into
//    one digest row; digest_mode "window" holds every row until the oldest is digest_minutes old (one alone
//    goes out as itself); an analyst's escalation never joins a digest;
//  - due rows, oldest first (`pending`, `failed` whose retry fell due, `sending` whose lease ran out, which
//    comes back marked outcome_unknown), FOR UPDATE SKIP LOCKED; Jira skips agent:rule keys with a send
//    under way and takes one row per key;
//  - the rows become `sending`, leased to the owner; the route's next rate slot is taken; the claimed
//    single rows' alerts, LLM text and Jira's open issue are read in the same transaction (prefetched);
//    NOTIFY dispatch_changed.
// On a database failure everything is rolled back and the failure is returned (what, error).
#pragma once

#include "stages/dispatch_routes.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <vector>

namespace eos {

class OutboxClaim {
public:
    struct Row {
        qint64 id = 0;
        qint64 alertId = 0;
        bool digest = false;
        bool unknown = false;  // taken over from a lapsed lease (or marked so before): the last send may have landed
        int attempts = 0;
        QString dedupKey;
        // read with the claim (single rows): the alert, its LLM text and Jira's open issue for the key
        bool prefetched = false;
        QByteArray raw;
        QString summary, issueKey, hash, agentOs;
        // an analyst's escalation (schema 11)
        qint64 escalationId = 0;
        QString escalatedBy, escalationReason;
    };
    struct Settings {
        QString owner;
        int leaseSeconds = 60;
        int digestMaxAlerts = 500;
    };
    // a statement prepared once per connection, kept by the caller (see DispatchSender::prepared)
    using Prepared = std::function<QSqlQuery &(const QString &sql)>;
    struct Result {
        std::vector<Row> rows;
        qint64 pausedUntilMs = 0;  // epoch ms: the route's rate slot or pause ends then (0: not paused)
        QString failedWhat;        // non-empty: a database failure, rolled back
        QString error;
    };

    OutboxClaim(QSqlDatabase &db, Settings settings, Prepared prepared);
    Result claim(const DispatchRoute &route, int want);

private:
    bool fail(Result &r, const QString &what, const QString &error);
    bool formDigest(const DispatchRoute &route, int *recentIndividual, Result &r);
    bool formWindowDigest(const DispatchRoute &route, bool *releaseSingle, Result &r);
    bool coalesceIntoDigest(const DispatchRoute &route, const QString &what, int *coalesced, qint64 *digestId, Result &r);
    bool prefetch(std::vector<Row> &rows, Result &r);

    QSqlDatabase &m_db;
    Settings m_settings;
    Prepared m_prepared;
};

}  // namespace eos
