-- V7: the quality gate's decisions, and a read-only role for Grafana.

-- One row per `driftgate gate` run, with why. No foreign key to eval_runs: the gate judges a scores.json
-- whose run may never have been saved to this store (a CI eval without DRIFTGATE_DB_URL), and a
-- decision must still be recorded.
CREATE TABLE gate_decisions (
    id              BIGSERIAL PRIMARY KEY,
    run_id          TEXT NOT NULL,
    baseline_run_id TEXT,                       -- NULL: no production baseline, absolute thresholds only
    decision        TEXT NOT NULL CHECK (decision IN ('pass', 'blocked')),
    reasons         JSONB NOT NULL DEFAULT '[]'::jsonb,   -- blocking reasons, then the baseline's absence
    scorecard       TEXT,                       -- where the Markdown scorecard went (path or URL)
    decided_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX gate_decisions_decided_at ON gate_decisions (decided_at DESC);
CREATE INDEX gate_decisions_run ON gate_decisions (run_id, decided_at DESC);

-- driftgate_grafana: SELECT on every table, now and later (default privileges of the migrating user).
-- Created here only when absent, and only when the migrating user may create roles: a managed database
-- or a deployment that creates the role itself (docker-compose's TimescaleDB init script, with a
-- password) must not fail the migration. Created here it has LOGIN and no password: it can connect only
-- where pg_hba trusts local connections (the embedded store), never with a guessable password.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'driftgate_grafana') THEN
        BEGIN
            CREATE ROLE driftgate_grafana LOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'role driftgate_grafana not created (%): create it and grant SELECT yourself', SQLERRM;
            RETURN;
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO driftgate_grafana', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO driftgate_grafana', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO driftgate_grafana', current_schema());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'grants to driftgate_grafana skipped (%)', SQLERRM;
END
$$;
