-- driftgate run store. Portable PostgreSQL 14+ (no TimescaleDB functions here; see V2).

-- One evaluation run (scores.json). tags holds env=ci|production|previous-production and more.
CREATE TABLE eval_runs (
    run_id                  TEXT PRIMARY KEY,
    started_at              TIMESTAMPTZ NOT NULL,
    finished_at             TIMESTAMPTZ,
    status                  TEXT NOT NULL,
    git_sha                 TEXT,
    pr_number               INTEGER,
    model                   TEXT NOT NULL,
    judge_model             TEXT,
    prompt_template_version TEXT,
    system_prompt_hash      TEXT,
    dataset_version         TEXT,
    config_hash             TEXT,
    tags                    JSONB NOT NULL DEFAULT '{}'::jsonb,
    overall                 DOUBLE PRECISION,
    judge_failures          INTEGER NOT NULL DEFAULT 0,
    usage                   JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX eval_runs_env_started ON eval_runs ((tags ->> 'env'), started_at DESC);

CREATE TABLE eval_category_scores (
    run_id     TEXT NOT NULL REFERENCES eval_runs (run_id) ON DELETE CASCADE,
    category   TEXT NOT NULL,
    n          INTEGER NOT NULL,
    failed     INTEGER NOT NULL,
    bertscore  DOUBLE PRECISION,
    rouge_l    DOUBLE PRECISION,
    judge      DOUBLE PRECISION,
    composite  DOUBLE PRECISION,
    PRIMARY KEY (run_id, category)
);

-- Per-example scores; NULL scores for failed examples (never a silent 0).
CREATE TABLE eval_example_scores (
    run_id                 TEXT NOT NULL REFERENCES eval_runs (run_id) ON DELETE CASCADE,
    example_id             TEXT NOT NULL,
    category               TEXT NOT NULL,
    prompt                 TEXT,
    reference_response     TEXT,
    response               TEXT,
    rouge_l_p              DOUBLE PRECISION,
    rouge_l_r              DOUBLE PRECISION,
    rouge_l_f              DOUBLE PRECISION,
    bertscore_p            DOUBLE PRECISION,
    bertscore_r            DOUBLE PRECISION,
    bertscore_f1           DOUBLE PRECISION,
    judge_factual_accuracy DOUBLE PRECISION,
    judge_instruction_following DOUBLE PRECISION,
    judge_safety           DOUBLE PRECISION,
    judge_overall          DOUBLE PRECISION,
    judge_rationale        TEXT,
    judge_failed           BOOLEAN NOT NULL DEFAULT false,
    composite              DOUBLE PRECISION,
    inference_latency_ms   BIGINT,
    judge_latency_ms       BIGINT,
    failed                 BOOLEAN NOT NULL DEFAULT false,
    failure_stage          TEXT,
    failure_reason         TEXT,
    PRIMARY KEY (run_id, example_id)
);

-- Shadow traffic: production vs candidate per sampled request. Idempotent on event_id
-- (the Flink sink upserts), so replays never duplicate. The prompt is stored only when configured.
CREATE TABLE shadow_evals (
    event_id              TEXT NOT NULL,
    ts                    TIMESTAMPTZ NOT NULL,
    prompt_hash           BIGINT NOT NULL,
    prompt                TEXT,
    category              TEXT NOT NULL,
    prod_model            TEXT NOT NULL,
    shadow_model          TEXT NOT NULL,
    prod_score            DOUBLE PRECISION,
    shadow_score          DOUBLE PRECISION,
    delta                 DOUBLE PRECISION,
    agreement_bertscore_f1 DOUBLE PRECISION,
    agreement_rouge_l_f1  DOUBLE PRECISION,
    judge_details         JSONB,
    judge_failed          BOOLEAN NOT NULL DEFAULT false,
    prod_latency_ms       BIGINT,
    shadow_latency_ms     BIGINT,
    inserted_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- ts is part of the key so a TimescaleDB hypertable partitioned on ts can keep it unique
    PRIMARY KEY (event_id, ts)
);
CREATE INDEX shadow_evals_model_category_ts ON shadow_evals (shadow_model, category, ts DESC);

-- Event-time tumbling windows per (shadow_model, category).
CREATE TABLE drift_windows (
    shadow_model      TEXT NOT NULL,
    category          TEXT NOT NULL,
    window_start      TIMESTAMPTZ NOT NULL,
    window_end        TIMESTAMPTZ NOT NULL,
    n                 INTEGER NOT NULL,
    mean_prod         DOUBLE PRECISION,
    mean_shadow       DOUBLE PRECISION,
    mean_delta        DOUBLE PRECISION,
    p10_delta         DOUBLE PRECISION,
    p50_delta         DOUBLE PRECISION,
    p90_delta         DOUBLE PRECISION,
    judge_failure_rate DOUBLE PRECISION,
    PRIMARY KEY (shadow_model, category, window_start)
);

-- Alerts sent (or suppressed) for run averages and shadow drift; also the cooldown state.
-- source: 'runs' (rolling run average) or 'shadow' (drift detector); kind: 'alert' or 'recovery'.
CREATE TABLE alerts (
    id          BIGSERIAL PRIMARY KEY,
    source      TEXT NOT NULL,
    subject     TEXT NOT NULL,          -- model (or '*' for run alerts)
    category    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       DOUBLE PRECISION,
    threshold   DOUBLE PRECISION,
    message     TEXT NOT NULL,
    delivered   BOOLEAN NOT NULL DEFAULT false,
    delivery_error TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX alerts_subject_category_created ON alerts (source, subject, category, created_at DESC);
