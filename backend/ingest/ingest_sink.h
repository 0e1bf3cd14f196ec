// What the listener, the file follower and the spool drain hand alerts to. submit() is thread-safe;
// `done` runs on the ingest thread once the batch holding these alerts is durable (committed in
// PostgreSQL, or fsync'd to the spool), or failed: marshal back to your own thread before replying.
#pragma once

#include "store/alert_record.h"

#include <functional>
#include <vector>

namespace eos {

struct IngestResult {
    int accepted = 0;     // new rows (or spooled alerts)
    int duplicates = 0;   // already stored (same alert_hash)
    bool durable = false; // true: safe to answer 202
    bool spooled = false; // durable on disk, not yet in PostgreSQL
    bool overloaded = false; // refused at once: the ingest queue is at its bound (EOS_INGEST_QUEUE_MAX); retry soon
    QString error;        // when !durable: why (the listener answers 503)
};

class IngestSink {
public:
    virtual ~IngestSink() = default;
    using Done = std::function<void(const IngestResult &)>;
    virtual void submit(std::vector<AlertRecord> alerts, Done done) = 0;
};

}  // namespace eos
