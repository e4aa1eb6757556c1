package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What `stream --for` reports: a job that keeps restarting is not a healthy run. */
class JobWatchTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** Throws after a few elements: the job fails, restarts from scratch, fails again. */
    static final class FailsSoon implements MapFunction<Long, Long> {
        @Override
        public Long map(Long v) throws Exception {
            if (v == 1_000) {
                throw new IllegalStateException("poisoned record");
            }
            Thread.sleep(1);
            return v;
        }
    }

    static final class Slow implements MapFunction<Long, Long> {
        @Override
        public Long map(Long v) throws Exception {
            Thread.sleep(1);
            return v;
        }
    }

    private static JobClient start(MapFunction<Long, Long> f) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1_000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE).map(f).sinkTo(new DiscardingSink<>());
        return env.executeAsync("job-watch-test");
    }

    @Test
    void aRestartingJobIsReportedAndARunningOneIsHealthy() throws Exception {
        JobClient failing = start(new FailsSoon());
        try {
            JobWatch.Report r = JobWatch.watch(failing, Duration.ofSeconds(6), Duration.ofMillis(100));
            assertThat(r.healthy()).isFalse();
            assertThat(r.restarts()).isPositive();
            assertThat(r.describe()).startsWith("restarted");
        } finally {
            failing.cancel().get();
        }
        JobClient running = start(new Slow());
        try {
            JobWatch.Report r = JobWatch.watch(running, Duration.ofSeconds(3), Duration.ofMillis(100));
            assertThat(r.healthy()).isTrue();
        } finally {
            running.cancel().get();
        }
    }
}
