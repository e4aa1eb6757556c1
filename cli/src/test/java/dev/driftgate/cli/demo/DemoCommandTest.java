package dev.driftgate.cli.demo;

import dev.driftgate.cli.CliRun;
import dev.driftgate.cli.local.StoreDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftgate demo} end to end in process: the real eval, promote and gate commands against the
 * demo's own embedded PostgreSQL and the simulator; with shadow traffic, the real broker and gateway
 * (child JVMs) and the streaming job. Checks the verdicts, the files, that printed numbers match the
 * store, and that no child process outlives the demo.
 */
class DemoCommandTest {
    private static final Path GATEWAY_DIR = Path.of("../ingress-gateway");

    /** The demo's defaults (40 examples per eval): fewer examples per category make the gate's verdicts noisy. */
    private static CliRun demo(Path state, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("demo", "--config-dir", "../config",
                "--raw", "../data/raw/prompts.jsonl", "--state-dir", state.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void quickDemoBlocksTheDegradedModelAndPassesTheCandidate(@TempDir Path state) throws Exception {
        CliRun run = demo(state, "--quick");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        Path demo = state.resolve("demo");
        assertThat(run.out()).contains("[1/6] build the golden dataset", "[6/6] artifacts and next steps")
                .contains("promoted run ").contains("BLOCKED: run ").contains("PASS: run ")
                .contains("exit code 1 (blocked)").contains("exit code 0 (passed)")
                .contains("gate blocked openai/sim-degraded, passed openai/sim-candidate; shadow stage skipped (--quick)")
                .doesNotContain("shadow traffic:")
                .contains("   HTML report (open it in a browser): " + demo.resolve("report.html"));
        assertThat(Files.readString(demo.resolve("report.html"))).contains("\"model\":\"openai/sim-candidate\"")
                .contains("\"decision\":\"blocked\"");
        assertThat(Files.readAllBytes(demo.resolve("golden_dataset.jsonl")))
                .isEqualTo(Files.readAllBytes(Path.of("../data/eval/golden_dataset.jsonl")));

        EvalRun production = ScoresFile.read(demo.resolve("runs/1-production/scores.json"));
        EvalRun degraded = ScoresFile.read(demo.resolve("runs/2-degraded/scores.json"));
        EvalRun candidate = ScoresFile.read(demo.resolve("runs/3-candidate/scores.json"));
        assertThat(List.of(production.model(), degraded.model(), candidate.model()))
                .containsExactly("openai/sim-good", "openai/sim-degraded", "openai/sim-candidate");
        assertThat(production.examples()).hasSize(40);
        assertThat(production.tags()).containsEntry("env", "demo");
        // the printed summary is the run's own: its overall appears with the run id
        assertThat(run.out()).contains(production.runId()).contains(String.format("%.3f", degraded.overall()));
        assertThat(Files.readString(demo.resolve("runs/2-degraded/scorecard.md")))
                .contains("BLOCKED").contains(production.runId());
        assertThat(Files.readString(demo.resolve("runs/3-candidate/scorecard.md")))
                .contains("PASS").contains(production.runId());
        // without --keep the demo's database is gone afterwards; the artifacts stay
        assertThat(demo.resolve("pgdata")).doesNotExist();
        // the user's store (./.driftgate under the state dir) was never created
        assertThat(state.resolve("pgdata")).doesNotExist();
    }

    @Test
    void fullDemoSendsShadowTrafficAndReportsFromWhatTheJobScored(@TempDir Path state) throws Exception {
        assumeTrue(Files.isRegularFile(GATEWAY_DIR.resolve("target/classpath.txt")),
                "ingress-gateway is packaged before gate in `mvn verify`; not under `mvn test`");
        CliRun run = demo(state, "--keep", "--requests", "160", "--min-samples", "5",
                "--gateway-dir", GATEWAY_DIR.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[6/7] shadow traffic").contains("[7/7] artifacts")
                .contains("$ driftgate shadow report").contains("Decision: ").contains("in plain words:");
        Matcher sent = Pattern.compile("sent 160 /chat requests \\(160 distinct prompts\\): 160 answered 200 .*"
                + "the gateway sampled (\\d+) .*Kafka acknowledged (\\d+), dropped 0").matcher(run.out());
        assertThat(sent.find()).as(run.out()).isTrue();
        long sampled = Long.parseLong(sent.group(1));
        assertThat(sampled).isPositive().isLessThan(160);
        assertThat(Long.parseLong(sent.group(2))).isEqualTo(sampled);
        Matcher scored = Pattern.compile("(\\d+) of (\\d+) events scored").matcher(run.out());
        assertThat(scored.find()).isTrue();
        long scoredEvents = Long.parseLong(scored.group(1));
        assertThat(scoredEvents).isEqualTo(sampled);

        // --keep: the demo's store is still there and holds exactly what was printed
        Path demo = state.resolve("demo");
        assertThat(demo.resolve("pgdata")).exists();
        try (Database db = StoreDatabase.open(Environment.of(Map.of()), demo);
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM shadow_evals WHERE shadow_model = 'openai/sim-candidate'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(scoredEvents);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE tags->>'env' = 'production')"
                    + " FROM eval_runs")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getLong(2)).isEqualTo(1);
            }
        }
        assertThat(demo.resolve("gateway.log")).exists();
        // the broker and the gateway were child JVMs: none is left running
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains("GatewayApplication") || cmd.contains("kafka")).toList()).isEmpty();
    }
}
