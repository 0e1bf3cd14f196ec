// Writes batches of alerts to PostgreSQL: agents upserted from alert.agent, alerts inserted with
// ON CONFLICT (alert_hash) DO NOTHING, one NOTIFY new_alert (payload: the new highest id) per committed
// batch. Used by the ingest writer for live batches and for draining the spool.
//
// insertBatch() does it all in a row. The steps are public so the ingest writer can keep several
// connections busy at once and still commit in order: ids are reserved per batch in batch order
// (reserveIds), the INSERT runs asynchronously (sendInsert/finishInsert) and the writer commits the
// oldest batch first, so committed ids always grow — a consumer catching up by id never skips a row.
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
        bool enteredEnriched = false; // rows were inserted past `new` (Entry::enriched)
        QString error;
    };
    using Entry = AlertEntry;
    using Alerts = std::vector<const AlertRecord *>;

    // One transaction. On failure nothing is committed.
    static Outcome insertBatch(QSqlDatabase &db, const Alerts &alerts, const Entry &entry = {});

    // The steps. Each returns false (with *out's error and connectionLost set) on failure, after
    // rolling back anything open.
    static bool upsertAgents(PGconn *pg, const Alerts &alerts, Outcome *out);  // its own short transaction
    static bool reserveIds(PGconn *pg, int count, std::vector<qint64> *ids, Outcome *out);
    static bool sendInsert(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                           const Entry &entry = {});  // BEGIN + async INSERT
    static bool finishInsert(PGconn *pg, Outcome *out);  // waits for the INSERT; fills insertedHashes and maxId
    // NOTIFY new_alert (if rows were added; agent_enriched and new_response too when they entered past `new`) + COMMIT
    static bool commit(PGconn *pg, Outcome *out);
    // upsertAgents + sendInsert + finishInsert + commit, synchronously, with ids already reserved
    static bool insertWithIds(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                              const Entry &entry = {});

    // Cheap liveness probe after a failure: true when a trivial query works.
    static bool alive(QSqlDatabase &db);
    static bool alive(PGconn *pg);
};

}  // namespace eos
