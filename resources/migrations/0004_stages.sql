-- Eos schema 4: stages. Every stage after ingest (enrichment, LLM triage, dispatch, remediation) claims
-- alerts in its input state with a lease, works on them outside any transaction, and moves them on.
-- Runs inside the migrator's transaction; every statement is safe to run again.

ALTER TABLE alerts
    -- retries of the current stage: attempts so far, not before next_attempt_at, last error
    ADD COLUMN IF NOT EXISTS stage_attempts int NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz,
    ADD COLUMN IF NOT EXISTS stage_error text,
    -- for state 'failed': the stage that gave up and the state a retry returns the alert to
    ADD COLUMN IF NOT EXISTS failed_stage text,
    ADD COLUMN IF NOT EXISTS failed_from alert_state,
    ADD COLUMN IF NOT EXISTS enriched_at timestamptz;

-- Leases: which stage runner holds an alert, and until when (an expired lease is taken over). In a table
-- of their own rather than columns of alerts: a claim then writes one small row instead of a new version
-- of the alert row and of its 13 index entries (measured: 52 µs vs 4 µs per alert), so a stage moves
-- alerts on at about twice the rate. An alert is in one state, so in at most one stage, at a time.
CREATE TABLE IF NOT EXISTS stage_leases (
    alert_id bigint PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
    stage text NOT NULL,
    claimed_by text NOT NULL,
    claimed_until timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS stage_leases_owner_idx ON stage_leases (claimed_by);

-- What stages claim: the oldest alerts of a state, through alerts_state_idx (state, id) of schema 1.
-- (No partial index on the pipeline states: a database upgraded from the older pipeline gets
-- 'agent_enriched' in this same transaction, and PostgreSQL refuses a new enum value in an index
-- predicate before commit.)

-- The agents' live status from the Wazuh API (status_text/status_code_api, last_seen = lastKeepAlive).
ALTER TABLE agents
    ADD COLUMN IF NOT EXISTS status_changed_at timestamptz,
    ADD COLUMN IF NOT EXISTS api_found boolean;

-- Disconnection episodes: one row from the moment an agent has been disconnected longer than
-- EOS_AGENT_OFFLINE_MINUTES until it reconnects. At most one open episode per agent (the unique index),
-- so several daemons syncing the inventory raise one alert; each episode's alerts are deterministic
-- (their hashes are stored here) so a crash between the episode and its alert is repaired by the next sync.
CREATE TABLE IF NOT EXISTS agent_offline_episodes (
    id bigserial PRIMARY KEY,
    agent_id text NOT NULL,
    disconnected_at timestamptz NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now(),
    offline_alert text NOT NULL,       -- the synthetic alert's JSON (rule 100900)
    offline_alert_hash text NOT NULL,
    recovered_at timestamptz,
    recovery_alert text,               -- rule 100901
    recovery_alert_hash text
);
CREATE UNIQUE INDEX IF NOT EXISTS agent_offline_open_idx ON agent_offline_episodes (agent_id) WHERE recovered_at IS NULL;
CREATE INDEX IF NOT EXISTS agent_offline_raised_idx ON agent_offline_episodes (raised_at);

-- Periodic jobs shared by several daemons (e.g. the agent inventory sync): a daemon runs the job only
-- when it can move last_run forward past the interval, so N daemons sync once per interval, not N times.
CREATE TABLE IF NOT EXISTS eos_schedule (
    name text PRIMARY KEY,
    last_run timestamptz NOT NULL DEFAULT '-infinity'
);
