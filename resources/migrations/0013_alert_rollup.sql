-- Hourly counts of the alerts per dimension, so the console's Overview and histogram answer a range of a
-- million alerts from a few thousand counts instead of an index scan of every alert (issue 14: the
-- Overview over 1M alerts took 3.5–6.4 s; the target is 500 ms).
--
-- alert_rollup holds, per UTC hour of alert_ts and rule level, how many alerts have each key of a
-- dimension:
--   'a' agent id ('' = none)   'r' rule id ('' = none)   's' source IP (alerts with one)
--   'g' each of the alert's groups   't' each of rule.mitre.tactic   'x' '<triage>/<pipeline state>'
-- Every alert is counted exactly once in 'a', 'r' and 'x' (so 'x' summed is the alert count).
--
-- Writers never touch alert_rollup: statement-level triggers on alerts append signed counts of what each
-- statement changed to alert_rollup_delta (one aggregated row per key, no unique key, so concurrent ingest
-- and stage transactions never wait on each other or deadlock), in the same transaction as the change.
-- eos_rollup_fold() moves the committed deltas into alert_rollup (the daemon's RollupFolder calls it every
-- few seconds; an advisory lock lets one caller fold at a time). Readers sum alert_rollup and the not yet
-- folded deltas in one snapshot, so their counts are exact at any moment, folded or not.

CREATE TABLE IF NOT EXISTS alert_rollup (
    dim text NOT NULL,
    hour timestamptz NOT NULL,          -- date_trunc('hour', alert_ts, 'UTC') (alert_ts is never NULL: 0010)
    key text NOT NULL,
    level smallint NOT NULL,            -- rule_level (-1 for none)
    n bigint NOT NULL,
    PRIMARY KEY (dim, hour, key, level)
);
-- rows a fold brought to zero (everything they counted was deleted by retention), removed by the fold
CREATE INDEX IF NOT EXISTS alert_rollup_zero_idx ON alert_rollup (dim) WHERE n = 0;

CREATE TABLE IF NOT EXISTS alert_rollup_delta (
    dim text NOT NULL,
    hour timestamptz NOT NULL,
    key text NOT NULL,
    level smallint NOT NULL,
    n bigint NOT NULL
);

-- The keys one alert row has in each dimension (tx: also its MITRE tactics, read from raw). A plain SQL
-- function the planner inlines into the statements below.
CREATE OR REPLACE FUNCTION eos_rollup_keys(agent_id text, rule_id int, src_ip text, groups text[], triage text,
                                           st alert_state, mitre_ids text[], raw jsonb, tx boolean)
RETURNS TABLE (dim text, key text) LANGUAGE sql STABLE AS $fn$
    VALUES ('a', COALESCE(agent_id, '')), ('r', COALESCE(rule_id::text, '')),
           ('x', COALESCE(triage, 'none') || '/' || st::text)
    UNION ALL SELECT 's', src_ip WHERE src_ip IS NOT NULL AND src_ip <> ''
    UNION ALL SELECT DISTINCT 'g', g FROM unnest(groups) g WHERE g IS NOT NULL AND g <> ''
    UNION ALL SELECT DISTINCT 't', btrim(t)
              FROM jsonb_array_elements_text(CASE WHEN tx AND mitre_ids <> '{}'
                                                       AND jsonb_typeof(raw->'rule'->'mitre'->'tactic') = 'array'
                                                  THEN raw->'rule'->'mitre'->'tactic' ELSE '[]'::jsonb END) t
              WHERE btrim(t) <> ''
$fn$;

-- The triggers: what each statement changed, as signed counts per key (sg: +1 a row counted, -1 a row
-- no longer counted), keys whose count is zero left out. Static SQL: its plan is cached per session.
-- Inserts count +1 and deletes (retention) -1; both triggers name their transition table changed_rows.
CREATE OR REPLACE FUNCTION eos_rollup_on_insert_or_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO alert_rollup_delta (dim, hour, key, level, n)
    SELECT k.dim, date_trunc('hour', r.alert_ts, 'UTC'), k.key, COALESCE(r.rule_level, -1),
           CASE TG_OP WHEN 'DELETE' THEN -count(*) ELSE count(*) END
    FROM changed_rows r
    CROSS JOIN LATERAL eos_rollup_keys(r.agent_id, r.rule_id, r.src_ip, r.groups, r.triage_status, r.state, r.mitre_ids, r.raw, true) k
    GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $fn$;

