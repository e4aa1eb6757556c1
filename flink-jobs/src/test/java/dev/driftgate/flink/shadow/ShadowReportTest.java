package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShadowReportTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @BeforeAll
    static void start() throws Exception {
    }


    @BeforeEach
    void clean() throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE shadow_evals");
        }
    }

    private static void insert(String model, String category, int count, double prod, double... deltas)
            throws Exception {
        try (Connection c = pg.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category,"
                     + " prod_model, shadow_model, prod_score, shadow_score, delta, judge_failed)"
                     + " VALUES (?, ?, 0, ?, 'prod', ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                double d = deltas[i % deltas.length];
                ps.setString(1, model + category + i + "-" + Math.random());
                ps.setTimestamp(2, Timestamp.from(NOW.minus(i % 600, ChronoUnit.MINUTES)));
                ps.setString(3, category);
                ps.setString(4, model);
                boolean failed = Double.isNaN(d);
                if (failed) {
                    ps.setNull(5, java.sql.Types.DOUBLE);
                    ps.setNull(6, java.sql.Types.DOUBLE);
                    ps.setNull(7, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(5, prod);
                    ps.setDouble(6, prod + d);
                    ps.setDouble(7, d);
                }
                ps.setBoolean(8, failed);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static ShadowReport report(int minSamples, boolean requireCi) {
        return new ShadowReport(pg.dataSource(), new ShadowConfig.Promotion(minSamples, 0.02, requireCi));
    }

    @Test
    void statisticsMatchHandComputedValues() throws Exception {
        // deltas +0.1, 0, -0.1, NaN (judge failure), repeated: mean 0, sample sd of {0.1,0,-0.1} x k
        insert("cand", "reasoning", 400, 0.8, 0.1, 0.0, -0.1, Double.NaN);
        ShadowReport.Report r = report(200, true).build("cand", NOW.minus(24, ChronoUnit.HOURS));
        ShadowReport.CategoryLine l = r.categories().get(0);
        assertThat(l.n()).isEqualTo(400);
        assertThat(l.scored()).isEqualTo(300);
        assertThat(l.meanDelta()).isCloseTo(0.0, within(1e-9));
        double sd = Math.sqrt(100 * 0.02 / 299.0); // sum of squares 100*(0.01+0+0.01) over n-1
        assertThat(l.ciLow()).isCloseTo(-1.959964 * sd / Math.sqrt(300), within(1e-9));
        assertThat(l.wins()).isEqualTo(100);
        assertThat(l.ties()).isEqualTo(100);
        assertThat(l.losses()).isEqualTo(100);
        assertThat(l.judgeFailureRate()).isEqualTo(0.25);
        // CI lower bound -0.0093 clears -0.02
        assertThat(l.decision()).isEqualTo(ShadowReport.Decision.PROMOTE);
        assertThat(r.decision()).isEqualTo(ShadowReport.Decision.PROMOTE);
        assertThat(ShadowReport.render(r)).contains("reasoning").contains("100/100/100").contains("Decision: PROMOTE");
    }

    @Test
    void aWideIntervalBlocksOnlyWhenTheCiMustClear() throws Exception {
        // mean -0.01 (inside the allowed drop) but noisy: the CI lower bound is below -0.02
        insert("cand", "safety", 200, 0.7, 0.29, -0.31);
        ShadowReport.Report strict = report(200, true).build("cand", NOW.minus(24, ChronoUnit.HOURS));
        assertThat(strict.decision()).isEqualTo(ShadowReport.Decision.BLOCK);
        assertThat(strict.reason()).contains("safety: 95% CI lower bound").contains("does not clear the allowed drop -0.0200");
        ShadowReport.Report lenient = report(200, false).build("cand", NOW.minus(24, ChronoUnit.HOURS));
        assertThat(lenient.decision()).isEqualTo(ShadowReport.Decision.PROMOTE);
    }

    @Test
    void aMeanDropBlocksAndTooFewSamplesIsUndecided() throws Exception {
        insert("cand", "factual_qa", 250, 0.9, -0.05);
        insert("cand", "summarization", 50, 0.9, 0.05);
        ShadowReport.Report r = report(200, true).build("cand", NOW.minus(24, ChronoUnit.HOURS));
        assertThat(r.decision()).isEqualTo(ShadowReport.Decision.BLOCK);
        assertThat(r.reason()).isEqualTo("blocked by factual_qa: mean delta -0.0500 is worse than the allowed drop -0.0200");
        assertThat(r.categories()).extracting(ShadowReport.CategoryLine::decision)
                .containsExactly(ShadowReport.Decision.BLOCK, ShadowReport.Decision.UNDECIDED);
        assertThat(r.categories().get(1).reason()).isEqualTo("50 scored samples, fewer than min_samples 200");
    }

    @Test
    void sinceAndModelFilterAndNoDataIsUndecided() throws Exception {
        insert("cand", "reasoning", 300, 0.8, 0.0); // one row per minute over the last 5 hours
        ShadowReport.Report lastHour = report(10, true).build("cand", NOW.minus(1, ChronoUnit.HOURS));
        assertThat(lastHour.categories().get(0).n()).isEqualTo(61); // rows i = 0..299 sit i minutes ago: 0..60 are in the last hour
        assertThat(report(10, true).build("other", NOW.minus(24, ChronoUnit.HOURS)).decision())
                .isEqualTo(ShadowReport.Decision.UNDECIDED);
    }
}
