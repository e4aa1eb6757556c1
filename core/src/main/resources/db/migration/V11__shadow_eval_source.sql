-- The Kafka record each eval came from (issue 16). An event replayed after a restore (at least once)
-- can be shed or fail at the candidate on one attempt and be scored on the next: its dead letter and
-- its row then share the source record, so `shadow report` counts it once, as scored. Nullable: rows
-- written before this migration have no source.
ALTER TABLE shadow_evals ADD COLUMN source_topic TEXT;
ALTER TABLE shadow_evals ADD COLUMN source_partition INTEGER;
ALTER TABLE shadow_evals ADD COLUMN source_offset BIGINT;
CREATE INDEX shadow_evals_source ON shadow_evals (source_topic, source_partition, source_offset);
