package dev.driftgate.core.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The report's accounting against the migrated schema: each sampled event in exactly one place, also
 * when a replay after a restore scored an event that an earlier attempt shed or failed (V11's source
 * record on the row).
 */
class ShadowOutcomesTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @Test
    void aDeadLetterWhoseRecordWasScoredOnAReplayIsCountedOnceAsScored() throws Exception {
        pg.execute(
                eval("e0", 0, false, false), eval("e1", 1, false, false), eval("e2", 2, true, false),
                eval("e3", 3, false, true),
                // offsets 4-7: one attempt shed 4 and 5 and failed 6 at the candidate; a replay scored 4 and 6
                deadLetter(4, "shed"), deadLetter(5, "shed"), deadLetter(6, "candidate"), deadLetter(7, "parse"),
                eval("e4", 4, false, false), eval("e6", 6, false, false),
                // a judge failure's dead letter is counted from its row, never twice
                deadLetter(3, "judge"));
        ShadowOutcomes outcomes = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        assertThat(outcomes).isEqualTo(new ShadowOutcomes(4, 1, 0, 1, 1, 1, 2));
        assertThat(outcomes.accounted()).as("offsets 0-7").isEqualTo(8);
        assertThat(outcomes.render(8)).contains("sampled: 8 (all accounted for)")
                .contains("2 shed or failed once and scored on a replay after a restore: counted once, as scored");
    }

    private static String eval(String id, long offset, boolean late, boolean judgeFailed) {
        return "INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, late, "
                + "judge_failed, source_topic, source_partition, source_offset) VALUES ('" + id + "', now(), 1, "
                + "'reasoning', 'openai/prod', 'openai/cand', " + late + ", " + judgeFailed + ", 'requests', 0, "
                + offset + ")";
    }

    private static String deadLetter(long offset, String stage) {
        return "INSERT INTO shadow_dead_letters (source_topic, source_partition, source_offset, stage, reason, "
                + "dead_lettered_at) VALUES ('requests', 0, " + offset + ", '" + stage + "', 'r', now())";
    }
}
