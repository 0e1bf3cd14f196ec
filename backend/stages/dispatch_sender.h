// DispatchSender: sends the rows of dispatch_outbox (created by the DispatchStage) through one
// DispatchClient per route, on its own thread, so that every row is sent exactly once across restarts
// and several daemons:
//  claim     per route, in one short transaction under a per-route advisory lock: due rows (`pending`,
//            `failed` whose retry fell due, `sending` whose lease expired) become `sending` with
//            claimed_by = this sender and claimed_until = now() + lease; committed before any remote call.
//            A row taken over from an expired lease is marked outcome_unknown (its send may have landed).
//            Jira: never two rows of the same agent and rule at once (the second comments on the first's
//            issue). The route's rate limit (rate_per_second: Slack 1) and a 429's pause are kept in
//            dispatch_routes, shared by every daemon; concurrency is per sender.
//  send      the route's client, outside any transaction, on the route's own thread (RouteSender: up to
//            `concurrency` under way, the next one starts the moment an answer is in); the lease is renewed
//            while it runs.
//            The claim transaction also reads the claimed rows' alerts (and Jira's open issue for their
//            agent and rule) in one query, so a send needs no read of its own.
//  complete  guarded by claimed_by = me and state = sending: sent (remote id, response, payload), or
//            failed with the next attempt after exponential backoff with full jitter (never before
//            Retry-After), or dead after max attempts / on a permanent refusal (audited); 429s pause the
//            route and are not counted as attempts; NOTIFY dispatch_changed. Results that arrive together
//            are recorded together, at most resultDelayMs (50 ms) after they came in, in one statement
//            (rows that are dead, throttled or found a closed Jira issue: in one transaction, statement by
//            statement); the send slot is free as soon as the answer is in. A batch that fails is written
//            row by row. Statements are prepared once per connection.
//  digests   more than digest_threshold alerts of a route within digest_minutes: the rest of the window's
//            alerts are coalesced into one digest row (members `digested`, digest_id = it), at most one
//            digest per window, sent like any row. digest_mode "window": every row of the route waits until
//            the oldest waiting one is digest_minutes old, then they all become one digest (one alone is sent
//            as itself).
//  wake-up   LISTEN dispatch_outbox (new rows, approvals, retries and escalations from the console) and a poll.
//  publish   at start, the routes are written to dispatch_routes so the console's Escalate reaches the Jira
//            routes (DispatchEscalation).
// The one window no protocol closes: a crash after the remote accepted a send and before its result was
// committed. It lasts one commit plus up to resultDelayMs; the row then comes back with outcome_unknown, and Jira looks for the
// label eos-<outbox id> (or the comment's marker) before sending again; webhooks get the same
// Idempotency-Key again. A time-out (no answer) is treated the same way.
#pragma once

#include "clients/dispatch_client.h"
#include "core/config.h"
#include "stages/dispatch_routes.h"
#include "stages/outbox_claim.h"
#include "stages/outbox_results.h"
#include "store/db_connection_info.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace eos {

class RouteSender;
class WorkerThread;

class DispatchSender : public QObject {
    Q_OBJECT
public:
    struct Options {
        int maxAttempts = 8;          // EOS_DISPATCH_MAX_ATTEMPTS (a route's max_attempts overrides)
        int leaseSeconds = 60;        // EOS_STAGE_LEASE_SECONDS
        int baseBackoffMs = 2000;
        int maxBackoffMs = 600000;
        int pollMs = 1000;
        int timeoutMs = 15000;        // EOS_DISPATCH_TIMEOUT_MS: one HTTP request
        int digestMaxAlerts = 500;    // alerts in one digest at most
        int resultDelayMs = 50;       // answers are recorded together at most this long after they came in
        QString owner;                // default host:pid:dispatch:random
    };
    static Options optionsFrom(const Config &config);

