-- Agreement of the LLM judge with human labels (driftgate judge agreement), per judge model, rubric
-- version and rubric dimension, so its trend can be drawn. kappa is Cohen's kappa: quadratic-weighted
-- for ordinal rubric scores, unweighted for pairwise preferences; ci_low/ci_high a bootstrap 95% interval.
-- V5-V7 belong to other branches; this one only adds a table.
CREATE TABLE judge_agreement (
    id              BIGSERIAL PRIMARY KEY,
    measured_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    judge_model     TEXT NOT NULL,
    rubric_version  TEXT NOT NULL,
    dimension       TEXT NOT NULL,
    weighting       TEXT NOT NULL CHECK (weighting IN ('quadratic', 'unweighted')),
    n               INTEGER NOT NULL,
    kappa           DOUBLE PRECISION,
    ci_low          DOUBLE PRECISION,
    ci_high         DOUBLE PRECISION,
    labels_sha256   CHAR(64) NOT NULL
);
CREATE INDEX judge_agreement_model_time ON judge_agreement (judge_model, rubric_version, measured_at);
