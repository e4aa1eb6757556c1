package dev.driftgate.local.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config.yaml (Flink 2.x reads conf/config.yaml) and logback.xml of a local session cluster.
 *
 * <p>A TaskManager started as {@code TaskManagerRunner} (not through flink-dist's taskmanager.sh)
 * gets no memory sizes computed for it, so every component is set here explicitly and the JVM's
 * -Xmx / MaxDirectMemorySize are derived from the same numbers, as the scripts would.
 */
final class FlinkConfig {
    static final int FRAMEWORK_HEAP_MB = 128;
    static final int FRAMEWORK_OFF_HEAP_MB = 128;
    static final int NETWORK_MB = 64;
    static final int MANAGED_MB = 64;
    static final int METASPACE_MB = 256;

    /**
     * The module exports/opens flink-dist's config.yaml gives every Flink JVM (env.java.default-opts.all):
     * Flink and Kryo reflect into JDK collections (the client fails in ExecutionEnvironmentImpl's static
     * init without java.util open).
     */
    static final List<String> JAVA_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private FlinkConfig() {
    }

    static Map<String, String> of(FlinkClusterSpec spec, int rpcPort, int restPort) {
        Path dir = spec.dir().toAbsolutePath();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", "768m");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(restPort));
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(spec.slotsPerTaskManager()));
        c.put("taskmanager.cpu.cores", String.valueOf(spec.slotsPerTaskManager()));
        c.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
        c.put("taskmanager.memory.task.heap.size", spec.taskHeapMb() + "m");
        c.put("taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP_MB + "m");
        c.put("taskmanager.memory.task.off-heap.size", "0m");
        c.put("taskmanager.memory.network.min", NETWORK_MB + "m");
        c.put("taskmanager.memory.network.max", NETWORK_MB + "m");
        c.put("taskmanager.memory.managed.size", MANAGED_MB + "m");
        c.put("taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
        c.put("taskmanager.memory.jvm-overhead.min", "192m");
        c.put("taskmanager.memory.jvm-overhead.max", "192m");
        c.put("parallelism.default", "1");
        c.put("state.backend.type", "hashmap");
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", String.valueOf(spec.restartAttempts()));
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        // a SIGKILLed TaskManager is noticed after a few missed heartbeats, not the default 50 s
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "6000");
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.putAll(spec.extraConfig());
        return c;
    }

    /** Writes conf/config.yaml and conf/logback.xml; returns the conf directory. */
    static Path write(Path confDir, Map<String, String> config) throws IOException {
        Files.createDirectories(confDir);
        StringBuilder yaml = new StringBuilder("# written by driftgate's LocalFlinkCluster\n");
        config.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        Files.writeString(confDir.resolve("logback.xml"), "<configuration><appender name=\"OUT\" "
                + "class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d %-5level [%thread] %logger{30} - "
                + "%msg%n</pattern></encoder></appender><logger name=\"org.apache.flink\" level=\"INFO\"/>"
                + "<logger name=\"org.apache.pekko\" level=\"WARN\"/><root level=\"INFO\"><appender-ref ref=\"OUT\"/>"
                + "</root></configuration>\n", StandardCharsets.UTF_8);
        return confDir;
    }

    /** JVM options for a TaskManager, from the same memory numbers as its config. */
    static List<String> taskManagerJvm(FlinkClusterSpec spec, Path confDir) {
        int heap = FRAMEWORK_HEAP_MB + spec.taskHeapMb();
        List<String> opts = new java.util.ArrayList<>(List.of("-Xms" + heap + "m", "-Xmx" + heap + "m",
                "-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP_MB + NETWORK_MB) + "m",
                "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + confDir.resolve("logback.xml"),
                "-Djava.io.tmpdir=" + spec.dir().toAbsolutePath().resolve("tmp"), "-Dai.djl.offline=true"));
        opts.addAll(JAVA_OPENS);
        return opts;
    }

    static List<String> jobManagerJvm(FlinkClusterSpec spec, Path confDir) {
        List<String> opts = new java.util.ArrayList<>(List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + confDir.resolve("logback.xml"),
                "-Djava.io.tmpdir=" + spec.dir().toAbsolutePath().resolve("tmp")));
        opts.addAll(JAVA_OPENS);
        return opts;
    }

    private static String quote(String v) {
        // YAML: quote anything that is not a plain number/word, so URIs and "1 s" stay strings
        return v.matches("[A-Za-z0-9._-]+") ? v : "'" + v.replace("'", "''") + "'";
    }
}
