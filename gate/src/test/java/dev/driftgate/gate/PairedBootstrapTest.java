package dev.driftgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private static PairedCategory category(String name, double[] base, double[] cur) {
        List<String> ids = java.util.stream.IntStream.range(0, base.length).mapToObj(i -> name + i).toList();
        return new PairedCategory(name, ids, base, cur, 0, 0, 0);
    }

    @Test
    void constantDeltaGivesAPointInterval() {
        var result = new PairedBootstrap(1000, 7).run(
                List.of(category("a", new double[] {0.5, 0.6, 0.7}, new double[] {0.4, 0.5, 0.6})), c -> 1.0);
        assertThat(result.categories().get("a").lower()).isCloseTo(-0.1, within(1e-12));
        assertThat(result.categories().get("a").upper()).isCloseTo(-0.1, within(1e-12));
        assertThat(result.overall().upper()).isCloseTo(-0.1, within(1e-12));
    }

    @Test
    void intervalCoversTheMeanDeltaAndMatchesTheNormalApproximation() {
        double[] base = TestRuns.noisy(0.8, 0.2, 200, 11);
        double[] cur = TestRuns.noisy(0.8, 0.2, 200, 12);
        var ci = new PairedBootstrap(10_000, 42).run(List.of(category("a", base, cur)), c -> 1.0)
                .categories().get("a");
        double[] d = new double[200];
        double mean = 0;
        for (int i = 0; i < 200; i++) {
            d[i] = cur[i] - base[i];
            mean += d[i] / 200;
        }
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean) / 199;
        }
        double halfWidth = 1.96 * Math.sqrt(var / 200);
        assertThat(ci.lower()).isCloseTo(mean - halfWidth, within(halfWidth * 0.1));
        assertThat(ci.upper()).isCloseTo(mean + halfWidth, within(halfWidth * 0.1));
    }

    @Test
    void overallIsWeightedByCategoryWeights() {
        // category a drops 0.2 exactly, b is unchanged: weights 0.25/0.75 give an overall drop of 0.05
        var result = new PairedBootstrap(500, 1).run(List.of(
                category("a", new double[] {0.9, 0.9}, new double[] {0.7, 0.7}),
                category("b", new double[] {0.9, 0.8}, new double[] {0.9, 0.8})),
                Map.of("a", 0.25, "b", 0.75)::get);
        assertThat(result.overall().lower()).isCloseTo(-0.05, within(1e-12));
        assertThat(result.overall().upper()).isCloseTo(-0.05, within(1e-12));
    }

    @Test
    void sameSeedSameInterval() {
        var input = List.of(category("a", TestRuns.noisy(0.8, 0.3, 50, 1), TestRuns.noisy(0.8, 0.3, 50, 2)));
        assertThat(new PairedBootstrap(2000, 5).run(input, c -> 1.0))
                .isEqualTo(new PairedBootstrap(2000, 5).run(input, c -> 1.0));
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(PairedBootstrap.percentile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(PairedBootstrap.percentile(sorted, 0.025)).isCloseTo(1.075, within(1e-12));
    }
}
