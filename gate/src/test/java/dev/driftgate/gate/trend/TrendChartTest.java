package dev.driftgate.gate.trend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.store.Migrations;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.QualityGate;
import dev.driftgate.gate.ScorecardRenderer;
import dev.driftgate.gate.TestRuns;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15: the scorecard's Mermaid trend of the last production runs and this candidate. */
class TrendChartTest {
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void chartHasOnlyNumbersAndSafeLabels() {
        String hostile = "r1\"]\n    line [9, 9]\n%%{init: {'theme':'dark'}}%% <script>";
        ScoreTrend trend = new ScoreTrend(List.of(new ScoreTrend.Point(hostile, T0, 0.8612),
                new ScoreTrend.Point("prod-2", T0.plusSeconds(60), Double.NaN),
                new ScoreTrend.Point("prod-3", T0.plusSeconds(120), 0.874)),
                new ScoreTrend.Point("ci-9", T0.plusSeconds(180), 0.79), "test");
        String chart = new TrendChart().render(trend, 0.80);
        assertThat(chart).isEqualTo("""
                ```mermaid
                xychart-beta
                    title "Overall score: last production runs and this candidate"
                    x-axis ["r1line99init", "prod-3", "candidate"]
                    y-axis "overall" 0.700 --> 0.950
                    line [0.861, 0.874, 0.790]
                    line [0.800, 0.800, 0.800]
                ```
                """);
    }

    @Test
    void withoutAStoreTheChartHasTheBaselineAndTheCandidate() {
        EvalRun base = TestRuns.uniform("prod-1", 0.9, 3).build();
        EvalRun cur = TestRuns.uniform("ci-1", 0.85, 3).build();
        String md = new ScorecardRenderer().render(new QualityGate(TestRuns.policy(false)).decide(cur, Baseline.of(base)));
        assertThat(md).contains("### Trend\n\n```mermaid\nxychart-beta\n")
                .contains("x-axis [\"prod-1\", \"candidate\"]")
                .contains("line [0.900, 0.850]")
                .contains("Overall score of 1 production run (the production baseline only (no run store))");
    }

    @Test
    void fromTheStoreTheLastProductionHistoryRunsOldestFirstWithoutPrRuns() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Migrations.apply(pg.getPostgresDatabase());
            JdbcRunStore store = new JdbcRunStore(pg.getPostgresDatabase());
            for (int i = 0; i < 12; i++) {
                store.saveRun(TestRuns.uniform("main-" + i, 0.80 + i / 100.0, 2).tags(Map.of("branch", "main"))
                        .startedAt(T0.plusSeconds(3600L * i)).build());
            }
            store.saveRun(TestRuns.uniform("pr-7", 0.5, 2).tags(Map.of("branch", "feature", "pr", "7"))
                    .startedAt(T0.plusSeconds(3600L * 20)).build());
            List<String> historyTags = new ConfigLoader().load(Path.of("../config")).scorer().tracking().alertHistory();
            List<ScoreTrend.Point> history = new OverallHistory(pg.getPostgresDatabase(), historyTags).lastRuns(10);
            assertThat(history).extracting(ScoreTrend.Point::runId).hasSize(10).first().isEqualTo("main-11");

            EvalRun base = TestRuns.uniform("main-11", 0.91, 2).startedAt(T0.plusSeconds(3600L * 11)).build();
            EvalRun cur = TestRuns.uniform("ci-new", 0.88, 2).build();
            ScoreTrend trend = ScoreTrend.fromHistory(history, base, cur, "run store");
            assertThat(trend.production()).extracting(ScoreTrend.Point::runId)
                    .containsExactly("main-2", "main-3", "main-4", "main-5", "main-6", "main-7", "main-8", "main-9",
                            "main-10", "main-11");
            String chart = new TrendChart().render(trend, 0.80);
            assertThat(chart).contains("line [0.820, 0.830, 0.840, 0.850, 0.860, 0.870, 0.880, 0.890, 0.900, 0.910, 0.880]");
        }
    }
}
