-- A database as the older Eos Python pipeline left it, for tests/test_migrator.cpp (upgrade in place).
-- Origin: reconstructed from the description of that pipeline in the project's reference notes
-- (integration-facts.md, section "The older Eos Python pipeline"): its tables and columns, the alert_state
-- enum as shipped (WITHOUT agent_enriched, which live systems added by hand), alert_hash unique, the
-- agent_id foreign key, and the triggers that sent new_alert after every insert and new_response when
-- response_text was first set. Column types not given there are the obvious ones (text/timestamptz);
-- like the original, raw and alert_hash allow NULL.

CREATE TYPE alert_state AS ENUM ('new', 'summarized', 'sent', 'failed', 'archived');

CREATE TABLE agents (
    id text PRIMARY KEY,
    name text,
    ip text,
    os text,
    registered timestamptz,
    last_seen timestamptz,
    agent_version text,
    register_ip text,
    node_name text,
    config_sum text,
    merged_sum text,
    group_config_status text,
    status_text text,
    status_code_api int,
    groups jsonb,
    disconnection_time timestamptz,
    manager_name text,
    api_response jsonb,
    api_fetch_timestamp timestamptz
);

CREATE TABLE alerts (
    id bigserial PRIMARY KEY,
    alert_hash text UNIQUE,
    agent_id text REFERENCES agents(id),
    rule_id int,
    rule_level int,
    rule_desc text,
    raw jsonb,
    ingest_timestamp timestamptz DEFAULT now(),
    state alert_state DEFAULT 'new',
    prompt_sent_at timestamptz,
    prompt_text text,
    response_received_at timestamptz,
    response_text text,
    prompt_tokens int,
    completion_tokens int,
    total_tokens int,
    alert_sent_at timestamptz,
    alert_text text,
    archived_at timestamptz
);

CREATE FUNCTION notify_new_alert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('new_alert', NEW.id::text);
    RETURN NEW;
END $$;

CREATE FUNCTION notify_new_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.response_text IS NOT NULL AND OLD.response_text IS NULL THEN
        PERFORM pg_notify('new_response', NEW.id::text);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER alerts_new_alert_trigger AFTER INSERT ON alerts
    FOR EACH ROW EXECUTE FUNCTION notify_new_alert();
CREATE TRIGGER alerts_new_response_trigger AFTER UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION notify_new_response();
