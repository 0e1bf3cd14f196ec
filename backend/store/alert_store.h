// Writes batches of alerts to PostgreSQL: agents upserted from alert.agent, alerts inserted with
// ON CONFLICT (alert_hash) DO NOTHING, one NOTIFY new_alert (payload: the new highest id) per committed
// batch. Used by the ingest writer for live batches and for draining the spool.
//
// The INSERT and its NOTIFYs are one statement, prepared once per session: a batch alone is one round trip
// in autocommit, so a lone alert costs little more than storing its row. insertBatch() does it all in a
// row. The steps are public so the ingest writer can keep several connections busy at once and still
// commit in order: ids are reserved per batch in arrival order (reserveIds), the INSERT runs
// asynchronously (sendInsert/finishInsert), and a batch sent while others are in flight runs in a
// transaction the writer commits after theirs (commit), so one writer's committed ids always grow.
// (Several daemons commit out of id order; the console follows the commit order alert_commits records.)
#pragma once

#include "store/alert_record.h"

#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <vector>

typedef struct pg_conn PGconn;

namespace eos {

// Where new alerts enter the pipeline. By default `new`. A daemon that runs the enrichment stage without a
// Wazuh API (that stage then only moves alerts on) inserts them as `agent_enriched` with enriched_at set;
// if it also runs the LLM stage, the alerts that stage would pass untouched (rule level below
// LLM_MIN_LEVEL, or every alert when no LLM is configured) enter as `summarized`. The rows are those the
// stages would have made, without the two updates of a 13-index row each (the ingest rate with stages).
struct AlertEntry {
    bool enriched = false;
    int summarizedBelowLevel = 0;  // with enriched: levels below this enter as summarized (INT_MAX: all)
};

class AlertStore {
public:
    struct Outcome {
        bool ok = false;
        bool connectionLost = false;  // the database could not be reached (vs. a statement error)
        QSet<QString> insertedHashes;
        qint64 maxId = 0;
        qint64 maxSummarizedId = 0;   // the highest id inserted as `summarized` (Entry), 0: none
        bool inTransaction = false;   // sendInsert opened a transaction: commit() ends it
        QString error;
    };
    using Entry = AlertEntry;
    using Alerts = std::vector<const AlertRecord *>;

    // One statement. On failure nothing is committed.
    static Outcome insertBatch(QSqlDatabase &db, const Alerts &alerts, const Entry &entry = {});

    // The steps. Each returns false (with *out's error and connectionLost set) on failure, after
    // rolling back anything open.
    static bool upsertAgents(PGconn *pg, const Alerts &alerts, Outcome *out);  // its own short transaction
    static bool reserveIds(PGconn *pg, int count, std::vector<qint64> *ids, Outcome *out);
    static bool sendInsert(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                           const Entry &entry = {}, bool transaction = false);  // the INSERT, asynchronously
                                                                                // (ids empty: from the sequence)
    // Waits for the INSERT; fills insertedHashes and maxId. Its NOTIFYs: new_alert if rows were added,
    // agent_enriched and new_response too when they entered past `new`. Without a transaction it is
    // committed (ok); in one, commit() ends it.
    static bool finishInsert(PGconn *pg, Outcome *out);
    static bool commit(PGconn *pg, Outcome *out);  // COMMIT if sendInsert opened a transaction
    // upsertAgents + sendInsert + finishInsert, synchronously (ids reserved, or empty)
    static bool insertWithIds(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                              const Entry &entry = {});

    // The inbox (0014_alert_inbox.sql), for a lone small batch: committed into a narrow table in autocommit
    // (sendInbox, asynchronously; finishInsert waits: insertedHashes are the alerts taken, the others were
    // stored or waiting already; maxId 0, as no alert row exists yet), then moved into alerts by moveInbox.
    static bool sendInbox(PGconn *pg, const Alerts &alerts, Outcome *out);
    struct Moved {
        bool ok = false;
        bool connectionLost = false;
        int taken = 0;     // inbox rows moved (taken < limit: the inbox had no more for this mover)
        int inserted = 0;  // alert rows added (the others had been stored meanwhile another way)
        qint64 maxId = 0;
        QString error;
    };
    // One statement in autocommit: up to `limit` of the oldest inbox rows no other mover holds (and not in
    // skip) become alert rows, as insertBatch would store them, with the same NOTIFYs.
    static Moved moveInbox(PGconn *pg, int limit, const Entry &entry, const std::vector<qint64> &skip = {});
    // The oldest inbox row not in skip (0: none): the one a failing move is stuck on
    static qint64 oldestInboxSeq(PGconn *pg, const std::vector<qint64> &skip);

    // Cheap liveness probe after a failure: true when a trivial query works.
    static bool alive(QSqlDatabase &db);
    static bool alive(PGconn *pg);
};

}  // namespace eos
