package dev.driftgate.flink.shadow;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or the time is up (then fails, naming how long it waited). */
final class Eventually {
    private Eventually() {
    }

    static void within(Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
