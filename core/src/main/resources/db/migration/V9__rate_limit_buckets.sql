-- Token buckets shared by every client of a provider (all Flink subtasks, every JVM), so a
-- requests/tokens per minute limit holds at any parallelism (issue 16). One row per bucket, e.g.
-- 'openai@api.openai.com:requests'; updated with one upsert per call whose row lock serialises the
-- callers. available may go negative: a caller takes its share at once and waits until it refills.
-- V7 and V8 are reserved for other branches; Flyway needs outOfOrder for them once this is applied.
CREATE TABLE rate_limit_buckets (
    bucket             TEXT PRIMARY KEY,
    capacity           DOUBLE PRECISION NOT NULL,
    refill_per_second  DOUBLE PRECISION NOT NULL,
    available          DOUBLE PRECISION NOT NULL,
    refilled_at        TIMESTAMPTZ NOT NULL
);
