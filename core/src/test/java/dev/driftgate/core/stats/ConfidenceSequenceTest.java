package dev.driftgate.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceSequenceTest {
    @Test
    void normalQuantilesAndCdfMatchTables() {
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(Normal.quantile(0.8)).isCloseTo(0.841621, within(1e-6));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(Normal.cdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(Normal.cdf(-1)).isCloseTo(0.158655, within(1e-6));
    }

    @Test
    void widerThanAFixedIntervalAndShrinksLikeLogNOverN() {
        ConfidenceSequence cs = new ConfidenceSequence(0.05, 200);
        double fixed = 1.959964 / Math.sqrt(200);
        assertThat(cs.halfWidth(200, 1)).isGreaterThan(fixed).isLessThan(2 * fixed);
        assertThat(cs.halfWidth(20_000, 1)).isLessThan(cs.halfWidth(2_000, 1) / 2.5);
    }

    /** The property that matters: looking after every sample, the interval misses the mean rarely. */
    @Test
    void coversTheMeanAtEveryLookWithTheStatedProbability() {
        ConfidenceSequence cs = new ConfidenceSequence(0.05, 100);
        SplittableRandom r = new SplittableRandom(7);
        int misses = 0;
        int runs = 1_000;
        for (int k = 0; k < runs; k++) {
            double sum = 0;
            double sumSq = 0;
            for (int n = 1; n <= 2_000; n++) {
                double x = r.nextDouble() - 0.5; // mean 0, sd 0.2887
                sum += x;
                sumSq += x * x;
                if (n >= 100) { // the plug-in sd makes the guarantee asymptotic: callers wait for min_samples
                    double mean = sum / n;
                    double sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
                    if (Math.abs(mean) > cs.halfWidth(n, sd)) {
                        misses++;
                        break;
                    }
                }
            }
        }
        // alpha 0.05 plus two binomial standard errors of 1,000 runs (0.014)
        assertThat((double) misses / runs).isLessThan(0.064);
    }
}
