package dev.driftgate.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The demo starts and stops a broker, several MiniClusters and a streaming job in a few minutes;
 * their libraries warn about things that are expected in that setting (the Kafka admin client
 * retrying while the broker boots, Flink metric name collisions, batch jobs without checkpoints).
 * Those loggers go to ERROR while the demo runs, unless --verbose asked for more.
 */
final class DemoLogging {
    private static final List<String> NOISY = List.of(
            "org.apache.kafka.clients.NetworkClient",
            "org.apache.flink.metrics.MetricGroup",
            "org.apache.flink.runtime.jobmaster.JobMaster",
            "org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorCoordinator");
    private static final Map<String, Level> SAVED = new LinkedHashMap<>();

    private DemoLogging() {
    }

    static synchronized void quietStartupNoise() {
        if (((Logger) LoggerFactory.getLogger("dev.driftgate")).getEffectiveLevel().isGreaterOrEqual(Level.WARN)) {
            for (String name : NOISY) {
                Logger logger = (Logger) LoggerFactory.getLogger(name);
                SAVED.put(name, logger.getLevel());
                logger.setLevel(Level.ERROR);
            }
        }
    }

    static synchronized void restore() {
        SAVED.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        SAVED.clear();
    }
}
