package dev.driftgate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.local.flink.FlinkClusterExtension;
import dev.driftgate.local.sim.LlmSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded evaluation submitted as a user would ({@code driftgate eval --cluster}: Flink's client,
 * the shaded job jar, a JobManager and a TaskManager in their own JVMs) gives the scores the
 * MiniCluster gives: exact for ROUGE-L and the judge, BERTScore within 1e-6. One simulator, faults
 * off, serves both runs, so the answers are the same.
 */
@Tag("cluster")
class ClusterEvalTest {
    private static final Path CONFIG = Path.of("../config").toAbsolutePath().normalize();
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";
    private static final LlmSimulator SIM = simulator();

    @RegisterExtension
    static final FlinkClusterExtension CLUSTER = new FlinkClusterExtension(1, spec -> spec.withSlots(2)
            .withEnvironment(Map.of("OPENAI_BASE_URL", SIM.baseUrl(), "OPENAI_API_KEY", "sim",
                    "DRIFTGATE_CONFIG_DIR", CONFIG.toString())));

    @TempDir
    Path dir;

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Test
    void theClusterRunScoresLikeTheMiniClusterRun() {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", SIM.baseUrl(), "OPENAI_API_KEY", "sim",
                "DRIFTGATE_HOME", dir.resolve("home").toString());
        Path mini = dir.resolve("mini");
        CliRun local = CliRun.execute(env, "eval", "--config", CONFIG.toString(), "--dataset", DATASET, "--limit", "10",
                "--no-cache", "--out", mini.toString());
        assertThat(local.code()).as(local.all()).isZero();

        Path onCluster = dir.resolve("cluster");
        long t0 = System.nanoTime();
        CliRun remote = CliRun.execute(env, "eval", "--cluster", CLUSTER.cluster().restAddress(), "--job-jar",
                ClusterTestJobJar.path().toString(), "--config", CONFIG.toString(), "--dataset", DATASET, "--limit", "10",
                "--parallelism", "2", "--out", onCluster.toString());
        System.out.printf("cluster eval (10 examples, submit to scores.json) ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(remote.code()).as(remote.all()).isZero();
        assertThat(remote.out()).contains("overall", "completed");

        List<ExampleResult> a = ScoresFile.read(mini.resolve("scores.json")).examples();
        EvalRun clusterRun = ScoresFile.read(onCluster.resolve("scores.json"));
        List<ExampleResult> b = clusterRun.examples();
        assertThat(b).hasSize(10).extracting(ExampleResult::id).isEqualTo(a.stream().map(ExampleResult::id).toList());
        for (int i = 0; i < a.size(); i++) {
            ExampleResult x = a.get(i);
            ExampleResult y = b.get(i);
            assertThat(y.failed()).as(y.id() + " " + y.failureReason()).isFalse();
            assertThat(y.response()).isEqualTo(x.response());
            assertThat(y.rougeL()).as(y.id()).isEqualTo(x.rougeL());
            // the verdict exactly, but for its wall-clock latency
            assertThat(y.judge()).as(y.id()).usingRecursiveComparison().ignoringFields("latencyMs").isEqualTo(x.judge());
            assertThat(y.bertscore().f1()).as(y.id()).isCloseTo(x.bertscore().f1(), within(1e-6));
            assertThat(y.composite()).as(y.id()).isCloseTo(x.composite(), within(1e-6));
        }
        assertThat(clusterRun.overall()).isCloseTo(ScoresFile.read(mini.resolve("scores.json")).overall(), within(1e-6));
    }

    private static LlmSimulator simulator() {
        LlmSimulator sim = LlmSimulator.fromConfig(CONFIG.resolve("simulator.yaml"), CONFIG.getParent()).start(0);
        sim.setFaultsEnabled(false);
        return sim;
    }
}
