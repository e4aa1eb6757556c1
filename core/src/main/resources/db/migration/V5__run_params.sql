-- Every parameter that shaped a run's scores (rubric version and hash, temperatures, weights, thresholds,
-- BERTScore/ROUGE options, --limit, --sim, endpoint host, model_version.yaml fields, git sha/branch/PR),
-- flat key -> value. Never credentials. Runs recorded before V5 have '{}'.
ALTER TABLE eval_runs ADD COLUMN params JSONB NOT NULL DEFAULT '{}'::jsonb;
