package dev.driftgate.local.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local standalone Flink session cluster for a test class ({@code @RegisterExtension static}):
 * started before the first test, stopped after the last, with a check that no child JVM outlives it.
 * Its directory (logs, checkpoints, savepoints) is under target/flink-clusters so a failure can be read.
 */
public final class FlinkClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int taskManagers;
    private final UnaryOperator<FlinkClusterSpec> customize;
    private LocalFlinkCluster cluster;

    public FlinkClusterExtension(int taskManagers) {
        this(taskManagers, UnaryOperator.identity());
    }

    public FlinkClusterExtension(int taskManagers, UnaryOperator<FlinkClusterSpec> customize) {
        this.taskManagers = taskManagers;
        this.customize = customize;
    }

    public LocalFlinkCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Flink cluster is not started (register the extension as static)");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "flink-clusters"))
                .resolve(context.getRequiredTestClass().getSimpleName() + "-" + System.currentTimeMillis());
        cluster = LocalFlinkCluster.start(customize.apply(FlinkClusterSpec.defaults(dir, taskManagers)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster == null) {
            return;
        }
        var pids = cluster.childPids();
        cluster.stop();
        cluster = null;
        ChildProcesses.assertNoneAlive(pids);
    }
}
