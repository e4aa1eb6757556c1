package dev.driftgate.local.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("cluster")
class LocalFlinkClusterTest {
    @TempDir
    Path dir;

    @AfterEach
    void noOrphans() {
        ChildProcesses.assertNoFlinkDescendants();
    }

    @Test
    void startsJobManagerAndTaskManagersThatRegisterAndStopsThemAll() throws Exception {
        List<Long> pids;
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(FlinkClusterSpec.defaults(dir, 2).withSlots(2))) {
            assertThat(cluster.rest().registeredTaskManagers()).isEqualTo(2);
            pids = cluster.childPids();
            assertThat(pids).hasSize(3);
            assertThat(Files.readString(cluster.confDir().resolve("config.yaml")))
                    .contains("taskmanager.numberOfTaskSlots: 2", "restart-strategy.type: fixed-delay",
                            "execution.checkpointing.dir: 'file:");
            assertThat(dir.resolve("logs/jobmanager.log")).exists();
            assertThat(dir.resolve("logs/taskmanager-1.log")).exists();
            assertThat(LocalFlinkCluster.recordedProcesses(dir)).hasSize(3);
            System.out.println("cluster startup_ms=" + cluster.startMillis());

            cluster.killTaskManager(0);
            assertThat(cluster.liveTaskManagers()).isEqualTo(1);
            cluster.addTaskManager(2);
            assertThat(cluster.rest().registeredTaskManagers()).isGreaterThanOrEqualTo(2);
            pids = cluster.childPids();
        }
        ChildProcesses.assertNoneAlive(pids);
        assertThat(dir.resolve(LocalFlinkCluster.STATE_FILE)).doesNotExist();
    }

    @Test
    void aTaskManagerThatNeverRegistersFailsTheStartWithOneMessageAndLeavesNothingRunning() {
        // 300 ms is shorter than any JVM takes to start and register: the timeout path, for real
        FlinkClusterSpec spec = FlinkClusterSpec.defaults(dir, 1).withRegistrationTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> LocalFlinkCluster.start(spec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 TaskManager(s) did not register with the JobManager")
                .hasMessageContaining("see the logs under");
        assertThat(dir.resolve(LocalFlinkCluster.STATE_FILE)).doesNotExist();
    }

    @Test
    void detachedClusterIsStoppedFromItsStateFile() throws Exception {
        LocalFlinkCluster cluster = LocalFlinkCluster.startDetached(FlinkClusterSpec.defaults(dir, 1));
        List<Long> pids = cluster.childPids();
        try {
            assertThat(LocalFlinkCluster.recordedRestAddress(dir)).isEqualTo(cluster.restAddress());
            assertThat(LocalFlinkCluster.stopDetached(dir)).isEqualTo(2);
            assertThat(LocalFlinkCluster.stopDetached(dir)).isZero();
        } finally {
            // no shutdown hook guards a detached cluster: a failed assertion must not leave its JVMs running
            ChildProcesses.assertNoneAlive(pids);
        }
    }
}
