package dev.driftgate.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KappaTest {
    @Test
    void unweightedMatchesAHandComputedExample() {
        // 2x2: agree 20 (0,0) + 15 (1,1), disagree 5 + 10 of 50: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5, kappa 0.4
        int[] a = new int[50];
        int[] b = new int[50];
        int i = 0;
        for (int k = 0; k < 20; k++, i++) { a[i] = 0; b[i] = 0; }
        for (int k = 0; k < 5; k++, i++) { a[i] = 0; b[i] = 1; }
        for (int k = 0; k < 10; k++, i++) { a[i] = 1; b[i] = 0; }
        for (int k = 0; k < 15; k++, i++) { a[i] = 1; b[i] = 1; }
        assertThat(Kappa.of(a, b, 2, false)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void quadraticWeightsForgiveNearMisses() {
        int[] human = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4};
        int[] nearMiss = {1, 1, 3, 3, 4, 0, 2, 2, 4, 4};
        assertThat(Kappa.of(human, human, 5, true)).isEqualTo(1.0);
        assertThat(Kappa.of(human, nearMiss, 5, true)).isGreaterThan(Kappa.of(human, nearMiss, 5, false));
        Kappa.Estimate e = Kappa.withInterval(human, nearMiss, 5, true, 2_000, 1);
        assertThat(e.low()).isLessThanOrEqualTo(e.kappa());
        assertThat(e.high()).isGreaterThanOrEqualTo(e.kappa());
        assertThat(Kappa.withInterval(human, nearMiss, 5, true, 2_000, 1)).isEqualTo(e);
    }
}
