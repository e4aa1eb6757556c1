package dev.driftgate.cli.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.gate.noise.CalibrationFile;
import dev.driftgate.gate.noise.NoiseCalibration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftgate calibrate --runs R}: R evals of the same model on the simulator, then the calibration. */
class CalibrateCommandTest {
    private static final String CONFIG = "../config";
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";

    @TempDir
    Path dir;

    @Test
    void evaluatesTheModelRTimesWithTheCacheOffAndWritesTheMdePerCategory() {
        Path out = dir.resolve("calibration.json");
        CliRun run = CliRun.of("calibrate", "--runs", "2", "--sim", "--limit", "5", "--config-dir", CONFIG,
                "--dataset", DATASET, "--runs-dir", dir.resolve("runs").toString(), "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("run 1 of 2", "run 2 of 2").doesNotContain("response cache:");
        for (String r : new String[] {"run-1", "run-2"}) {
            EvalRun scores = ScoresFile.read(dir.resolve("runs").resolve(r).resolve("scores.json"));
            assertThat(scores.examples()).hasSize(5);
            assertThat(scores.tags()).containsEntry("purpose", "calibration").containsEntry("models", "simulated");
        }
        assertThat(Files.exists(out)).isTrue();
        NoiseCalibration c = CalibrationFile.read(out);
        assertThat(c.reruns()).isEqualTo(2);
        assertThat(c.model()).isEqualTo("openai/sim-good");
        assertThat(c.categories()).hasSize(5).allSatisfy((category, noise) -> {
            assertThat(noise.examples()).isEqualTo(1);
            assertThat(noise.mde()).isFinite().isGreaterThanOrEqualTo(noise.noiseFloor());
        });
        assertThat(run.out()).contains("calibration: " + out);
    }

    @Test
    void runsAndScoresAreExclusiveAndRunsNeedsTwo() {
        assertThat(CliRun.of("calibrate", "--runs", "1", "--sim", "--config-dir", CONFIG,
                "--out", dir.resolve("c.json").toString()).err()).contains("--runs must be >= 2");
        assertThat(CliRun.of("calibrate", "--runs", "2", "--scores", "a.json", "b.json", "--config-dir", CONFIG)
                .err()).contains("mutually exclusive");
        assertThat(CliRun.of("calibrate", "--scores", "a.json", "b.json", "--sim", "--config-dir", CONFIG).err())
                .contains("go with --runs");
        assertThat(Files.exists(dir.resolve("c.json"))).isFalse();
    }
}
