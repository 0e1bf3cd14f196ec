-- Eos schema 13: an analyst's "Escalate" creates a Jira dispatch (and an index for the Jira claim, below).
-- The console's triage action writes one audit_log row per escalated alert (action 'escalate') in the
-- same transaction that sets alerts.triage_status = 'escalated'. A trigger on that insert creates one
-- outbox row per escalation route in the same transaction, so an escalation is either committed with its
-- dispatch or not at all, from any client (console, a script, an older console) — the console needs no
-- routes file. The escalation routes are the ones the daemons publish: the outbox sender, when it
-- starts, writes every route of its EOS_ROUTES_FILE to dispatch_routes (kind, escalate: Jira routes unless
-- the route says "escalate": false) and unpublishes the routes that are no longer in its file. The rows are
-- then sent by the outbox like any other (leases, retries, the eos-<id> label, comment-instead-of-
-- duplicate). An escalation ignores the route's filters (level, rule_id, group, event_location) and its
-- review mode: the analyst has already decided. Runs inside the migrator's transaction; safe to run again.

ALTER TABLE dispatch_routes ADD COLUMN IF NOT EXISTS kind text;
ALTER TABLE dispatch_routes ADD COLUMN IF NOT EXISTS escalate boolean NOT NULL DEFAULT false;
ALTER TABLE dispatch_routes ADD COLUMN IF NOT EXISTS published_by text;
ALTER TABLE dispatch_routes ADD COLUMN IF NOT EXISTS published_at timestamptz;

-- The escalation a row comes from (the audit_log row of the analyst's 'escalate'), who escalated and why.
ALTER TABLE dispatch_outbox ADD COLUMN IF NOT EXISTS escalation_id bigint;
ALTER TABLE dispatch_outbox ADD COLUMN IF NOT EXISTS escalated_by text;
ALTER TABLE dispatch_outbox ADD COLUMN IF NOT EXISTS escalation_reason text;

-- An alert reaches a route once by routing, and once more per escalation: UNIQUE (alert_id, route) becomes
-- two partial unique indexes.
ALTER TABLE dispatch_outbox DROP CONSTRAINT IF EXISTS dispatch_outbox_alert_id_route_key;
CREATE UNIQUE INDEX IF NOT EXISTS dispatch_outbox_routed_key ON dispatch_outbox (alert_id, route) WHERE escalation_id IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS dispatch_outbox_escalation_key ON dispatch_outbox (escalation_id, route) WHERE escalation_id IS NOT NULL;

-- As in schema 7, with the conflict target of the routed rows' index.
CREATE OR REPLACE FUNCTION eos_dispatch_enqueue(p_alert bigint, p_routes jsonb) RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
    INSERT INTO dispatch_outbox (alert_id, route, kind, state, dedup_key)
    SELECT p_alert, r->>'route', r->>'kind',
           CASE WHEN (r->>'review')::boolean THEN 'review' ELSE 'pending' END, r->>'dedup_key'
    FROM jsonb_array_elements(COALESCE(p_routes, '[]'::jsonb)) AS r
    ON CONFLICT (alert_id, route) WHERE escalation_id IS NULL DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM pg_notify('dispatch_outbox', 'new');  -- one per transaction (same payload)
    END IF;
    RETURN now();
END $$;

-- After each 'escalate' audit row: one outbox row per published escalation route (dedup key agent:rule as
-- the routing stage makes it) and one audit row 'escalation_dispatch' naming them. Without an escalation
-- route (no daemon with a Jira route) the escalation is only the triage change, as before.
CREATE OR REPLACE FUNCTION eos_escalation_dispatch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n int;
    made jsonb;
BEGIN
    IF NEW.alert_id IS NULL OR NOT EXISTS (SELECT 1 FROM alerts WHERE id = NEW.alert_id) THEN
        RETURN NULL;
    END IF;
    WITH ins AS (
        INSERT INTO dispatch_outbox (alert_id, route, kind, state, dedup_key, escalation_id, escalated_by,
                                     escalation_reason, history)
        SELECT a.id, r.route, r.kind, 'pending',
               COALESCE(NULLIF(a.agent_id, ''), a.raw->'agent'->>'id', '') || ':' || COALESCE(a.raw->'rule'->>'id', a.rule_id::text, ''),
               NEW.id, NEW.actor, NEW.reason,
               jsonb_build_array(jsonb_build_object(
                   'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'result', 'escalated', 'by', NEW.actor, 'error', COALESCE(NEW.reason, '')))
        FROM dispatch_routes r JOIN alerts a ON a.id = NEW.alert_id
        WHERE r.escalate AND r.kind IS NOT NULL
        ORDER BY r.route
        ON CONFLICT (escalation_id, route) WHERE escalation_id IS NOT NULL DO NOTHING
        RETURNING id, route)
    SELECT count(*), COALESCE(jsonb_agg(jsonb_build_object('route', route, 'outbox_id', id) ORDER BY route), '[]'::jsonb)
    INTO n, made FROM ins;
    IF n > 0 THEN
        INSERT INTO audit_log (alert_id, actor, action, reason, details)
        VALUES (NEW.alert_id, NEW.actor, 'escalation_dispatch', NEW.reason,
                jsonb_build_object('escalation', NEW.id, 'dispatches', made));
        PERFORM pg_notify('dispatch_outbox', 'escalation');
        PERFORM pg_notify('dispatch_changed', '');
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS audit_log_escalation_dispatch ON audit_log;
CREATE TRIGGER audit_log_escalation_dispatch AFTER INSERT ON audit_log FOR EACH ROW
    WHEN (NEW.action = 'escalate') EXECUTE FUNCTION eos_escalation_dispatch();

-- The Jira claim skips rows whose agent:rule has a send under way (NOT EXISTS over the route's `sending`
-- rows of the same dedup key): without this index that check read every due row of the route for each
-- candidate, and claims of a busy Jira route took longer than the sends they fed.
CREATE INDEX IF NOT EXISTS dispatch_outbox_sending_key_idx ON dispatch_outbox (route, dedup_key) WHERE state = 'sending';
