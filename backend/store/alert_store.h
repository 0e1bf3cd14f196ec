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

class AlertStore {
public:
    struct Outcome {
        bool ok = false;
        bool connectionLost = false;  // the database could not be reached (vs. a statement error)
        QSet<QString> insertedHashes;
        qint64 maxId = 0;
        QString error;
    };
    using Alerts = std::vector<const AlertRecord *>;

    // One transaction. On failure nothing is committed.
    static Outcome insertBatch(QSqlDatabase &db, const Alerts &alerts);

    // The steps. Each returns false (with *out's error and connectionLost set) on failure, after
    // rolling back anything open.
    static bool upsertAgents(PGconn *pg, const Alerts &alerts, Outcome *out);  // its own short transaction
    static bool reserveIds(PGconn *pg, int count, std::vector<qint64> *ids, Outcome *out);
    static bool sendInsert(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out);  // BEGIN + async INSERT
    static bool finishInsert(PGconn *pg, Outcome *out);  // waits for the INSERT; fills insertedHashes and maxId
    static bool commit(PGconn *pg, Outcome *out);        // NOTIFY new_alert (if rows were added) + COMMIT
    // upsertAgents + sendInsert + finishInsert + commit, synchronously, with ids already reserved
    static bool insertWithIds(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out);

    // Cheap liveness probe after a failure: true when a trivial query works.
    static bool alive(QSqlDatabase &db);
    static bool alive(PGconn *pg);
};

}  // namespace eos
