package dev.driftgate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.local.flink.ChildProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the cluster commands: one clear line on stderr, a non-zero exit, no child left running. */
class ClusterBadInputTest {
    private static final String CONFIG = "../config";
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";

    @TempDir
    Path dir;

    @AfterEach
    void noOrphans() {
        ChildProcesses.assertNoFlinkDescendants();
    }

    @Test
    void unreachableCluster() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "not really a jar");
        CliRun run = CliRun.of("eval", "--cluster", "127.0.0.1:1", "--job-jar", jar.toString(), "--config", CONFIG,
                "--dataset", DATASET, "--out", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("driftgate: Flink cluster unreachable: no JobManager REST endpoint "
                + "answers at http://127.0.0.1:1 (start one with: driftgate cluster start)");
    }

    @Test
    void missingJobJar() {
        CliRun run = CliRun.of("eval", "--cluster", "127.0.0.1:1", "--job-jar", dir.resolve("nope.jar").toString(),
                "--config", CONFIG, "--dataset", DATASET, "--out", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("job jar not found: " + dir.resolve("nope.jar").toAbsolutePath());
    }

    @Test
    void missingSavepoint() throws Exception {
        Path jar = Files.writeString(dir.resolve("job.jar"), "x");
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_HOME", dir.toString()), "stream", "--cluster", "127.0.0.1:1",
                "--job-jar", jar.toString(), "--config", CONFIG, "--bootstrap-servers", "127.0.0.1:9",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:9/x", "--from-savepoint", dir.resolve("sp-1").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("driftgate: savepoint not found: " + dir.resolve("sp-1"));
    }

    @Test
    void badClusterAddressAndClusterOnlyFlags() {
        CliRun bad = CliRun.of("eval", "--cluster", "localhost", "--config", CONFIG, "--dataset", DATASET,
                "--out", dir.toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("cluster address must be HOST:PORT");
        CliRun sim = CliRun.of("eval", "--cluster", "127.0.0.1:1", "--sim", "--config", CONFIG, "--dataset", DATASET,
                "--out", dir.toString());
        assertThat(sim.code()).isEqualTo(1);
        assertThat(sim.err()).contains("--sim, --tag, --no-cache/--cache-only and --mode are not available");
    }

    @Test
    void statusWithoutAClusterSaysSoAndExitsTwo() {
        CliRun run = CliRun.execute(Map.of("DRIFTGATE_HOME", dir.toString()), "cluster", "status");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).contains("no local flink cluster");
        CliRun stop = CliRun.execute(Map.of("DRIFTGATE_HOME", dir.toString()), "cluster", "stop");
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).contains("no local flink cluster running");
    }
}
