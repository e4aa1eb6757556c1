package dev.driftgate.cli.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.local.StoreDatabase;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShadowCommandTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            // 250 reasoning evals 1 minute apart within the last day, candidate 0.05 worse: blocked
            s.execute("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model,"
                    + " prod_score, shadow_score, delta) SELECT 'e' || g, now() - g * interval '1 minute', g,"
                    + " 'reasoning', 'prod', 'cand-x', 0.9, 0.85, -0.05 FROM generate_series(1, 250) g");
        }
    }


    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = DriftgateCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void reportBlocksACandidateThatIsWorseAndSaysWhy() {
        Run r = run("shadow", "report", "--config", "../config", "--jdbc-url", pg.jdbcUrl(),
                "--model", "cand-x", "--since", "24h");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(r.out()).contains("reasoning").contains("250").contains("0/0/250")
                // promotion.method confidence_sequence: every delta is -0.05, so the interval is [-0.05, -0.05]
                .contains("Decision: BLOCK - blocked by reasoning: always-valid 95.0% interval upper bound -0.0500 "
                        + "is below the allowed drop -0.0200");
        assertThat(r.out()).contains("Accounting, all candidates: sampled: unknown (give --bootstrap-servers")
                .contains("scored 250, late 0, failed: candidate 0, judge 0, dead-lettered 0, shed 0 = 250");
        assertThat(r.out()).contains("event-to-row latency over 250 rows: p50");
    }

    @Test
    void reportWithTooLittleDataIsUndecided() {
        Run r = run("shadow", "report", "--config", "../config", "--jdbc-url", pg.jdbcUrl(),
                "--model", "cand-x", "--since", "60m");
        assertThat(r.code()).isEqualTo(ExitCodes.UNDECIDED);
        assertThat(r.out()).contains("fewer than min_samples 200");
    }

    @Test
    void reportOnAMissingStoreUnderDriftgateHomeSaysSoInOneLine(@TempDir Path home) {
        CliRun r = CliRun.execute(Map.of(Environment.HOME, home.toString()), "shadow", "report", "--config-dir",
                "../config");
        assertThat(r.code()).isEqualTo(ExitCodes.UNDECIDED);
        assertThat(r.out().lines()).containsExactly("no shadow store under " + home
                + " (run `driftgate stream --local` first, or set DRIFTGATE_DB_URL)");
        assertThat(home.resolve("pgdata")).doesNotExist();
    }

    @Test
    void reportOnAnEmptyStoreSaysSoInOneLine() {
        CliRun r = CliRun.execute(Map.of(), "shadow", "report", "--config-dir", "../config", "--jdbc-url",
                pg.jdbcUrl(), "--model", "cand-nobody", "--since", "24h");
        assertThat(r.code()).isEqualTo(ExitCodes.UNDECIDED);
        assertThat(r.out().lines().findFirst()).get().asString().startsWith("no shadow evals for cand-nobody since ")
                .contains(" in ");
        // the period's outcomes over every candidate (cand-x's rows) still show what happened to the sample
        assertThat(r.out()).contains("Accounting, all candidates: sampled: unknown").contains("scored 250, late 0");
    }

    @Test
    void reportReadsTheEmbeddedStoreUnderDriftgateHome(@TempDir Path home) throws Exception {
        try (Database db = StoreDatabase.open(Environment.of(Map.of()), home)) {
            // the store `stream --local` leaves under DRIFTGATE_HOME, with nothing scored yet
        }
        CliRun r = CliRun.execute(Map.of(Environment.HOME, home.toString()), "shadow", "report", "--config-dir",
                "../config", "--model", "cand-nobody");
        assertThat(r.code()).isEqualTo(ExitCodes.UNDECIDED);
        assertThat(r.out().lines()).singleElement().asString().startsWith("no shadow evals for cand-nobody")
                .contains(home.resolve("pgdata").toAbsolutePath().toString());
    }

    @Test
    void badSinceIsInvalidInput() {
        Run r = run("shadow", "report", "--since", "yesterday", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(r.err()).contains("'yesterday' is not a positive duration like 30m, 24h or 7d");
    }

    @Test
    void streamLocalRunsBrokerDatabaseSimulatorAndJobEndToEnd() throws Exception {
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), "stream-local");
        Run r = run("stream", "--local", "--config", "../config", "--state-dir", state.toString(), "--rate", "20",
                "--for", "PT40S");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("LLM simulator at http://127.0.0.1:").contains("shadow-scoring job");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("shadow_evals: (\\d+) rows").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("rows scored through the simulator in 40 s").isGreaterThan(20);
    }

    @Test
    void streamWithoutKafkaOrDatabaseSaysWhatIsMissing() {
        Run r = run("stream", "--config", "../config", "--bootstrap-servers", "127.0.0.1:1");
        if (System.getenv("DRIFTGATE_DB_URL") == null) {
            assertThat(r.code()).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
            assertThat(r.err()).contains("pass --local, or --bootstrap-servers and --jdbc-url");
        }
        Run noComponents = run("stream", "--config", "../config", "--bootstrap-servers", "127.0.0.1:1",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--components", "no.such.Components");
        assertThat(noComponents.code()).isEqualTo(ExitCodes.UNDECIDED);
        assertThat(noComponents.err()).contains("scoring components class no.such.Components is not on the classpath");
    }
}
