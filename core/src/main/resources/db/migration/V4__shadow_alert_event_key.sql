-- Stream branch: the drift detector's alerts carry a key unique per (model, category, kind, window end),
-- so a replay after a restore from a checkpoint or savepoint upserts instead of inserting a duplicate.
-- Nullable: run alerts (source='runs') do not use it.
ALTER TABLE alerts ADD COLUMN event_key TEXT;
CREATE UNIQUE INDEX alerts_event_key ON alerts (event_key) WHERE event_key IS NOT NULL;
-- drift_windows is read by time range in dashboards
CREATE INDEX drift_windows_window_start ON drift_windows (window_start);
