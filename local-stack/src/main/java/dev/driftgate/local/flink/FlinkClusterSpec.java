package dev.driftgate.local.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a local standalone Flink session cluster looks like.
 *
 * @param dir               cluster directory: conf/, logs/, checkpoints/, savepoints/, the state file
 * @param taskManagers      TaskManager JVMs to start
 * @param slotsPerTaskManager task slots per TaskManager
 * @param restPort          JobManager REST port on 127.0.0.1; 0 picks a free one
 * @param taskHeapMb        task heap per TaskManager (BERTScore's model and the job's buffers live here)
 * @param restartAttempts   fixed-delay restart attempts before a job fails for good
 * @param registrationTimeout how long {@code start()} waits for every TaskManager to register
 * @param extraConfig       further config.yaml keys (e.g. a metrics reporter), written last
 * @param environment       extra environment for the children (TaskManagers read API keys and
 *                          DRIFTGATE_* there); the caller's environment is inherited as well
 */
public record FlinkClusterSpec(Path dir, int taskManagers, int slotsPerTaskManager, int restPort, int taskHeapMb,
        int restartAttempts, Duration registrationTimeout, Map<String, String> extraConfig,
        Map<String, String> environment) {

    public FlinkClusterSpec {
        if (taskManagers < 0) {
            throw new IllegalArgumentException("taskManagers must be >= 0, got " + taskManagers);
        }
        if (slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
        }
        if (restPort < 0 || restPort > 65535) {
            throw new IllegalArgumentException("restPort must be in 0..65535, got " + restPort);
        }
        extraConfig = Map.copyOf(extraConfig);
        environment = Map.copyOf(environment);
    }

    /** One slot per TaskManager, 512 MB task heap, 60 s to register, 10 restarts. */
    public static FlinkClusterSpec defaults(Path dir, int taskManagers) {
        return new FlinkClusterSpec(dir, taskManagers, 1, 0, 512, 10, Duration.ofSeconds(60), Map.of(), Map.of());
    }

    public FlinkClusterSpec withSlots(int slots) {
        return new FlinkClusterSpec(dir, taskManagers, slots, restPort, taskHeapMb, restartAttempts,
                registrationTimeout, extraConfig, environment);
    }

    public FlinkClusterSpec withRestPort(int port) {
        return new FlinkClusterSpec(dir, taskManagers, slotsPerTaskManager, port, taskHeapMb, restartAttempts,
                registrationTimeout, extraConfig, environment);
    }

    public FlinkClusterSpec withRegistrationTimeout(Duration timeout) {
        return new FlinkClusterSpec(dir, taskManagers, slotsPerTaskManager, restPort, taskHeapMb, restartAttempts,
                timeout, extraConfig, environment);
    }

    public FlinkClusterSpec withExtraConfig(Map<String, String> config) {
        return new FlinkClusterSpec(dir, taskManagers, slotsPerTaskManager, restPort, taskHeapMb, restartAttempts,
                registrationTimeout, config, environment);
    }

    /**
     * Flink's Prometheus reporter on the JobManager and every TaskManager; each process binds the
     * first free port of {@code firstPort..lastPort} and serves /metrics there.
     */
    public FlinkClusterSpec withPrometheus(int firstPort, int lastPort) {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>(extraConfig);
        config.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        config.put("metrics.reporter.prom.port", firstPort + "-" + lastPort);
        return withExtraConfig(config);
    }

    public FlinkClusterSpec withEnvironment(Map<String, String> env) {
        return new FlinkClusterSpec(dir, taskManagers, slotsPerTaskManager, restPort, taskHeapMb, restartAttempts,
                registrationTimeout, extraConfig, env);
    }
}
