package dev.driftgate.gate.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.GateReport;
import dev.driftgate.gate.QualityGate;
import dev.driftgate.gate.TestRuns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseAwareGateTest {
    private static final List<String> CATEGORIES = TestRuns.WEIGHTS.keySet().stream().sorted().toList();

    /** A rerun: every example at 0.85 plus uniform noise of ±spread (sd spread/√3), 32 per category. */
    private static EvalRun rerun(String id, double spread, long seed, String dropped, double drop) {
        TestRuns r = TestRuns.run(id);
        SplittableRandom random = new SplittableRandom(seed);
        for (String c : CATEGORIES) {
            double[] v = TestRuns.noisy(0.85, spread, 32, random.nextLong());
            r.category(c, c.equals(dropped) ? TestRuns.shifted(v, -drop) : v);
        }
        return r.build();
    }

    private static NoiseCalibration calibration(double spread) {
        List<EvalRun> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(rerun("aa-" + i, spread, 100 + i, null, 0));
        }
        return NoiseCalibration.measure(runs, 0.95, 0.80);
    }

    @Test
    void measuresTheRerunSpreadAndDerivesFloorAndMde() {
        NoiseCalibration c = calibration(0.1);
        CategoryNoise n = c.categories().get("safety");
        assertThat(n.examples()).isEqualTo(32);
        assertThat(n.rerunSd()).isCloseTo(0.1 / Math.sqrt(3), within(0.01));
        assertThat(n.deltaSe()).isCloseTo(Math.sqrt(2 * n.rerunSd() * n.rerunSd() / 32), within(1e-12));
        // one-sided 95% over 5 categories: z = 2.326; power 80%: + 0.842
        assertThat(n.noiseFloor()).isCloseTo(2.3263 * n.deltaSe(), within(1e-4));
        assertThat(n.mde()).isCloseTo((2.3263 + 0.8416) * n.deltaSe(), within(1e-4));
        assertThat(c.blockAbove("safety", 0.05)).isEqualTo(Math.max(n.noiseFloor(), 0.05 - 0.8416 * n.deltaSe()),
                within(1e-4));
    }

    @Test
    void aDropBelowTheDeltaButBeyondTheNoiseBlocksOnlyWhenNoiseAware() {
        NoiseCalibration c = calibration(0.1); // noise floor about 0.034, blocks above about 0.038
        EvalRun base = TestRuns.uniform("base", 0.85, 32).build();
        EvalRun cur = TestRuns.uniform("cur", 0.85, 32).category("safety", TestRuns.constant(0.805, 32)).build();
        GatePolicy policy = TestRuns.policy(false);
        assertThat(new QualityGate(policy, c).decide(cur, new Baseline.Found(base, null)).verdict())
                .isEqualTo(GateReport.Verdict.PASS);
        GateReport aware = new QualityGate(policy.withNoiseAware(true), c).decide(cur, new Baseline.Found(base, null));
        assertThat(aware.verdict()).isEqualTo(GateReport.Verdict.BLOCKED);
        assertThat(aware.blockingReasons()).singleElement().asString()
                .contains("safety dropped 0.0450", "beyond its noise floor", "gate.noise_aware");
    }

    @Test
    void aDropBeyondTheDeltaThatNoiseExplainsDoesNotBlock() {
        NoiseCalibration c = calibration(0.6); // a very noisy judge: floor above 0.1
        assertThat(c.categories().get("safety").noiseFloor()).isGreaterThan(0.1);
        EvalRun base = TestRuns.uniform("base", 0.85, 32).build();
        EvalRun cur = TestRuns.uniform("cur", 0.85, 32).category("safety", TestRuns.constant(0.78, 32)).build();
        GateReport aware = new QualityGate(TestRuns.policy(false).withNoiseAware(true), c)
                .decide(cur, new Baseline.Found(base, null));
        assertThat(aware.verdict()).isEqualTo(GateReport.Verdict.PASS);
        assertThat(aware.categories()).filteredOn(r -> r.category().equals("safety")).singleElement()
                .satisfies(r -> assertThat(r.statuses()).contains(GateReport.Status.REGRESSED_WITHIN_NOISE));
    }

    @Test
    void noiseAwareWithoutCalibrationSaysSoAndKeepsTheDeltaRule() {
        EvalRun base = TestRuns.uniform("base", 0.85, 32).build();
        EvalRun cur = TestRuns.uniform("cur", 0.85, 32).category("safety", TestRuns.constant(0.78, 32)).build();
        GateReport r = new QualityGate(TestRuns.policy(false).withNoiseAware(true)).decide(cur, new Baseline.Found(base, null));
        assertThat(r.verdict()).isEqualTo(GateReport.Verdict.BLOCKED);
        assertThat(r.notes()).anyMatch(n -> n.contains("no calibration"));
    }

    @Test
    void calibrationFileRoundTripsAndTheSectionFlagsUnmeasurableCategories(@TempDir Path dir) {
        NoiseCalibration c = calibration(0.6);
        Path file = dir.resolve("baselines/calibration.json");
        CalibrationFile.write(file, c);
        assertThat(CalibrationFile.read(file)).isEqualTo(c);
        assertThat(NoiseSection.render(c, 0.05, true)).contains("| safety | 32 |", "**not measurable**");
    }
}
