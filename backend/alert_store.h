// Writes batches of alerts to PostgreSQL in one transaction: agents upserted from alert.agent, alerts
// inserted with ON CONFLICT (alert_hash) DO NOTHING, one NOTIFY new_alert (payload: the new highest id)
// per committed batch. Used by the ingest writer for live batches and for draining the spool.
#pragma once

#include "alert_record.h"

#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <vector>

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

    // One transaction. On failure nothing is committed.
    static Outcome insertBatch(QSqlDatabase &db, const std::vector<const AlertRecord *> &alerts);
    // The JSON document the insert statement reads with jsonb_to_recordset (exposed for the benchmark).
    static QByteArray toRecordsetJson(const std::vector<const AlertRecord *> &alerts);
    // Cheap liveness probe after a failure: true when a trivial query works.
    static bool alive(QSqlDatabase &db);
};

}  // namespace eos
