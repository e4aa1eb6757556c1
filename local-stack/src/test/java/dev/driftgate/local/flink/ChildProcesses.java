package dev.driftgate.local.flink;

import java.util.List;
import java.util.stream.Collectors;

/** Process-table checks: no Flink child JVM may outlive the test that started it. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** Fails naming every pid of {@code pids} that is still alive. */
    public static void assertNoneAlive(List<Long> pids) {
        List<Long> alive = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
                .collect(Collectors.toList());
        if (!alive.isEmpty()) {
            alive.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            throw new AssertionError("child processes still alive after stop: " + alive);
        }
    }

    /** Fails when this JVM has any live Flink JobManager/TaskManager/client descendant. */
    public static void assertNoFlinkDescendants() {
        List<String> flink = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("org.apache.flink.")).orElse(false))
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("").replaceAll(".* (org\\.apache\\.flink\\.\\S+).*", "$1"))
                .collect(Collectors.toList());
        if (!flink.isEmpty()) {
            throw new AssertionError("orphaned Flink child processes: " + flink);
        }
    }
}
