package dev.driftgate.core.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.testing.TestDatabase;
import java.sql.Connection;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daily budget's input against the migrated schema (V10 cost_usd): today's rows by insertion time. */
class ShadowSpendTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @Test
    void sumsTheCostOfTheRowsInsertedSinceTheDayStartedWhateverTheirEventTime() throws Exception {
        Instant noon = Instant.parse("2026-03-10T12:00:00Z");
        Instant day = ShadowSpend.dayStart(noon.toEpochMilli());
        assertThat(day).isEqualTo(Instant.parse("2026-03-10T00:00:00Z"));
        pg.execute(
                row("spend-yesterday", "2026-03-09T10:00:00Z", "2026-03-09T23:59:59Z", "5.0"),
                // yesterday's event scored today is paid today
                row("spend-late", "2026-03-09T22:00:00Z", "2026-03-10T00:00:00Z", "0.25"),
                row("spend-today", "2026-03-10T11:00:00Z", "2026-03-10T11:00:01Z", "0.5"),
                // written before V10: no cost known, counted as 0
                row("spend-unknown", "2026-03-10T11:00:00Z", "2026-03-10T11:30:00Z", "NULL"));
        try (Connection c = pg.dataSource().getConnection()) {
            assertThat(ShadowSpend.since(c, day)).isCloseTo(0.75, within(1e-9));
            assertThat(ShadowSpend.since(c, Instant.parse("2026-03-11T00:00:00Z"))).isZero();
            assertThat(ShadowSpend.since(c, Instant.parse("2026-03-09T00:00:00Z"))).isCloseTo(5.75, within(1e-9));
        }
        assertThat(ShadowSpend.dayElapsed(noon.toEpochMilli())).isEqualTo(0.5);
        assertThat(ShadowSpend.dayElapsed(day.toEpochMilli())).isZero();
    }

    private static String row(String id, String ts, String insertedAt, String cost) {
        return "INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, inserted_at, "
                + "cost_usd) VALUES ('" + id + "', '" + ts + "', 1, 'reasoning', 'openai/prod', 'openai/cand', '"
                + insertedAt + "', " + cost + ")";
    }
}
