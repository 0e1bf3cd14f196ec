-- Eos schema 14 (operations): every daemon (and console running the pipeline) sharing this database
-- reports here every EOS_STATUS_INTERVAL_S seconds, so `eos-console status` run anywhere shows each
-- one's stages, rates, spool and last errors. One row per running instance, replaced in place; rows not
-- refreshed for a day are removed by the instances that are still alive.
CREATE TABLE IF NOT EXISTS daemon_status (
    instance     text PRIMARY KEY,            -- host:pid:start time, unique per process
    host         text NOT NULL,
    pid          integer NOT NULL,
    version      text NOT NULL,
    mode         text NOT NULL,               -- daemon | console
    started_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    interval_s   integer NOT NULL,
    stages       text[] NOT NULL DEFAULT '{}', -- the stages this instance runs
    listener     text,                         -- "127.0.0.1:9000", or why it is not listening
    spool_depth  bigint NOT NULL DEFAULT 0,
    spool_bytes  bigint NOT NULL DEFAULT 0,
    figures      jsonb NOT NULL DEFAULT '{}',  -- {"ingest": {...}, "stages": {"enrich": {"processed":…, "rate":…}}}
    last_errors  jsonb NOT NULL DEFAULT '[]'   -- [{"at": "…Z", "text": "subsystem: message"}], oldest first
);
CREATE INDEX IF NOT EXISTS daemon_status_updated_idx ON daemon_status (updated_at);
