-- Eos schema 1: the older pipeline's tables, kept compatible, plus what analysts' queries need.
-- Works on an empty database and upgrades one created by the older Python pipeline in place
-- (its alert_state enum, agents and alerts tables and notify triggers), keeping every row.
-- Runs inside the migrator's transaction.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'alert_state') THEN
        CREATE TYPE alert_state AS ENUM ('new', 'agent_enriched', 'summarized', 'sent', 'failed', 'archived');
    END IF;
END $$;
-- live systems of the older pipeline added this by hand, its shipped schema lacked it
ALTER TYPE alert_state ADD VALUE IF NOT EXISTS 'agent_enriched' AFTER 'new';
ALTER TYPE alert_state ADD VALUE IF NOT EXISTS 'failed';
ALTER TYPE alert_state ADD VALUE IF NOT EXISTS 'archived';

CREATE TABLE IF NOT EXISTS agents (
    id text PRIMARY KEY
);
ALTER TABLE agents
    ADD COLUMN IF NOT EXISTS name text,
    ADD COLUMN IF NOT EXISTS ip text,
    ADD COLUMN IF NOT EXISTS os text,
    ADD COLUMN IF NOT EXISTS registered timestamptz,
    ADD COLUMN IF NOT EXISTS last_seen timestamptz,
    ADD COLUMN IF NOT EXISTS agent_version text,
    ADD COLUMN IF NOT EXISTS register_ip text,
    ADD COLUMN IF NOT EXISTS node_name text,
    ADD COLUMN IF NOT EXISTS config_sum text,
    ADD COLUMN IF NOT EXISTS merged_sum text,
    ADD COLUMN IF NOT EXISTS group_config_status text,
    ADD COLUMN IF NOT EXISTS status_text text,
    ADD COLUMN IF NOT EXISTS status_code_api int,
    ADD COLUMN IF NOT EXISTS groups jsonb,
    ADD COLUMN IF NOT EXISTS disconnection_time timestamptz,
    ADD COLUMN IF NOT EXISTS manager_name text,
    ADD COLUMN IF NOT EXISTS api_response jsonb,
    ADD COLUMN IF NOT EXISTS api_fetch_timestamp timestamptz,
    -- new: when an alert last named this agent (ingest keeps it current)
    ADD COLUMN IF NOT EXISTS last_alert_at timestamptz;

