package dev.driftgate.local.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java child process started by main-class name, its output appended to one log file. Stopping
 * is SIGTERM, then SIGKILL after a grace period; {@link #kill()} is SIGKILL at once (a crash).
 */
final class ChildJvm {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(String name, String classpath, List<String> jvmOptions, String mainClass, List<String> args,
            Map<String, String> environment, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment);
            return new ChildJvm(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + mainClass + ")", e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** SIGKILL, no shutdown: what a crashed machine looks like to the rest of the cluster. */
    void kill() {
        process.destroyForcibly();
        awaitExit(10);
    }

    /** SIGTERM, then SIGKILL if it has not exited after {@code graceSeconds}. */
    void stop(int graceSeconds) {
        stopHandle(process.toHandle(), graceSeconds);
    }

    /** Stops a process and everything it started (a JVM from an earlier CLI invocation, say). */
    static void stopHandle(ProcessHandle handle, int graceSeconds) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroy();
        try {
            handle.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's process-table check, if it matters there
            }
        }
    }

    private void awaitExit(int seconds) {
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
