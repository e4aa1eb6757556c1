package dev.driftgate.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget Flink's async operators size their timeout from (one retry mechanism: the client's). */
class RetryPolicyWorstCaseTest {

    @Test
    void coversEveryTryAndTheLongestWaitBeforeEachRetry() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
        // 4 tries of 10 s, and 3 waits each at least the Retry-After cap (60 s > the jitter caps)
        assertThat(p.worstCase(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(40 + 180));
    }

    @Test
    void noRetriesIsOneTry() {
        assertThat(RetryPolicy.of(0).worstCase(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void neverShorterThanAnyDelayThePolicyCanChoose() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ZERO);
        long waits = 0;
        for (int retry = 0; retry < 5; retry++) {
            for (int i = 0; i < 50; i++) {
                waits = Math.max(waits, p.delay(retry, Duration.ofHours(1)).toMillis());
            }
        }
        assertThat(p.worstCase(Duration.ZERO).toMillis()).isEqualTo(1_000 + 2_000 + 4_000 + 8_000 + 8_000)
                .isGreaterThanOrEqualTo(waits);
    }
}
