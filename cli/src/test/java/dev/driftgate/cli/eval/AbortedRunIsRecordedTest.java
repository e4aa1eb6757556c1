package dev.driftgate.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.store.Database;
import dev.driftgate.local.db.EmbeddedDatabase;
import dev.driftgate.local.sim.LlmSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 7: Ctrl-C during {@code eval} on the embedded store. The JVM runs every shutdown hook
 * at once, and the embedded server's own hook used to stop PostgreSQL while eval was still recording
 * the aborted run: scores.json said "aborted" but the run was not in the store. A real child JVM gets
 * SIGTERM (the same shutdown path as Ctrl-C) in the middle of a slow run.
 */
class AbortedRunIsRecordedTest {

    @Test
    void anInterruptedEvalIsInTheEmbeddedStoreAsAborted(@TempDir Path dir) throws Exception {
        Path repositoryRoot = Path.of("").toAbsolutePath().getParent();
        Path home = dir.resolve("home");
        Path out = dir.resolve("out");
        Path stderr = dir.resolve("stderr.txt");
        try (LlmSimulator sim = LlmSimulator.fromConfig(repositoryRoot.resolve("config/simulator.yaml"), repositoryRoot)
                .start(0)) {
            sim.setFaultsEnabled(false);
            sim.setLatencyOverrideMs(400L); // slow enough to be interrupted mid-run
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
                    "-cp", System.getProperty("java.class.path"),
                    DriftgateCli.class.getName(),
                    "eval", "--limit", "60", "--concurrency", "2", "--no-cache", "--out", out.toString()))
                    .directory(repositoryRoot.toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
            builder.environment().remove("DRIFTGATE_DB_URL");
            builder.environment().put("DRIFTGATE_HOME", home.toString());
            builder.environment().put("OPENAI_BASE_URL", sim.baseUrl());
            Process child = builder.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!Files.readString(stderr, StandardCharsets.UTF_8).contains("examples")
                        && System.nanoTime() < deadline && child.isAlive()) {
                    Thread.sleep(200);
                }
                assertThat(child.isAlive()).as("eval still running; stderr:%n%s",
                        Files.readString(stderr, StandardCharsets.UTF_8)).isTrue();
                Thread.sleep(3_000); // some examples finish, most do not
                child.destroy(); // SIGTERM: shutdown hooks run as on Ctrl-C
                assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("eval stopped").isTrue();
            } finally {
                child.destroyForcibly();
            }
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        EvalRun written = ScoresFile.read(out.resolve(ScoresFile.NAME));
        assertThat(written.status()).as(err).isEqualTo(EvalRun.Status.ABORTED);
        try (Database db = Database.connect(EmbeddedDatabase.start(home));
             Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM eval_runs WHERE run_id = ?")) {
            ps.setString(1, written.runId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("run %s in the embedded store; stderr:%n%s", written.runId(), err).isTrue();
                assertThat(rs.getString(1)).isEqualTo("aborted");
            }
        }
    }
}
