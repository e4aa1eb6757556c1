-- Issue 12 (V6, not V5: V5 is taken by run params on another branch). What the candidate was sent,
-- with every row: request_schema 2 = production's request replayed (messages + sampling params),
-- 1 = the prompt alone (a schema-1 event); candidate_overrides = the shadow_config.yaml overrides
-- applied ({} = none), so no comparison hides a changed system prompt or parameter.
ALTER TABLE shadow_evals ADD COLUMN candidate_overrides JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE shadow_evals ADD COLUMN request_schema SMALLINT NOT NULL DEFAULT 1;

-- Accounting: every sampled event ends in exactly one place. An event whose window had already
-- fired (later than the out-of-orderness bound) is still scored and written, flagged late, and kept
-- out of drift_windows (the window would drop it anyway); `shadow report` counts it as late.
ALTER TABLE shadow_evals ADD COLUMN late BOOLEAN NOT NULL DEFAULT false;

-- Every dead letter also lands here (the DLQ topic keeps the payload; this keeps the count and the
-- reason, queryable by the report). Keyed by the source record: a replay upserts, never duplicates.
-- stage: parse (could not be read), candidate (inference failed after retries), judge (the row is in
-- shadow_evals with judge_failed; counted there).
CREATE TABLE shadow_dead_letters (
    source_topic     TEXT        NOT NULL,
    source_partition INTEGER     NOT NULL,
    source_offset    BIGINT      NOT NULL,
    stage            TEXT        NOT NULL,
    reason           TEXT        NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX shadow_dead_letters_at ON shadow_dead_letters (dead_lettered_at);
