-- Eos schema 6: LLM triage. The stage `llm` (agent_enriched -> summarized, NOTIFY new_response) fills
-- the older pipeline's columns (prompt_sent_at, prompt_text, response_received_at, response_text,
-- prompt_tokens, completion_tokens, total_tokens) and these. Runs inside the migrator's transaction;
-- every statement is safe to run again.

ALTER TABLE alerts
    ADD COLUMN IF NOT EXISTS llm_risk text,          -- low/medium/high/critical after the rule-level floor
    ADD COLUMN IF NOT EXISTS llm_model_risk text,    -- as the model rated it (NULL: no usable rating)
    ADD COLUMN IF NOT EXISTS llm_summary text,
    ADD COLUMN IF NOT EXISTS llm_answer jsonb,       -- the validated, normalised answer the console renders
    ADD COLUMN IF NOT EXISTS llm_valid boolean,      -- false: free text, flagged (llm_answer->>'error' says why)
    ADD COLUMN IF NOT EXISTS llm_provider text,      -- azure, openai
    ADD COLUMN IF NOT EXISTS llm_model text,
    ADD COLUMN IF NOT EXISTS llm_preset text,        -- structured, long, short or the prompt file
    ADD COLUMN IF NOT EXISTS llm_latency_ms int,
    ADD COLUMN IF NOT EXISTS llm_cache_key text,     -- same rule, agent and key fields: same key
    ADD COLUMN IF NOT EXISTS llm_cached boolean,     -- the answer was reused from an earlier alert
    ADD COLUMN IF NOT EXISTS llm_redactions int;     -- secrets removed from what was sent

-- the cache: the latest answer for a key
CREATE INDEX IF NOT EXISTS alerts_llm_cache_idx ON alerts (llm_cache_key, response_received_at DESC)
    WHERE llm_cache_key IS NOT NULL;
-- the AI Summaries view: newest summaries first
CREATE INDEX IF NOT EXISTS alerts_llm_received_idx ON alerts (response_received_at DESC)
    WHERE response_received_at IS NOT NULL;

-- Tokens spent per day (UTC) and model, by every daemon: the daily budget and the console's chart.
-- Written when an answer arrives (tokens spent are spent, whatever becomes of the alert).
CREATE TABLE IF NOT EXISTS llm_usage (
    day date NOT NULL,
    model text NOT NULL,
    requests int NOT NULL DEFAULT 0,
    prompt_tokens bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    total_tokens bigint NOT NULL DEFAULT 0,
    cache_hits int NOT NULL DEFAULT 0,
    PRIMARY KEY (day, model)
);

-- Regeneration asked for from the console (another preset for one alert). A daemon running the LLM
-- stage takes the request, stores the new answer on the alert (its state is left alone: an alert that
-- was already sent is not sent again) and sends NOTIFY new_response.
CREATE TABLE IF NOT EXISTS llm_requests (
    id bigserial PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    preset text NOT NULL,
    requested_by text,
    requested_at timestamptz NOT NULL DEFAULT now(),
    claimed_by text,
    claimed_until timestamptz,
    done_at timestamptz,
    error text
);
CREATE INDEX IF NOT EXISTS llm_requests_open_idx ON llm_requests (id) WHERE done_at IS NULL;
