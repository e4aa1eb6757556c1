package dev.driftgate.local.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool is the first fresh questions, asked with Zipf popularity (exponent 0: uniform). */
class PopularQuestionsTest {
    private static final int DRAWS = 100_000;

    @Test
    void zipfOneAsksTheTopQuestionAboutOneInHarmonicNumberTimes() {
        long[] counts = counts(new PopularQuestions(200, 1.0, 1));
        double harmonic = 0;
        for (int k = 1; k <= 200; k++) {
            harmonic += 1.0 / k;
        }
        assertThat(counts[1] / (double) DRAWS).isCloseTo(1 / harmonic, offset(0.01));
        assertThat(counts[2] / (double) DRAWS).isCloseTo(1 / (2 * harmonic), offset(0.01));
        assertThat(counts[201]).as("never beyond the pool").isZero();
    }

    @Test
    void exponentZeroIsUniformOverThePool() {
        long[] counts = counts(new PopularQuestions(10, 0, 1));
        for (int q = 1; q <= 10; q++) {
            assertThat(counts[q] / (double) DRAWS).isCloseTo(0.1, offset(0.01));
        }
    }

    /** How often each question number 1..n was asked, the pool drawn from 1, 2, 3, ... */
    private static long[] counts(PopularQuestions questions) {
        AtomicLong fresh = new AtomicLong();
        long[] counts = new long[300];
        for (int i = 0; i < DRAWS; i++) {
            counts[(int) questions.next(fresh::incrementAndGet)]++;
        }
        return counts;
    }
}
