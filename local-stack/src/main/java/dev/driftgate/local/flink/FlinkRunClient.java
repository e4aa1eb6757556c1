package dev.driftgate.local.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's own command-line client ({@code org.apache.flink.client.cli.CliFrontend}, what the
 * distribution's {@code bin/flink} runs) in a child JVM on the cluster classpath: {@code run},
 * {@code stop --savepointPath}, {@code cancel}. The job jar goes through the same code path as
 * {@code flink run -m HOST:PORT -c MAIN JAR ARGS}: PackagedProgram, the jar's own classloader, the
 * REST submission. Inputs are checked first so that a missing jar, an unreachable cluster or a
 * missing savepoint is one clear sentence ({@link FlinkClientException}), not a client stack trace.
 */
public final class FlinkRunClient {
    static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private final String restAddress;
    private final Path workDir;
    private final Map<String, String> environment;
    private final String classpath;

    /**
     * @param restAddress the JobManager REST address, {@code host:port}
     * @param workDir     where the client's conf dir and logs go
     * @param environment extra environment for the client JVM (the job's main() runs there)
     */
    public FlinkRunClient(String restAddress, Path workDir, Map<String, String> environment) {
        this.restAddress = parseAddress(restAddress);
        this.workDir = workDir.toAbsolutePath();
        this.environment = Map.copyOf(environment);
        this.classpath = ClusterClasspath.load();
    }

    /** What a client invocation printed and how it exited. */
    public record Result(int exitCode, List<String> output, Path log) {
        public Optional<String> jobId() {
            return find(JOB_ID);
        }

        public Optional<String> savepointPath() {
            return find(SAVEPOINT);
        }

        private Optional<String> find(Pattern p) {
            for (String line : output) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            return Optional.empty();
        }
    }

    /** A job submission: {@code flink run [-d] [-p N] [-s SAVEPOINT] -c MAIN JAR ARGS}. */
    public record Submission(Path jar, String mainClass, List<String> args, boolean detached, Integer parallelism,
            String fromSavepoint) {
        public Submission {
            args = List.copyOf(args);
        }

        public static Submission of(Path jar, String mainClass, List<String> args) {
            return new Submission(jar, mainClass, args, false, null, null);
        }

        public Submission detach() {
            return new Submission(jar, mainClass, args, true, parallelism, fromSavepoint);
        }

        public Submission withParallelism(int p) {
            return new Submission(jar, mainClass, args, detached, p, fromSavepoint);
        }

        public Submission fromSavepoint(String path) {
            return new Submission(jar, mainClass, args, detached, parallelism, path);
        }
    }

    public String restAddress() {
        return restAddress;
    }

    /** Submits a job; attached submissions return when the job's main() returns. */
    public Result run(Submission s, Consumer<String> lines) {
        if (!Files.isRegularFile(s.jar())) {
            throw new FlinkClientException("job jar not found: " + s.jar().toAbsolutePath()
                    + " (build it with: mvn -B -Pjob-jar -DskipTests package)");
        }
        if (s.fromSavepoint() != null) {
            requireSavepoint(s.fromSavepoint());
        }
        requireReachable();
        List<String> args = new ArrayList<>(List.of("run", "-m", restAddress));
        if (s.detached()) {
            args.add("-d");
        }
        if (s.parallelism() != null) {
            args.addAll(List.of("-p", String.valueOf(s.parallelism())));
        }
        if (s.fromSavepoint() != null) {
            args.addAll(List.of("-s", s.fromSavepoint()));
        }
        args.addAll(List.of("-c", s.mainClass(), s.jar().toAbsolutePath().toString()));
        args.addAll(s.args());
        return invoke("run", args, lines);
    }

    /** {@code flink stop --savepointPath DIR JOB}: a final savepoint, then the job finishes. */
    public String stopWithSavepoint(String jobId, Path savepointDir) {
        requireReachable();
        Result r = invoke("stop", List.of("stop", "-m", restAddress, "--savepointPath",
                savepointDir.toAbsolutePath().toUri().toString(), jobId), line -> { });
        return r.savepointPath().filter(p -> r.exitCode() == 0).orElseThrow(() -> new FlinkClientException(
                "stop-with-savepoint of job " + jobId + " failed (exit " + r.exitCode() + "); see " + r.log()));
    }

    public void cancel(String jobId) {
        requireReachable();
        Result r = invoke("cancel", List.of("cancel", "-m", restAddress, jobId), line -> { });
        if (r.exitCode() != 0) {
            throw new FlinkClientException("cancel of job " + jobId + " failed (exit " + r.exitCode() + "); see "
                    + r.log());
        }
    }

    private void requireReachable() {
        if (!new FlinkRest(restAddress).reachable()) {
            throw new FlinkClientException("Flink cluster unreachable: no JobManager REST endpoint answers at http://"
                    + restAddress + " (start one with: driftgate cluster start)");
        }
    }

    /** A savepoint the client can see: a local path or file: URI must exist (remote schemes are left to Flink). */
    private static void requireSavepoint(String savepoint) {
        Path local;
        if (savepoint.startsWith("file:")) {
            local = Path.of(URI.create(savepoint));
        } else if (savepoint.contains("://")) {
            return;
        } else {
            local = Path.of(savepoint);
        }
        if (!Files.exists(local)) {
            throw new FlinkClientException("savepoint not found: " + savepoint);
        }
    }

    private Result invoke(String what, List<String> args, Consumer<String> lines) {
        try {
            Path confDir = writeClientConf();
            Path log = workDir.resolve("client-" + what + "-" + System.currentTimeMillis() + ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-Dai.djl.offline=true",
                    "-Dlogback.configurationFile=" + confDir.resolve("logback.xml"),
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
            cmd.addAll(FlinkConfig.JAVA_OPENS);
            cmd.addAll(List.of("-cp", classpath, CLI_FRONTEND));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(environment);
            // what bin/flink exports: where the client reads config.yaml
            pb.environment().put("FLINK_CONF_DIR", confDir.toString());
            Process p = pb.start();
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                    w.write(line);
                    w.newLine();
                    lines.accept(line);
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            return new Result(p.waitFor(), out, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Flink client", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkClientException("interrupted while the Flink client ran " + what);
        }
    }

    private Path writeClientConf() throws IOException {
        Path conf = workDir.resolve("client-conf");
        Files.createDirectories(conf);
        String[] hp = restAddress.split(":");
        Files.writeString(conf.resolve("config.yaml"), "rest.address: " + hp[0] + "\nrest.port: " + hp[1] + "\n",
                StandardCharsets.UTF_8);
        // the client's own logging stays at WARN so the job's main() output is what the user sees
        Files.writeString(conf.resolve("logback.xml"), "<configuration><appender name=\"ERR\" "
                + "class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target><encoder><pattern>"
                + "%-5level %logger{30} - %msg%n</pattern></encoder></appender>"
                // no YARN CLI and no plugins dir on this classpath: both WARN with a stack trace, harmlessly
                + "<logger name=\"org.apache.flink.client.cli.CliFrontend\" level=\"ERROR\"/>"
                + "<logger name=\"org.apache.flink.core.plugin\" level=\"ERROR\"/><root level=\"WARN\">"
                + "<appender-ref ref=\"ERR\"/></root></configuration>\n", StandardCharsets.UTF_8);
        return conf;
    }

    private static String parseAddress(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new FlinkClientException("cluster address must be HOST:PORT (the JobManager's REST port), got '"
                    + hostPort + "'");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new FlinkClientException("cluster address must be HOST:PORT with a port in 1..65535, got '"
                    + hostPort + "'");
        }
        return hostPort;
    }
}