    // Makes the client of a route (on the sender's thread, parented to the sender). Built in: slack,
    // webhook, stackstorm, jira, email (SmtpClient); kinds without a factory leave their rows pending
    // (logged once).
    using ClientFactory = std::function<DispatchClient *(const DispatchRoute &, const Config &, const Options &, QObject *)>;
    static void registerClientFactory(const QString &kind, ClientFactory factory);

    DispatchSender(DbConnectionInfo db, std::vector<DispatchRoute> routes, Config config, Options options,
                   QObject *parent = nullptr);
    ~DispatchSender() override;

    const QString &owner() const { return m_options.owner; }
    int inFlight() const;
    // Database time spent by this sender (claims and completions), for the benchmark.
    qint64 dbMicros() const { return m_dbMicros.load(); }

public Q_SLOTS:
    void start();
    // Waits up to graceMs for sends under way, then gives their rows back (outcome unknown).
    void stop(int graceMs = 5000);
    void wake();

Q_SIGNALS:
    // After each recorded result (tests, benchmarks): the route, the outbox row and the state it reached.
    void completed(const QString &route, qint64 outboxId, const QString &state);

private:
    using Claimed = OutboxClaim::Row;
    struct Pending {  // an answer whose result is not recorded yet
        QString routeId;
        Claimed c;
        DispatchResult result;
        QString state;
        bool written = false;
    };
    struct RouteRt {
        const DispatchRoute *route = nullptr;
        bool hasClient = false;
        RouteSender *sender = nullptr;          // the route's HTTP, on its own thread (route_sender.h)
        std::unique_ptr<WorkerThread> thread;   // owns `sender`: quits and joins
        int inFlight = 0;          // handed to `sender`: waiting there or under way (at most 2 x concurrency)
        std::deque<Claimed> queue;  // claimed (leased) but not sent yet: up to 8 x concurrency
        qint64 pausedUntilMs = 0;  // local view of a 429 pause / rate slot
        qint64 idleUntilMs = 0;    // the last claim found nothing: next try
        bool saidNoClient = false;
        QString heldFor;           // the client's last Hold reason (logged once)
        qint64 claims = 0, claimMicros = 0, claimedRows = 0;  // logged at stop
    };
    void pump();
    bool ensureDb();
    void ensureListening();
    std::vector<Claimed> claim(RouteRt &rt, int want);
    bool buildRequest(const RouteRt &rt, const Claimed &c, DispatchRequest *req);
    void complete(const QString &routeId, const Claimed &c, const DispatchResult &result);
    void flushResults();
    bool writeResults(std::vector<Pending> &batch);
    bool writeResultsAtOnce(std::vector<Pending> &batch);
    OutboxResults::Row resultRow(const Pending &p) const;
    void renewLeases();
    void dbError(const QString &what, const QString &error);

    DbConnectionInfo m_info;
    std::vector<DispatchRoute> m_routes;
    Config m_config;
    Options m_options;
    OutboxResults m_results;  // records the answers (outbox_results.h)
    QString m_connName, m_listenName;
    QSqlDatabase m_db;
    std::map<QString, RouteRt> m_rt;
    struct InFlight {
        QString route;
        Claimed c;
    };
    std::map<qint64, InFlight> m_inFlightRows;  // outbox id -> its route and row (handed to the route's sender)
    void answered(const QString &routeId, qint64 outboxId, const DispatchResult &result);
    void stopRouteSenders();
    std::vector<Pending> m_pending;            // answered, result not yet recorded
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;  // prepared(): statements kept per connection
    QSqlQuery &prepared(const QString &sql);
    QTimer *m_flush = nullptr;                 // records the answers that came in, every resultDelayMs
    std::vector<qint64> queuedIds() const;
    bool m_running = false;
    bool m_pumping = false;
    bool m_wakePending = false;
    bool m_published = false;  // routes written to dispatch_routes for escalations (DispatchEscalation)
    QTimer *m_poll = nullptr;
    QTimer *m_renew = nullptr;
    qint64 m_lastErrorLogMs = 0;
    int m_suppressedErrors = 0;
    std::atomic<qint64> m_dbMicros{0};
};

}  // namespace eos
