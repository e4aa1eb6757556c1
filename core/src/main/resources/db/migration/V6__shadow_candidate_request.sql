-- Issue 12 (V6, not V5: V5 is taken by run params on another branch). What the candidate was sent,
-- with every row: request_schema 2 = production's request replayed (messages + sampling params),
-- 1 = the prompt alone (a schema-1 event); candidate_overrides = the shadow_config.yaml overrides
-- applied ({} = none), so no comparison hides a changed system prompt or parameter.
ALTER TABLE shadow_evals ADD COLUMN candidate_overrides JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE shadow_evals ADD COLUMN request_schema SMALLINT NOT NULL DEFAULT 1;
