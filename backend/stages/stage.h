// The stages wing: every step of the pipeline after ingest (agent enrichment now; LLM triage, dispatch
// and remediation next) is a Stage run by a StageRunner, plus the Pipeline that starts them all. Stages
// use the store (claims, results) and the clients (outside services); PostgreSQL is the hand-off between
// them, so several daemons can share one database and a crash loses no work.
//
// Stage: what one step does with a claimed batch of alerts. The runner does the rest (claims with leases,
// wake-ups, retries with backoff, failure marking, metrics); a stage only implements process() and, when
// it stores results with the state change, doneSql().
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <vector>

namespace eos {

class StageRunner;

// One alert as the runner claimed it for a stage.
struct ClaimedAlert {
    qint64 id = 0;
    QString agentId;
    int ruleLevel = 0;
    int attempts = 0;          // failed attempts of this stage so far
    qint64 ingestedMs = 0;     // arrival (ingest_timestamp), for the latency figure
    QByteArray raw;            // the alert's JSON, when the stage asks for it (Stage::wantsRaw)
    QVariantList extra;        // the values of Stage::claimColumns(), in order
};

// What became of one alert of a batch.
struct StageOutcome {
    enum class Kind { Done, Retry, Fail };
    Kind kind = Kind::Done;
    QString error;             // Retry/Fail: why (shown in the console and the audit log)
    int retryAfterMs = 0;      // Retry: wait at least this long (a Retry-After the remote gave)
    QVariantList values;       // Done: bound in order to the placeholders of Stage::doneSql()

    static StageOutcome done(QVariantList values = {}) { return {Kind::Done, {}, 0, std::move(values)}; }
    static StageOutcome retry(QString why, int afterMs = 0) { return {Kind::Retry, std::move(why), afterMs, {}}; }
    static StageOutcome fail(QString why) { return {Kind::Fail, std::move(why), 0, {}}; }
};

class Stage {
public:
    virtual ~Stage() = default;

    virtual QString name() const = 0;          // "enrich": metrics label, lease owner, failed_stage
    virtual QString inputState() const = 0;    // alert_state it claims: "new"
    virtual QString outputState() const = 0;   // alert_state it moves alerts to: "agent_enriched"
    virtual QString wakeChannel() const = 0;   // NOTIFY channel that means "work arrived": "new_alert"
    virtual QString doneChannel() const = 0;   // NOTIFY sent when alerts reach outputState: "agent_enriched"
    virtual bool wantsRaw() const { return false; }
    // Extra SQL expressions over the claimed row `a` returned in ClaimedAlert::extra.
    virtual QStringList claimColumns() const { return {}; }
    // Extra assignments for done alerts, e.g. "enriched_at = now(), response_text = ?" (placeholders bound
    // from StageOutcome::values). Runs in the transaction that moves the alert on.
    virtual QString doneSql() const { return {}; }
    // The SQL types of doneSql()'s placeholders (each `?`), in order: {"timestamptz", "text", "jsonb"}. Given,
    // the runner stores a whole batch's results in one statement (each placeholder a column of an unnest
    // over text arrays, cast to its type) instead of one UPDATE per alert; empty: one UPDATE per alert.
    virtual QStringList doneTypes() const { return {}; }

    // A side stage works beside the pipeline instead of in it (e.g. the auto-response policies): it claims
    // the alerts that match claimCondition() (SQL over the row `a`, e.g. "a.enriched_at IS NOT NULL AND
    // a.policy_checked_at IS NULL") whatever their state, never changes alerts.state (outputState() is
    // empty), never touches the pipeline's retry columns (stage_attempts, next_attempt_at, stage_error),
    // and keeps its leases in a table of its own (leaseTable(), same shape as stage_leases) so it and the
    // pipeline stage holding the same alert never wait for each other. doneSql() must mark the alert as
    // handled (the claim condition must no longer match). A side stage has no retries: a Retry or Fail
    // outcome ends its work on the alert like Done (doneSql() when it has no placeholders) and writes an
    // audit row 'stage_failed' with the reason.
    virtual QString claimCondition() const { return {}; }
    virtual QString leaseTable() const { return QStringLiteral("stage_leases"); }
    bool isSideStage() const { return outputState().isEmpty(); }

    // Called on the runner's thread when it starts (timers, clients) and before it stops.
    virtual void start(StageRunner *runner) { (void)runner; }
    virtual void stop() {}

    // The work, outside any transaction. Call done exactly once, on the runner's thread, now or later,
    // with one outcome per alert of the batch in the same order. A stage that is asked to stop may still
    // call done: the runner ignores outcomes for leases it has given up.
    using Done = std::function<void(std::vector<StageOutcome>)>;
    virtual void process(const std::vector<ClaimedAlert> &batch, Done done) = 0;
};

}  // namespace eos
