package dev.driftgate.local.kafka;

import dev.driftgate.local.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker+controller in one process) started from the
 * org.apache.kafka:kafka_2.13 jars in a child JVM on loopback, for tests and the local stack.
 *
 * <p>A child JVM rather than in-process: it can be stopped and restarted like a real outage, its
 * ~360 MB stay out of the caller's heap, and Kafka's Scala runtime and logging stay off the
 * caller's classpath. It reuses the caller's classpath, which has kafka_2.13 through core.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private Process process;
    private boolean formatted;

    private LocalKafkaBroker(Path dir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterIdFor(dir);
    }

    /** A broker with its data under {@code dir} on free loopback ports; call {@link #start()}. */
    public static LocalKafkaBroker inDirectory(Path dir) {
        return new LocalKafkaBroker(dir, LoopbackPorts.free(), LoopbackPorts.free());
    }

    /** Creates, starts and waits for a broker under {@code dir}. */
    public static LocalKafkaBroker startIn(Path dir) {
        LocalKafkaBroker broker = inDirectory(dir);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path directory() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (formatting storage the first time) and waits until it answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path props = writeServerProperties();
            Path logConfig = writeLogConfig();
            if (!formatted) {
                // --cluster-id=ID, not "-t ID": a base64url id may start with '-', which the tool's argument
                // parser then reads as an option (seen: one failed start in ~64)
                runToCompletion(javaCommand(logConfig, "kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId,
                        "-c", props.toString(), "--ignore-formatted"), "format storage");
                formatted = true;
            }
            ProcessBuilder pb = new ProcessBuilder(javaCommand(logConfig, "kafka.Kafka", props.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
            long t0 = System.nanoTime();
            process = pb.start();
            awaitReady();
            LOG.info("kafka broker ready bootstrap={} startup_ms={}", bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Kafka broker under " + dir, e);
        }
    }

    /** Stops the broker like an outage (SIGTERM, then SIGKILL); data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized void restart() {
        stop();
        start();
    }

    /** Creates topics (idempotent) with the given partition count and replication factor 1. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, null, topics);
    }

    /** With {@code retention} set, records older than it are deleted (retention.ms): nothing is kept forever. */
    public void createTopics(int partitions, Duration retention, String... topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String t : topics) {
                if (!existing.contains(t)) {
                    NewTopic topic = new NewTopic(t, partitions, (short) 1);
                    if (retention != null) {
                        topic.configs(Map.of("retention.ms", Long.toString(retention.toMillis())));
                    }
                    newTopics.add(topic);
                }
            }
            if (!newTopics.isEmpty()) {
                admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    /**
     * Waits for the broker port to accept connections (a cheap poll), then for the cluster to answer
     * an admin request. Polling with admin clients alone is slow: each one that starts before the
     * broker listens waits out its request timeout when closed.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!portOpen()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("local Kafka broker not listening after " + START_TIMEOUT.toSeconds()
                        + " s; see " + dir.resolve("broker.log"));
            }
            sleep(100);
        }
        Exception last = null;
        while (System.nanoTime() < deadline) {
            checkAlive();
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                sleep(200);
            }
        }
        stop();
        throw new IllegalStateException("local Kafka broker not ready after " + START_TIMEOUT.toSeconds()
                + " s; see " + dir.resolve("broker.log"), last);
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("local Kafka broker exited with code " + process.exitValue()
                    + "; see " + dir.resolve("broker.log"));
        }
    }

    private boolean portOpen() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), brokerPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path writeServerProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "2");
        p.setProperty("auto.create.topics.enable", "true");
        // One broker: the internal topics' default replication factor of 3 would leave consumers
        // silently getting nothing.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "driftgate local single-node KRaft broker");
        }
        return file;
    }

    /** Quiet logging for whichever backend the classpath brings (logback or log4j2). */
    private Path writeLogConfig() throws IOException {
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%d %-5level %logger{20} - %msg%n</pattern></encoder></appender>"
                + "<root level=\"WARN\"><appender-ref ref=\"OUT\"/></root></configuration>\n");
        return logback;
    }

    private List<String> javaCommand(Path logConfig, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms128m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlogback.configurationFile=" + logConfig);
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void runToCompletion(List<String> cmd, String what) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("cannot " + what + " for the local Kafka broker; see "
                        + dir.resolve("broker.log"));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    /**
     * The cluster id is kept in the directory: storage formatted under one id refuses to start
     * under another, so a broker reopened on an earlier run's directory must reuse it.
     */
    private static String clusterIdFor(Path dir) {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dir);
            String id = randomClusterId();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka cluster id under " + dir, e);
        }
    }

    private static String randomClusterId() {
        // Kafka cluster ids are 16 random bytes, URL-safe base64 without padding.
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
