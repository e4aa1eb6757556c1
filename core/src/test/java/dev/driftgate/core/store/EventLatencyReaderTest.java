package dev.driftgate.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLatencyReaderTest {

    @Test
    void readsEventToRowLatencyQuantilesOfTheModelsRows() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Migrations.apply(pg.getPostgresDatabase());
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                // 100 rows written 1..100 s after their events, and one of another model
                s.execute("""
                        INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, inserted_at)
                        SELECT 'e' || i, now() - make_interval(secs => i), i, 'reasoning', 'p', 'cand', now()
                        FROM generate_series(1, 100) AS i""");
                s.execute("""
                        INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, inserted_at)
                        VALUES ('x', now() - interval '1 hour', 0, 'reasoning', 'p', 'other', now())""");
            }
            EventLatencyReader reader = new EventLatencyReader(pg.getPostgresDatabase());
            EventLatencyReader.EventLatency latency = reader.since("cand", Instant.now().minusSeconds(600)).orElseThrow();
            assertThat(latency.rows()).isEqualTo(100);
            assertThat(latency.p50().toMillis()).isBetween(50_000L, 51_000L);
            assertThat(latency.p95().toMillis()).isBetween(95_000L, 96_000L);
            assertThat(latency.max()).isEqualTo(Duration.ofSeconds(100));
            assertThat(latency.describe()).contains("p95 95.1 s");
            assertThat(reader.since("nobody", Instant.now().minusSeconds(600))).isEmpty();
        }
    }
}