CREATE TABLE IF NOT EXISTS alerts (
    id bigserial PRIMARY KEY,
    alert_hash text UNIQUE NOT NULL,
    agent_id text REFERENCES agents(id),
    rule_id int,
    rule_level int,
    rule_desc text,
    raw jsonb NOT NULL,
    ingest_timestamp timestamptz DEFAULT now(),
    state alert_state DEFAULT 'new'
);
ALTER TABLE alerts
    -- the older pipeline's stage columns
    ADD COLUMN IF NOT EXISTS prompt_sent_at timestamptz,
    ADD COLUMN IF NOT EXISTS prompt_text text,
    ADD COLUMN IF NOT EXISTS response_received_at timestamptz,
    ADD COLUMN IF NOT EXISTS response_text text,
    ADD COLUMN IF NOT EXISTS prompt_tokens int,
    ADD COLUMN IF NOT EXISTS completion_tokens int,
    ADD COLUMN IF NOT EXISTS total_tokens int,
    ADD COLUMN IF NOT EXISTS alert_sent_at timestamptz,
    ADD COLUMN IF NOT EXISTS alert_text text,
    ADD COLUMN IF NOT EXISTS archived_at timestamptz,
    -- new: the alert's own fields as columns, for fast filters
    ADD COLUMN IF NOT EXISTS alert_ts timestamptz,
    ADD COLUMN IF NOT EXISTS agent_name text,
    ADD COLUMN IF NOT EXISTS groups text[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS src_ip text,
    ADD COLUMN IF NOT EXISTS mitre_ids text[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS location text;
-- the older pipeline allowed NULLs here; alerts without a hash or body cannot be deduplicated or shown
UPDATE alerts SET raw = '{}'::jsonb WHERE raw IS NULL;
UPDATE alerts SET alert_hash = 'legacy-' || id WHERE alert_hash IS NULL;
ALTER TABLE alerts ALTER COLUMN raw SET NOT NULL, ALTER COLUMN alert_hash SET NOT NULL;
ALTER TABLE alerts ALTER COLUMN ingest_timestamp SET DEFAULT now(), ALTER COLUMN state SET DEFAULT 'new';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                   WHERE i.indrelid = 'alerts'::regclass AND i.indisunique AND i.indnatts = 1 AND a.attname = 'alert_hash') THEN
        ALTER TABLE alerts ADD CONSTRAINT alerts_alert_hash_key UNIQUE (alert_hash);
    END IF;
END $$;

-- The older pipeline's triggers sent new_alert / new_response per row. Eos sends one new_alert per
-- committed batch itself, so drop every notifying trigger on alerts to avoid double notifications.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT tg.tgname FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
             WHERE tg.tgrelid = 'alerts'::regclass AND NOT tg.tgisinternal
               AND (p.prosrc ILIKE '%pg_notify%' OR p.prosrc ILIKE '%notify %')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON alerts', t.tgname);
        RAISE NOTICE 'eos: dropped the older pipeline''s notify trigger % on alerts', t.tgname;
    END LOOP;
END $$;

-- Fill the new columns of rows the older pipeline stored. A timestamp Wazuh wrote is
-- 2022-05-11T12:29:19.905+0000; anything unparsable stays NULL rather than failing the upgrade.
CREATE OR REPLACE FUNCTION eos_try_timestamptz(t text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN t::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

UPDATE alerts SET
    alert_ts   = COALESCE(eos_try_timestamptz(raw->>'timestamp'), ingest_timestamp),
    agent_name = raw->'agent'->>'name',
    groups     = COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(raw->'rule'->'groups') = 'array'
                                                                  THEN raw->'rule'->'groups' ELSE '[]' END)), '{}'),
    src_ip     = raw->'data'->>'srcip',
    mitre_ids  = COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(raw->'rule'->'mitre'->'id') = 'array'
                                                                  THEN raw->'rule'->'mitre'->'id' ELSE '[]' END)), '{}'),
    location   = raw->>'location'
WHERE alert_ts IS NULL;

-- Indexes for the analysts' filters (time, level, agent, rule, group, technique, source IP, text).
CREATE INDEX IF NOT EXISTS alerts_alert_ts_idx ON alerts (alert_ts DESC, id DESC);
CREATE INDEX IF NOT EXISTS alerts_ingest_ts_idx ON alerts (ingest_timestamp);
CREATE INDEX IF NOT EXISTS alerts_level_idx ON alerts (rule_level, id DESC);
CREATE INDEX IF NOT EXISTS alerts_agent_idx ON alerts (agent_id, id DESC);
CREATE INDEX IF NOT EXISTS alerts_rule_idx ON alerts (rule_id, id DESC);
CREATE INDEX IF NOT EXISTS alerts_state_idx ON alerts (state, id);
CREATE INDEX IF NOT EXISTS alerts_groups_idx ON alerts USING gin (groups);
CREATE INDEX IF NOT EXISTS alerts_mitre_idx ON alerts USING gin (mitre_ids);
CREATE INDEX IF NOT EXISTS alerts_src_ip_idx ON alerts (src_ip) WHERE src_ip IS NOT NULL;

-- Free-text filter: trigram index when pg_trgm can be had (it is a trusted extension, but an external
-- database may not ship it); without it the text filter still works, just without the index.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN others THEN
        RAISE NOTICE 'eos: pg_trgm not available (%); free-text filters will scan', SQLERRM;
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS alerts_desc_trgm_idx ON alerts USING gin (rule_desc gin_trgm_ops)';
    END IF;
END $$;
