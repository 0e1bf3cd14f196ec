-- Eos schema 7: dispatch. The routing stage moves alerts `summarized` -> `sent` and, in the same
-- transaction, creates one outbox row per matching route (eos_dispatch_enqueue). The outbox sender claims
-- rows with a lease (claimed_by/claimed_until, committed before the remote call) and records the result and
-- the new state in one transaction afterwards, so a recorded success is never repeated.
-- Runs inside the migrator's transaction; every statement is safe to run again.

CREATE TABLE IF NOT EXISTS dispatch_outbox (
    id bigserial PRIMARY KEY,
    alert_id bigint REFERENCES alerts(id) ON DELETE CASCADE,   -- NULL for a digest
    route text NOT NULL,                 -- the route's id in EOS_ROUTES_FILE ("slack", "jira-soc", ...)
    kind text NOT NULL,                  -- slack, jira, stackstorm, webhook, email
    is_digest boolean NOT NULL DEFAULT false,
    -- review:   waits for an analyst's approval (route mode "review")
    -- pending:  due at next_attempt_at;  sending: claimed (lease), the remote call may be under way
    -- failed:   the last attempt failed, retried at next_attempt_at;  sent: done (remote_id, response)
    -- dead:     out of attempts or refused for good;  cancelled: by an analyst
    -- digested: coalesced into the digest row digest_id (which carries the send)
    state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('review', 'pending', 'sending', 'sent', 'failed', 'dead', 'cancelled', 'digested')),
    dedup_key text,                      -- agent:rule (Jira: one open issue per agent and rule)
    attempts int NOT NULL DEFAULT 0,     -- attempts that reached the remote (throttled ones not counted)
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_by text,
    claimed_until timestamptz,
    outcome_unknown boolean NOT NULL DEFAULT false,  -- a lease expired in `sending`: the last send may have landed
    digest_id bigint REFERENCES dispatch_outbox(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    first_send_at timestamptz,           -- when the first attempt began (digest windows count these)
    sent_at timestamptz,
    remote_id text,                      -- Jira key, Slack/webhook message id, StackStorm trace
    response_status int,
    response text,                       -- the remote's last answer (truncated)
    error text,                          -- the last failure, in words
    payload jsonb,                       -- the request body as last sent
    history jsonb NOT NULL DEFAULT '[]'::jsonb,   -- every attempt: {at, status, error, by}
    UNIQUE (alert_id, route)             -- an alert reaches a route once
);
CREATE INDEX IF NOT EXISTS dispatch_outbox_due_idx ON dispatch_outbox (route, next_attempt_at, id)
    WHERE state IN ('pending', 'failed', 'sending');
CREATE INDEX IF NOT EXISTS dispatch_outbox_state_idx ON dispatch_outbox (state, id);
CREATE INDEX IF NOT EXISTS dispatch_outbox_route_recent_idx ON dispatch_outbox (route, first_send_at)
    WHERE first_send_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS dispatch_outbox_digest_idx ON dispatch_outbox (digest_id) WHERE digest_id IS NOT NULL;

-- Shared per-route state, so several daemons keep one rate limit: the next free send slot, and a pause
-- after a 429's Retry-After.
CREATE TABLE IF NOT EXISTS dispatch_routes (
    route text PRIMARY KEY,
    next_slot timestamptz NOT NULL DEFAULT '-infinity',
    paused_until timestamptz NOT NULL DEFAULT '-infinity'
);

-- Jira: the issues Eos created, so a repeat for the same agent and rule comments on the open issue
-- instead of opening a duplicate (Jira's search is eventually consistent and cannot be relied on).
CREATE TABLE IF NOT EXISTS dispatch_jira_issues (
    route text NOT NULL,
    dedup_key text NOT NULL,             -- agent:rule
    issue_key text NOT NULL,
    outbox_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    comments int NOT NULL DEFAULT 0,
    closed_at timestamptz,               -- found resolved/deleted in Jira: the next repeat opens a new issue
    PRIMARY KEY (route, issue_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS dispatch_jira_open_idx ON dispatch_jira_issues (route, dedup_key) WHERE closed_at IS NULL;

-- The routing stage's completion: called from the UPDATE that moves an alert to `sent` (same transaction).
-- routes: [{"route": "...", "kind": "...", "review": bool, "dedup_key": "..."}]. Returns now() for
-- alerts.alert_sent_at. ON CONFLICT: an alert routed again (a retry from the console) never gets a
-- second row for a route.
CREATE OR REPLACE FUNCTION eos_dispatch_enqueue(p_alert bigint, p_routes jsonb) RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
    INSERT INTO dispatch_outbox (alert_id, route, kind, state, dedup_key)
    SELECT p_alert, r->>'route', r->>'kind',
           CASE WHEN (r->>'review')::boolean THEN 'review' ELSE 'pending' END, r->>'dedup_key'
    FROM jsonb_array_elements(COALESCE(p_routes, '[]'::jsonb)) AS r
    ON CONFLICT (alert_id, route) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM pg_notify('dispatch_outbox', 'new');  -- one per transaction (same payload)
    END IF;
    RETURN now();
END $$;
