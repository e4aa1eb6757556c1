package dev.driftgate.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One WARN per interval, however many threads hit the failure at once. */
class RateLimitedWarningTest {

    @Test
    void writesOncePerInterval() throws Exception {
        RateLimitedWarning warning = new RateLimitedWarning(LoggerFactory.getLogger("test"), 300);
        assertThat(warning.warn("first")).isTrue();
        assertThat(warning.warn("held back")).isFalse();
        assertThat(warning.warn("held back")).isFalse();
        Thread.sleep(350);
        assertThat(warning.warn("after the interval")).isTrue();
        assertThat(warning.warn("held back again")).isFalse();
    }

    @Test
    void concurrentCallersWriteOneLine() throws Exception {
        RateLimitedWarning warning = new RateLimitedWarning(LoggerFactory.getLogger("test"), 60_000);
        AtomicInteger written = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 10_000; i++) {
            pool.execute(() -> {
                if (warning.warn("kafka down")) {
                    written.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(written.get()).isEqualTo(1);
    }
}
