-- Eos schema 2: what the analyst console writes — triage state on alerts, the audit trail, saved views.
-- Runs inside the migrator's transaction; every statement is safe to run again (IF NOT EXISTS).

ALTER TABLE alerts
    ADD COLUMN IF NOT EXISTS triage_status text,
    ADD COLUMN IF NOT EXISTS assigned_to text,
    ADD COLUMN IF NOT EXISTS triage_reason text,
    ADD COLUMN IF NOT EXISTS triaged_at timestamptz;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'alerts_triage_status_check'
                   AND conrelid = 'alerts'::regclass) THEN
        ALTER TABLE alerts ADD CONSTRAINT alerts_triage_status_check
            CHECK (triage_status IS NULL OR triage_status IN ('acknowledged', 'false_positive', 'escalated'));
    END IF;
END $$;
-- "my alerts" and "untriaged/escalated" filters; partial so untouched alerts cost nothing
CREATE INDEX IF NOT EXISTS alerts_triage_idx ON alerts (triage_status, id DESC) WHERE triage_status IS NOT NULL;
CREATE INDEX IF NOT EXISTS alerts_assigned_idx ON alerts (assigned_to, id DESC) WHERE assigned_to IS NOT NULL;

CREATE TABLE IF NOT EXISTS audit_log (
    id bigserial PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL,
    reason text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS audit_log_alert_at_idx ON audit_log (alert_id, at);

CREATE TABLE IF NOT EXISTS saved_views (
    id bigserial PRIMARY KEY,
    owner text NOT NULL,
    name text NOT NULL,
    filter_text text NOT NULL DEFAULT '',
    column_layout jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner, name)
);
