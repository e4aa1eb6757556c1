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

    /**
     * Fails when this JVM has any live Flink JobManager/TaskManager/client descendant. Linux gives Java
     * no arguments for command lines as long as theirs, so a descendant whose command line is unknown
     * counts as one too: call this where the test started no other child.
     */
    public static void assertNoFlinkDescendants() {
        List<String> flink = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("org.apache.flink.")).orElse(true))
                .map(h -> h.pid() + " " + h.info().command().orElse("?"))
                .collect(Collectors.toList());
        if (!flink.isEmpty()) {
            throw new AssertionError("orphaned Flink child processes: " + flink);
        }
    }
}
