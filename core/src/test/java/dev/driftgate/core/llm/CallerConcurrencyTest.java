package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fair share on a given clock: none while one endpoint is in use, the peak split over those in use. */
class CallerConcurrencyTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theShareIsThePeakSplitOverTheEndpointsInUseForTheLastTenSeconds() {
        CallerConcurrency callers = new CallerConcurrency();
        for (int i = 0; i < 12; i++) {
            callers.enter("a", 0);
        }
        assertThat(callers.share(0)).as("one endpoint in use: no share").isEqualTo(Integer.MAX_VALUE);
        for (int i = 0; i < 12; i++) {
            callers.exit();
        }
        callers.enter("b", SECOND);
        callers.enter("c", SECOND);
        assertThat(callers.peak()).isEqualTo(12);
        assertThat(callers.share(2 * SECOND)).as("three in use").isEqualTo(4);
        callers.enter("b", 10 * SECOND);
        callers.enter("c", 10 * SECOND);
        assertThat(callers.share(10 * SECOND + 1)).as("a idle for 10 s no longer counts").isEqualTo(6);
        assertThat(callers.share(21 * SECOND)).as("all idle").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void theShareIsNeverBelowOneCall() {
        CallerConcurrency callers = new CallerConcurrency();
        callers.enter("a", 0);
        callers.exit();
        callers.enter("b", 0);
        callers.exit();
        callers.enter("c", 0);
        assertThat(callers.share(0)).isEqualTo(1);
    }
}
