-- Live Alerts sorted by any column in the database (issue 14): every sort order is the column's key,
-- then the alert's own time, then the id (one direction for all three, so one B-tree serves both
-- directions and keyset pagination compares whole rows: (key, alert_ts, id) < (…)). Keys are never
-- NULL (a NULL would make the row comparison unknown and drop rows from pages); text keys compare
-- bytewise (COLLATE "C"), as the console does when it places live rows.

-- The alert's own time is the default order: never NULL (rows of the older pipeline that did not fill
-- it take their body's timestamp, else the ingest time).
UPDATE alerts SET alert_ts = COALESCE(eos_try_timestamptz(raw->>'timestamp'), ingest_timestamp, now())
WHERE alert_ts IS NULL;
ALTER TABLE alerts ALTER COLUMN alert_ts SET DEFAULT now();
ALTER TABLE alerts ALTER COLUMN alert_ts SET NOT NULL;

-- The State column's order: escalated, acknowledged, false positive, then untriaged by pipeline state.
-- (st::text: a database of the older pipeline gets 'agent_enriched' added in this same transaction, and a
-- new enum value cannot be used as such before it commits.)
CREATE OR REPLACE FUNCTION eos_state_rank(triage text, st alert_state) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE triage WHEN 'escalated' THEN 90 WHEN 'acknowledged' THEN 80 WHEN 'false_positive' THEN 70
           ELSE CASE st::text WHEN 'failed' THEN 60 WHEN 'new' THEN 50 WHEN 'agent_enriched' THEN 40
                        WHEN 'summarized' THEN 30 WHEN 'sent' THEN 20 WHEN 'archived' THEN 10 ELSE 0 END END
$$;
-- The LLM risk's order (none lowest).
CREATE OR REPLACE FUNCTION eos_risk_rank(risk text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END
$$;

CREATE INDEX IF NOT EXISTS alerts_sort_level_idx ON alerts ((COALESCE(rule_level, -1)), alert_ts, id);
CREATE INDEX IF NOT EXISTS alerts_sort_rule_idx ON alerts ((COALESCE(rule_id, -1)), alert_ts, id);
CREATE INDEX IF NOT EXISTS alerts_sort_agent_idx ON alerts ((COALESCE(agent_id, '') COLLATE "C"), alert_ts, id);
CREATE INDEX IF NOT EXISTS alerts_sort_src_ip_idx ON alerts ((COALESCE(src_ip, '') COLLATE "C"), alert_ts, id);
CREATE INDEX IF NOT EXISTS alerts_sort_state_idx ON alerts ((eos_state_rank(triage_status, state)), alert_ts, id);
CREATE INDEX IF NOT EXISTS alerts_sort_risk_idx ON alerts ((eos_risk_rank(llm_risk)), alert_ts, id);

-- The time order's index also carries the level, so the histogram over a time range reads bucket and
-- severity band of every alert from the index alone (an index-only scan, no heap).
DROP INDEX IF EXISTS alerts_alert_ts_idx;
CREATE INDEX alerts_alert_ts_idx ON alerts (alert_ts, id) INCLUDE (rule_level);
