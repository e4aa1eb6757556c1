package dev.driftgate.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.report.GateDecision;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.GateDecisionStore;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.gate.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `driftgate report` from files and from the store; the browser test of the HTML is in gate (HtmlReportBrowserTest). */
class ReportCommandTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
    }


    @Test
    void fromScoresAndBaselineFilesWithTheGateVerdict() throws Exception {
        Path prod = write("prod.json", TestRuns.uniform("prod-1", 0.90, 5)
                .startedAt(Instant.parse("2026-11-01T00:00:00Z")).build());
        Path ci = write("ci.json", TestRuns.uniform("ci-<b>1</b>", 0.90, 5).category("safety", TestRuns.constant(0.70, 5))
                .startedAt(Instant.parse("2026-11-02T00:00:00Z")).build());
        Path out = dir.resolve("out/report.html");

        CliRun run = CliRun.execute(Map.of(), "report", "--config-dir", "../config", "--scores", ci.toString(),
                "--baseline", prod.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("report: " + out.toAbsolutePath(), "2 runs, 1 gate decisions");
        String html = Files.readString(out);
        assertThat(html).contains("\"run_id\":\"prod-1\"", "\"decision\":\"blocked\"", "safety")
                .doesNotContain("ci-<b>1</b>").contains("ci-\\u003cb\\u003e1");
    }

    @Test
    void fromTheStoreWithDecisions() throws Exception {
        new JdbcRunStore(pg.dataSource()).saveRun(TestRuns.uniform("stored-1", 0.88, 5).build());
        new GateDecisionStore(pg.dataSource()).record(
                new GateDecision("stored-1", null, "pass", List.of(), Instant.parse("2026-11-03T00:00:00Z")), null);
        Path out = dir.resolve("report.html");

        CliRun run = CliRun.execute(Map.of("DRIFTGATE_DB_URL", pg.jdbcUrl()),
                "report", "--config-dir", "../config", "--out", out.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Files.readString(out)).contains("\"run_id\":\"stored-1\"", "\"decision\":\"pass\"",
                "\"factual_qa\":0.88");
    }

    @Test
    void withNoStoreAndNoFilesSaysWhatToDo() {
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_HOME", dir.toString()), "report", "--config-dir", "../config",
                "--out", dir.resolve("r.html").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no run store yet");
    }

    private Path write(String name, EvalRun run) throws Exception {
        Path file = dir.resolve(name);
        Json.mapper().writeValue(file.toFile(), run);
        return file;
    }
}
