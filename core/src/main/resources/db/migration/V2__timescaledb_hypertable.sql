-- Where the timescaledb extension is installed, shadow_evals becomes a hypertable on ts.
-- On plain PostgreSQL this is a no-op, so the schema stays portable.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('shadow_evals', 'ts', migrate_data => true, if_not_exists => true);
    END IF;
END
$$;
