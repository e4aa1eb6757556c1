-- Content-addressed model response cache (owned by the llm branch).
-- cache_key = SHA-256 over provider, model, parameters, system prompt, prompt and cache scope (for
-- the judge: rubric version, mode, attempt). Raw prompts are not stored, only their hashes; the
-- answer text is, since replaying it is the point.
CREATE TABLE response_cache (
    cache_key             CHAR(64) PRIMARY KEY,
    provider              TEXT NOT NULL,
    model                 TEXT NOT NULL,
    key_fields            JSONB NOT NULL,
    response_text         TEXT NOT NULL,
    input_tokens          INTEGER NOT NULL,
    output_tokens         INTEGER NOT NULL,
    original_cost_usd     DOUBLE PRECISION NOT NULL,
    original_latency_ms   BIGINT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX response_cache_model_created ON response_cache (model, created_at);
