package dev.driftgate.cli.bench.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.local.sim.VerdictNoise;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bench's judge samples behave like judge.samples: the mean of k verdicts has 1/sqrt(k) of the noise. */
class SyntheticRunsTest {
    private static final ScorerConfig SCORER = new ConfigLoader().load(Path.of("../config")).scorer();
    private static final List<String> CATEGORIES = List.of("a", "b", "c", "d");

    @Test
    void fourJudgeSamplesHalveTheVerdictNoise() {
        double one = verdictNoiseSd(1);
        double four = verdictNoiseSd(4);
        assertThat(one).as("sd of one verdict around the true quality").isBetween(0.12, 0.16);
        assertThat(four / one).as("sd with 4 samples / with 1 (1/sqrt(4) = 0.5)").isBetween(0.42, 0.58);
    }

    @Test
    void fewerThanOneSampleIsRefused() {
        assertThatThrownBy(() -> new SyntheticRuns(CATEGORIES, 4, SCORER, new VerdictNoise(0.15), 0, 1))
                .hasMessageContaining("judge samples must be >= 1, got 0");
    }

    /** The judge verdict's sd around the true quality (which BERTScore carries exactly) over 10 reruns. */
    private static double verdictNoiseSd(int samples) {
        SyntheticRuns runs = new SyntheticRuns(CATEGORIES, 100, SCORER, new VerdictNoise(0.15), samples, 7);
        SplittableRandom r = new SplittableRandom(11);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int rerun = 0; rerun < 10; rerun++) {
            EvalRun run = runs.run("r" + rerun, r, null, 0);
            for (ExampleResult e : run.examples()) {
                double error = e.judge().overall() - e.bertscore().f1();
                sum += error;
                sumSq += error * error;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(sumSq / n - mean * mean);
    }
}
