-- The ingest inbox: a single alert (or a few) arriving while no batch is in flight is acknowledged once it is
-- committed here, a table with no index but its keys and no trigger, and moved into alerts right after
-- by the InboxMover (several rows per move when they arrive faster than one move takes). Storing one alerts
-- row costs ~1 ms in PostgreSQL (its indexes and the triggers of 0008 and 0013) against ~0.2-0.3 ms for a row
-- here, so a client posting alerts one at a time gets its 202 about as fast as PostgreSQL commits (issue 15).
-- Bulk batches go straight into alerts as before.
--
-- A row here is as durable as an alert row: committed before the 202, moved in one statement (delete here,
-- insert there, ON CONFLICT (alert_hash) DO NOTHING) so a crash between the two leaves it here for the next
-- move, by this daemon or any other on the database (movers take rows FOR UPDATE SKIP LOCKED).
-- groups and mitre_ids hold array literals ('{a,b}'), cast when moved.
CREATE TABLE IF NOT EXISTS alert_inbox (
    seq bigserial PRIMARY KEY,
    alert_hash text NOT NULL UNIQUE,  -- a repeat while the first waits here is a duplicate, as in alerts
    agent_id text NOT NULL,
    agent_name text,
    agent_ip text,
    rule_id integer NOT NULL,
    rule_level integer NOT NULL,
    rule_desc text,
    alert_ts text,
    groups text NOT NULL,
    src_ip text,
    mitre_ids text NOT NULL,
    location text,
    raw text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
-- Bodies stay in the row, compressed, up to a page (STORAGE MAIN): out of line, as alerts.raw goes above ~2 KB,
-- an inbox row costs a TOAST row and its index too (a 3.4 KB sample alert: 0.9 ms against 0.55 ms inline).
-- lz4 as alerts.raw (0003), where the server has it.
ALTER TABLE alert_inbox ALTER COLUMN raw SET STORAGE MAIN;
DO $$
BEGIN
    EXECUTE 'ALTER TABLE alert_inbox ALTER COLUMN raw SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
    RAISE NOTICE 'lz4 is not available on this server; inbox bodies keep the default compression';
END $$;
