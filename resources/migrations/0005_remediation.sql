-- Eos schema 5: remediation. Actions on agents through the Wazuh API (restart, active response) taken by
-- an analyst (console, `eos-console remediate`) or by an auto-response policy, each one an audit_log row;
-- the policy stage's own bookkeeping. Runs inside the migrator's transaction; safe to run again.

-- An action on an agent need not come from an alert (the Agents view, the command line without --alert):
-- such audit rows name the agent instead. Rows about an alert keep alert_id as before.
ALTER TABLE audit_log ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS agent_id text;
-- The Remediation view and the policies' limits read recent remediation rows.
CREATE INDEX IF NOT EXISTS audit_log_remediation_idx ON audit_log (at DESC, id DESC)
    WHERE action IN ('remediation', 'auto_response', 'policy_paused', 'policy_resumed');

-- The auto-response policy stage runs beside the pipeline (it never changes alerts.state): an alert is
-- checked once, after enrichment; policy_checked_at records it.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS policy_checked_at timestamptz;
-- What the policy stage claims: enriched alerts not yet checked (old alerts of the older pipeline have no
-- enriched_at and never qualify).
CREATE INDEX IF NOT EXISTS alerts_policy_pending_idx ON alerts (id)
    WHERE policy_checked_at IS NULL AND enriched_at IS NOT NULL;

-- The policy stage's leases, apart from stage_leases: an alert is checked by the policies while the LLM
-- or dispatch stage holds it, and neither waits for the other.
CREATE TABLE IF NOT EXISTS policy_leases (
    alert_id bigint PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
    stage text NOT NULL,
    claimed_by text NOT NULL,
    claimed_until timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS policy_leases_owner_idx ON policy_leases (claimed_by);

-- Policies paused from the console (the policies themselves live in EOS_RESPONSE_POLICIES).
CREATE TABLE IF NOT EXISTS response_policy_state (
    policy text PRIMARY KEY,
    paused boolean NOT NULL DEFAULT false,
    changed_by text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    reason text
);
