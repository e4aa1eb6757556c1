package dev.driftgate.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After per RFC 9110 section 10.2.3: delta-seconds or an IMF-fixdate. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @Test
    void deltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("0.5", NOW)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void httpDateIsMeasuredFromNow() {
        // the example of RFC 9110 section 10.2.3
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void garbageAbsentOrNegativeIsIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("Wed, 32 Oct 2015 07:28:30 GMT", NOW)).isNull();
    }

    @Test
    void thePolicyCapsWhatTheServerAsksFor() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(5));
        assertThat(policy.delay(0, RetryAfter.parse("3600", NOW))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(0, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(10, null)).isLessThanOrEqualTo(Duration.ofMillis(2));
    }
}
