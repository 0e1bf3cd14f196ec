// IngestAnswer: the listener's HTTP answer to a request that carried alerts (POST /wazuh_alert, one JSON
// alert; POST /wazuh_alerts, NDJSON), built from what the ingest sink did with them. A status, a JSON body
// and the extra header lines:
//   202 {"accepted", "duplicates"[, "spooled": true][, "ignored" (NDJSON)][, "errors" (NDJSON: bad lines)]}
//       once the alerts are durable (in PostgreSQL, or spooled on disk while it is unreachable);
//   503 {"error", "kind": "overloaded"} + Retry-After: 1 when the ingest queue is at its bound;
//   503 {"error", "kind": "unavailable"} + Retry-After: 5 when they could be made durable nowhere;
//   for an NDJSON body with nothing to store: 400 when it was empty or every line was bad, 200 when every
//   alert was below EOS_MIN_LEVEL.
// Error bodies of the listener are {"error": message[, "kind": kind]} (jsonError).
#pragma once

#include "ingest/ingest_sink.h"

#include <QByteArray>
#include <QString>

namespace eos {

struct IngestAnswer {
    int status = 0;
    QByteArray body;
    QByteArray headers;             // extra header lines, each ending in CRLF
    const char *refusal = nullptr;  // a 503's kind for the rejection log ("overloaded", "unavailable")

    // after the sink: `ignored` alerts were below EOS_MIN_LEVEL, `errorsJson` lists bad lines (NDJSON)
    static IngestAnswer of(const IngestResult &result, int ignored, const QByteArray &errorsJson, bool ndjson);
    // refused before the sink saw them: the queue (or the bodies waiting to be parsed) is full
    static IngestAnswer overloaded();
    // an NDJSON body that left nothing to store: `seen` lines, `errors` of them bad
    static IngestAnswer nothingToStore(int seen, int errors, int ignored, const QByteArray &errorsJson);

    static QByteArray jsonError(const QString &message, const char *kind = nullptr);
};

}  // namespace eos
