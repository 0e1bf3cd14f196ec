-- Eos schema 8 (reliability): the audit trail outlives the alerts it mentions.
-- Before: audit_log.alert_id referenced alerts ON DELETE CASCADE, so alert retention deleted the audit
-- trail with them. Now an audit row keeps the alert's id and hash (alert_hash, filled from the alert at
-- insert time when the writer does not give it), has no foreign key, and is append-only: UPDATE and
-- TRUNCATE are refused, DELETE only through eos_prune_audit_log(days) (EOS_AUDIT_RETENTION_DAYS; default
-- keep forever), which deletes rows older than its cutoff and nothing else.
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_alert_id_fkey;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS alert_hash text;
UPDATE audit_log l SET alert_hash = a.alert_hash FROM alerts a WHERE a.id = l.alert_id AND l.alert_hash IS NULL;
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);

CREATE OR REPLACE FUNCTION eos_audit_log_fill_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.alert_hash IS NULL THEN
        SELECT a.alert_hash INTO NEW.alert_hash FROM alerts a WHERE a.id = NEW.alert_id;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS audit_log_fill_hash ON audit_log;
CREATE TRIGGER audit_log_fill_hash BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION eos_audit_log_fill_hash();

-- Append-only. A DELETE passes only inside eos_prune_audit_log (which sets eos.audit_prune_before for its
-- own transaction) and only for rows older than that cutoff. One UPDATE is allowed: a remediation attempt
-- is recorded before its request is sent (outcome "sending", so a crash cannot hide it) and completed
-- once with the outcome; only its details may change, only by adding to them, and only while pending.
CREATE OR REPLACE FUNCTION eos_audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cutoff text := current_setting('eos.audit_prune_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' AND OLD.at < cutoff::timestamptz THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.details->>'outcome' = 'sending' AND NEW.details->>'outcome' IS DISTINCT FROM 'sending'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
       AND NEW.alert_id IS NOT DISTINCT FROM OLD.alert_id AND NEW.reason IS NOT DISTINCT FROM OLD.reason
       AND NEW.alert_hash IS NOT DISTINCT FROM OLD.alert_hash AND NEW.agent_id IS NOT DISTINCT FROM OLD.agent_id
       AND (NEW.details - 'outcome') @> (OLD.details - 'outcome') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION eos_audit_log_refuse();
CREATE OR REPLACE FUNCTION eos_audit_log_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (TRUNCATE refused)' USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION eos_audit_log_refuse_truncate();

-- The audit log's own retention: deletes at most `chunk` rows older than `days` days; returns how many.
CREATE OR REPLACE FUNCTION eos_prune_audit_log(days integer, chunk integer DEFAULT 5000) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz := now() - make_interval(days => days);
    n bigint;
BEGIN
    IF days IS NULL OR days <= 0 THEN RETURN 0; END IF;
    PERFORM set_config('eos.audit_prune_before', cutoff::text, true);
    WITH doomed AS (SELECT id FROM audit_log WHERE at < cutoff ORDER BY at LIMIT chunk)
    DELETE FROM audit_log l USING doomed d WHERE l.id = d.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('eos.audit_prune_before', '', true);
    RETURN n;
END $$;

-- A commit-ordered log of alert inserts, so consumers catching up never skip a row (the live feed).
-- Alert ids come from a sequence before commit, so with several ingest connections or several daemons a
-- lower id can commit after a higher one: catching up "by id > last seen" skips it. Here every
-- transaction that inserts alerts gets one row (its id range, noted by a statement trigger), and at
-- commit a deferred trigger takes a transaction-level advisory lock and numbers the row from
-- alert_commit_seq. The lock is held until the commit is visible, so `seq` follows commit order: a
-- consumer that has seen seq N has seen every commit numbered below N, and reads what is new by seq.
-- Ranges of concurrent transactions may interleave (their ids were reserved at the same time), so a
-- consumer drops ids it has already delivered. Rows older than a day are pruned by the retention thread.
CREATE SEQUENCE IF NOT EXISTS alert_commit_seq;
CREATE TABLE IF NOT EXISTS alert_commits (
    xid xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
    seq bigint UNIQUE,  -- NULL until the transaction commits (and so never visible NULL)
    min_id bigint NOT NULL,
    max_id bigint NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION eos_alert_commits_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO alert_commits (min_id, max_id)
    SELECT min(id), max(id) FROM eos_new_alerts HAVING count(*) > 0
    ON CONFLICT (xid) DO UPDATE SET min_id = least(alert_commits.min_id, EXCLUDED.min_id),
                                    max_id = greatest(alert_commits.max_id, EXCLUDED.max_id);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS alerts_note_commit ON alerts;
CREATE TRIGGER alerts_note_commit AFTER INSERT ON alerts REFERENCING NEW TABLE AS eos_new_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION eos_alert_commits_note();

CREATE OR REPLACE FUNCTION eos_alert_commits_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4561426973);  -- "EosCommi": commit order of alert inserts
    UPDATE alert_commits SET seq = nextval('alert_commit_seq') WHERE xid = NEW.xid;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS alert_commits_number ON alert_commits;
CREATE CONSTRAINT TRIGGER alert_commits_number AFTER INSERT ON alert_commits DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION eos_alert_commits_number();
