package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowStatsTest {
    @Test
    void meansPercentilesAndFailureRate() {
        WindowStats s = new WindowStats();
        for (int i = 0; i <= 10; i++) {
            s.add(0.5, 0.5 + i / 100.0, false); // deltas 0.00 .. 0.10
        }
        s.add(Double.NaN, Double.NaN, true);
        DriftWindow w = s.toWindow("m", "c", 0, 60_000);
        assertThat(w.n()).isEqualTo(12);
        assertThat(w.meanProd()).isCloseTo(0.5, within(1e-12));
        assertThat(w.meanDelta()).isCloseTo(0.05, within(1e-12));
        assertThat(w.p10Delta()).isCloseTo(0.01, within(1e-12));
        assertThat(w.p50Delta()).isCloseTo(0.05, within(1e-12));
        assertThat(w.p90Delta()).isCloseTo(0.09, within(1e-12));
        assertThat(w.judgeFailureRate()).isCloseTo(1.0 / 12, within(1e-12));
    }

    @Test
    void interpolatesBetweenRanksAndIsNaNWhenEmpty() {
        assertThat(WindowStats.percentile(new double[] {0, 1}, 0.5)).isEqualTo(0.5);
        assertThat(WindowStats.percentile(new double[0], 0.5)).isNaN();
        DriftWindow onlyFailures = new WindowStats().merge(failed()).toWindow("m", "c", 0, 1);
        assertThat(onlyFailures.meanShadow()).isNaN();
        assertThat(onlyFailures.judgeFailureRate()).isEqualTo(1.0);
    }

    private static WindowStats failed() {
        WindowStats s = new WindowStats();
        s.add(0.1, Double.NaN, true);
        return s;
    }
}