-- An update counts only rows whose counted columns changed (in practice the pipeline state and the triage
-- state): the old row -1, the new row +1, and the keys that did not change cancel out. The tactics are
-- re-read from raw only when the hour, level or technique ids changed.
CREATE OR REPLACE FUNCTION eos_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- EXECUTE: planned at each statement with the transition tables' real sizes. A plan cached from a
    -- one-row update joins old and new rows in a nested loop, which takes minutes for 50,000 rows.
    EXECUTE $q$
    INSERT INTO alert_rollup_delta (dim, hour, key, level, n)
    SELECT k.dim, date_trunc('hour', r.alert_ts, 'UTC'), k.key, COALESCE(r.rule_level, -1), sum(r.sg)
    FROM (SELECT o.alert_ts, o.rule_level, o.agent_id, o.rule_id, o.src_ip, o.groups, o.triage_status, o.state,
                 o.mitre_ids, o.raw,
                 (date_trunc('hour', o.alert_ts, 'UTC'), o.rule_level, o.mitre_ids)
                     IS DISTINCT FROM (date_trunc('hour', n.alert_ts, 'UTC'), n.rule_level, n.mitre_ids) AS tx,
                 n AS nrow
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.alert_ts, o.rule_level, o.agent_id, o.rule_id, o.src_ip, o.groups, o.triage_status, o.state, o.mitre_ids)
                IS DISTINCT FROM (n.alert_ts, n.rule_level, n.agent_id, n.rule_id, n.src_ip, n.groups, n.triage_status,
                                  n.state, n.mitre_ids)) c
    CROSS JOIN LATERAL (VALUES (c.alert_ts, c.rule_level, c.agent_id, c.rule_id, c.src_ip, c.groups, c.triage_status,
                                c.state, c.mitre_ids, c.raw, -1),
                               ((c.nrow).alert_ts, (c.nrow).rule_level, (c.nrow).agent_id, (c.nrow).rule_id,
                                (c.nrow).src_ip, (c.nrow).groups, (c.nrow).triage_status, (c.nrow).state,
                                (c.nrow).mitre_ids, (c.nrow).raw, 1))
        r(alert_ts, rule_level, agent_id, rule_id, src_ip, groups, triage_status, state, mitre_ids, raw, sg)
    CROSS JOIN LATERAL eos_rollup_keys(r.agent_id, r.rule_id, r.src_ip, r.groups, r.triage_status, r.state, r.mitre_ids, r.raw, c.tx) k
    GROUP BY 1, 2, 3, 4
    HAVING sum(r.sg) <> 0
    $q$;
    RETURN NULL;
END $fn$;

-- Moves the committed deltas into alert_rollup. Returns the keys folded, or -1 when another session is
-- folding right now (the next call picks up what it left).
CREATE OR REPLACE FUNCTION eos_rollup_fold() RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
    moved bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('eos.alert_rollup.fold')) THEN
        RETURN -1;
    END IF;
    WITH d AS (DELETE FROM alert_rollup_delta RETURNING dim, hour, key, level, n),
         s AS (SELECT dim, hour, key, level, sum(n)::bigint AS n FROM d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0),
         u AS (INSERT INTO alert_rollup AS r (dim, hour, key, level, n)
               SELECT dim, hour, key, level, n FROM s ORDER BY 1, 2, 3, 4
               ON CONFLICT (dim, hour, key, level) DO UPDATE SET n = r.n + EXCLUDED.n
               RETURNING 1)
    SELECT count(*) INTO moved FROM u;
    DELETE FROM alert_rollup WHERE n = 0;
    RETURN moved;
END $fn$;

-- The triggers first: they lock alerts against writes until this migration commits, so the back-fill
-- below and the triggers together count every alert exactly once even with other daemons running.
DROP TRIGGER IF EXISTS alerts_rollup_insert ON alerts;
DROP TRIGGER IF EXISTS alerts_rollup_update ON alerts;
DROP TRIGGER IF EXISTS alerts_rollup_delete ON alerts;
CREATE TRIGGER alerts_rollup_insert AFTER INSERT ON alerts
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION eos_rollup_on_insert_or_delete();
CREATE TRIGGER alerts_rollup_update AFTER UPDATE ON alerts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION eos_rollup_on_update();
CREATE TRIGGER alerts_rollup_delete AFTER DELETE ON alerts
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION eos_rollup_on_insert_or_delete();

TRUNCATE alert_rollup, alert_rollup_delta;
INSERT INTO alert_rollup (dim, hour, key, level, n)
SELECT k.dim, date_trunc('hour', r.alert_ts, 'UTC'), k.key, COALESCE(r.rule_level, -1), count(*)
FROM alerts r
CROSS JOIN LATERAL eos_rollup_keys(r.agent_id, r.rule_id, r.src_ip, r.groups, r.triage_status, r.state, r.mitre_ids, r.raw, true) k
GROUP BY 1, 2, 3, 4;
