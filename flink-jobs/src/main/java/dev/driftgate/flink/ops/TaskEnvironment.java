package dev.driftgate.flink.ops;

import dev.driftgate.core.config.Environment;

/**
 * The environment an operator reads its secrets from, in its open() on the task manager: the process
 * environment, or what a test installed for the operators of its in-JVM MiniCluster. Job graphs carry
 * only variable names (see {@link Environment}), so no secret is serialised with a job.
 */
public final class TaskEnvironment {
    private static volatile Environment override;

    private TaskEnvironment() {
    }

    public static Environment get() {
        Environment installed = override;
        return installed != null ? installed : Environment.system();
    }

    /** Tests: operators in this JVM read {@code environment} until the returned handle is closed. */
    public static AutoCloseable install(Environment environment) {
        override = environment;
        return () -> override = null;
    }
}
