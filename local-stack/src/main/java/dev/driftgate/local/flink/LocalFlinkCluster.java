package dev.driftgate.local.flink;

import dev.driftgate.local.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink session cluster on this machine: one JobManager JVM
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManager JVMs ({@code TaskManagerRunner}),
 * each a child process with its own log under {@code dir/logs}, on the jars of flink-cluster-lib
 * (what flink-dist's lib/ would hold). Jobs are submitted to it with {@link FlinkRunClient}, as to
 * any Flink 2.x cluster.
 *
 * <p>Started attached (tests), a JVM shutdown hook kills every child when the caller exits. Started
 * detached ({@code driftgate cluster start}), the children outlive the CLI and their pids are kept in
 * {@code dir/cluster.properties} for {@link #stopDetached(Path)}.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String STATE_FILE = "cluster.properties";
    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

    private final FlinkClusterSpec spec;
    private final boolean detached;
    private final String classpath;
    private final List<ChildJvm> taskManagers = new ArrayList<>();
    private final Thread shutdownHook;
    private ChildJvm jobManager;
    private Path confDir;
    private int restPort;
    private int nextTaskManager;
    private long startMillis;

    private LocalFlinkCluster(FlinkClusterSpec spec, boolean detached) {
        this.spec = spec;
        this.detached = detached;
        this.classpath = ClusterClasspath.load();
        this.shutdownHook = new Thread(this::stopQuietly, "local-flink-cluster-stop");
    }

    /** Starts a cluster whose children die with this JVM; waits for every TaskManager to register. */
    public static LocalFlinkCluster start(FlinkClusterSpec spec) {
        return startWithFreshPorts(spec, false);
    }

    /** Starts a cluster that outlives this JVM (stop it with {@link #stopDetached(Path)}). */
    public static LocalFlinkCluster startDetached(FlinkClusterSpec spec) {
        return startWithFreshPorts(spec, true);
    }

    /**
     * A free port found here can be taken by another process before the JobManager binds it (seen once
     * in a full test run: "Could not start rest endpoint on any port"). When we picked the ports, a
     * bind failure is retried with new ones; a port the caller chose is not.
     */
    private static LocalFlinkCluster startWithFreshPorts(FlinkClusterSpec spec, boolean detached) {
        for (int attempt = 1; ; attempt++) {
            LocalFlinkCluster c = new LocalFlinkCluster(spec, detached);
            try {
                c.startAll();
                return c;
            } catch (RuntimeException e) {
                if (attempt >= 3 || spec.restPort() != 0 || !c.jobManagerCouldNotBind()) {
                    throw e;
                }
                LOG.warn("the Flink JobManager could not bind its ports (taken meanwhile); retrying with new ones");
                c.keepFailedLog(attempt);
            }
        }
    }

    /** The next attempt's JobManager appends to a fresh log; the failed one is kept beside it. */
    private void keepFailedLog(int attempt) {
        Path logs = spec.dir().toAbsolutePath().resolve("logs");
        try {
            Files.move(logs.resolve("jobmanager.log"), logs.resolve("jobmanager.attempt-" + attempt + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the retry still runs; only the log's history is mixed
        }
    }

    private boolean jobManagerCouldNotBind() {
        Path log = spec.dir().toAbsolutePath().resolve("logs/jobmanager.log");
        try {
            return Files.isRegularFile(log) && Files.readString(log).contains("java.net.BindException");
        } catch (IOException e) {
            return false;
        }
    }

    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    public FlinkRest rest() {
        return new FlinkRest(restAddress());
    }

    /** The conf directory a {@code flink} client uses for this cluster (FLINK_CONF_DIR). */
    public Path confDir() {
        return confDir;
    }

    public Path directory() {
        return spec.dir();
    }

    public Path checkpointDir() {
        return spec.dir().toAbsolutePath().resolve("checkpoints");
    }

    public Path savepointDir() {
        return spec.dir().toAbsolutePath().resolve("savepoints");
    }

    /** Milliseconds from the first child's start to every TaskManager registered. */
    public long startMillis() {
        return startMillis;
    }

    /** Pids of the children alive now (the JobManager first). */
    public synchronized List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        if (jobManager != null && jobManager.isAlive()) {
            pids.add(jobManager.pid());
        }
        taskManagers.stream().filter(ChildJvm::isAlive).forEach(t -> pids.add(t.pid()));
        return pids;
    }

    public synchronized int liveTaskManagers() {
        return (int) taskManagers.stream().filter(ChildJvm::isAlive).count();
    }

    /** Starts one more TaskManager and waits until the JobManager counts {@code expected} of them. */
    public synchronized void addTaskManager(int expected) {
        startTaskManager();
        writeState();
        awaitTaskManagers(expected, spec.registrationTimeout());
    }

    /** SIGKILLs the index-th TaskManager still alive (a crash, no clean shutdown). */
    public synchronized long killTaskManager(int index) {
        ChildJvm tm = taskManagers.stream().filter(ChildJvm::isAlive).skip(index).findFirst()
                .orElseThrow(() -> new IllegalStateException("no live TaskManager #" + index));
        long pid = tm.pid();
        tm.kill();
        LOG.info("killed {} (pid {})", tm.name(), pid);
        return pid;
    }

    /** Waits until the JobManager reports {@code expected} registered TaskManagers. */
    public void awaitTaskManagers(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        FlinkRest rest = rest();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            checkJobManagerAlive();
            try {
                seen = rest.registeredTaskManagers();
                if (seen >= expected) {
                    return;
                }
            } catch (IOException e) {
                // REST not up yet
            }
            sleep(200);
        }
        throw new IllegalStateException(expected + " TaskManager(s) did not register with the JobManager at "
                + restAddress() + " within " + timeout.toSeconds() + " s (registered: " + Math.max(seen, 0)
                + "); see the logs under " + spec.dir().toAbsolutePath().resolve("logs"));
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops every child (SIGTERM, then SIGKILL) and removes the shutdown hook. */
    public synchronized void stop() {
        stopQuietly();
        if (!detached) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running this
            }
        }
    }

    /**
     * Stops a detached cluster from its state file: every recorded pid that is still a Flink
     * process. Returns how many processes were stopped; 0 when none was running.
     */
    public static int stopDetached(Path dir) throws IOException {
        int stopped = 0;
        for (ProcessHandle h : recordedProcesses(dir)) {
            ChildJvm.stopHandle(h, 15);
            stopped++;
        }
        Files.deleteIfExists(dir.resolve(STATE_FILE));
        return stopped;
    }

    /**
     * The live processes a detached cluster's state file names. A reused pid is told apart by the
     * process's start time, recorded with it (not by command line: Linux gives Java no arguments for a
     * command line as long as these JVMs' classpath).
     */
    public static List<ProcessHandle> recordedProcesses(Path dir) throws IOException {
        Properties p = readState(dir);
        List<ProcessHandle> out = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".pid")) {
                String started = p.getProperty(key.replace(".pid", ".started"), "");
                ProcessHandle.of(Long.parseLong(p.getProperty(key))).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().startInstant().map(i -> i.toString().equals(started)).orElse(false))
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    /** The REST address a detached cluster's state file records, or null without a state file. */
    public static String recordedRestAddress(Path dir) throws IOException {
        return readState(dir).getProperty("rest.address");
    }

    private void startAll() {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(spec.dir().resolve("logs"));
            Files.createDirectories(spec.dir().resolve("tmp"));
            restPort = spec.restPort() == 0 ? LoopbackPorts.free() : spec.restPort();
            confDir = FlinkConfig.write(spec.dir().toAbsolutePath().resolve("conf"),
                    FlinkConfig.of(spec, LoopbackPorts.free(), restPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Flink cluster directory " + spec.dir(), e);
        }
        if (!detached) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            jobManager = ChildJvm.start("jobmanager", classpath, FlinkConfig.jobManagerJvm(spec, confDir),
                    JOB_MANAGER_MAIN, List.of("--configDir", confDir.toString()), spec.environment(),
                    spec.dir().toAbsolutePath().resolve("logs/jobmanager.log"));
            for (int i = 0; i < spec.taskManagers(); i++) {
                startTaskManager();
            }
            writeState();
            awaitTaskManagers(spec.taskManagers(), spec.registrationTimeout());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info("flink session cluster up rest={} taskmanagers={} startup_ms={}", restAddress(),
                spec.taskManagers(), startMillis);
    }

    private void startTaskManager() {
        String name = "taskmanager-" + nextTaskManager++;
        taskManagers.add(ChildJvm.start(name, classpath, FlinkConfig.taskManagerJvm(spec, confDir), TASK_MANAGER_MAIN,
                List.of("--configDir", confDir.toString()), spec.environment(),
                spec.dir().toAbsolutePath().resolve("logs/" + name + ".log")));
    }

    private void checkJobManagerAlive() {
        if (jobManager == null || !jobManager.isAlive()) {
            throw new IllegalStateException("the Flink JobManager exited"
                    + (jobManager == null ? "" : " with code " + jobManager.process().exitValue())
                    + "; see " + spec.dir().toAbsolutePath().resolve("logs/jobmanager.log"));
        }
    }

    private synchronized void stopQuietly() {
        for (ChildJvm tm : taskManagers) {
            tm.stop(10);
        }
        taskManagers.clear();
        if (jobManager != null) {
            jobManager.stop(10);
            jobManager = null;
        }
        try {
            Files.deleteIfExists(spec.dir().resolve(STATE_FILE));
        } catch (IOException ignored) {
            // a stale state file names dead pids only; stopDetached skips those
        }
    }

    private void writeState() {
        Properties p = new Properties();
        p.setProperty("rest.address", restAddress());
        p.setProperty("conf.dir", confDir.toString());
        List<ChildJvm> children = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            children.add(jobManager);
        }
        for (ChildJvm child : children) {
            if (child.isAlive()) {
                ProcessHandle h = child.process().toHandle();
                p.setProperty(child.name() + ".pid", String.valueOf(h.pid()));
                p.setProperty(child.name() + ".started", h.info().startInstant().map(Object::toString).orElse("?"));
            }
        }
        try (var out = Files.newBufferedWriter(spec.dir().resolve(STATE_FILE), StandardCharsets.UTF_8)) {
            p.store(out, "driftgate local Flink session cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec.dir().resolve(STATE_FILE), e);
        }
    }

    private static Properties readState(Path dir) throws IOException {
        Properties p = new Properties();
        Path file = dir.resolve(STATE_FILE);
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Flink cluster", e);
        }
    }
}
