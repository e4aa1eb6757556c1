package dev.driftgate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.cli.local.GatewayCommand;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.store.Database;
import dev.driftgate.flink.shadow.LlmScoringComponents;
import dev.driftgate.flink.shadow.ShadowDeployment;
import dev.driftgate.flink.shadow.ShadowJobOptions;
import dev.driftgate.flink.shadow.ShadowReport;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo's shadow-traffic stage with the real parts: a KRaft broker (child JVM), the Micronaut
 * gateway (child JVM, as {@code driftgate gateway} runs it), /chat requests over HTTP, the streaming
 * shadow-scoring job on a MiniCluster writing to the demo's PostgreSQL, and the shadow report.
 */
final class DemoShadowStage {
    private static final int CLIENT_THREADS = 8;

    /** What the stage measured. */
    record Result(int requests, int answered, long distinctPrompts, long sampled, long published, long dropped,
                  long scored, long judgeFailed, Duration streamTime, ShadowReport.Report report, Path gatewayLog) {
    }

    static final class StageException extends Exception {
        StageException(String message) {
            super(message);
        }
    }

    private final DriftgateConfig config;
    private final Path configDir;
    private final Path gatewayDir;
    private final Path demoDir;
    private final LlmSimulator sim;
    private final Database db;
    private final DemoResources resources;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoShadowStage(DriftgateConfig config, Path configDir, Path gatewayDir, Path demoDir, LlmSimulator sim,
                    Database db, DemoResources resources, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.configDir = configDir;
        this.gatewayDir = gatewayDir;
        this.demoDir = demoDir;
        this.sim = sim;
        this.db = db;
        this.resources = resources;
        this.out = out;
        this.err = err;
    }

    Result run(Path dataset, int requests, double shadowPct, ShadowConfig.Promotion promotion, Duration streamTimeout)
            throws Exception {
        ShadowConfig shadow = config.shadow();
        Instant stageStart = Instant.now();

        long t = System.nanoTime();
        LocalKafkaBroker broker = resources.add("Kafka broker", LocalKafkaBroker.startIn(demoDir.resolve("kafka")));
        broker.createTopics(1, java.time.Duration.ofDays(shadow.retention().shadowDays()),
                shadow.kafka().requestsTopic(), shadow.kafka().dlqTopic());
        out.printf("   Kafka broker (KRaft, child JVM) at %s, topics %s and %s (%.1f s)%n", broker.bootstrapServers(),
                shadow.kafka().requestsTopic(), shadow.kafka().dlqTopic(), seconds(t));
        out.flush();

        t = System.nanoTime();
        int port = freePort();
        Path gatewayLog = demoDir.resolve("gateway.log");
        Process gateway = startGateway(port, broker.bootstrapServers(), shadowPct, gatewayLog);
        String base = "http://127.0.0.1:" + port;
        awaitHealthy(gateway, base, gatewayLog);
        out.printf("   gateway (Micronaut, child JVM) on %s, production model %s (%.1f s to ready)%n", base,
                shadow.productionModel(), seconds(t));
        out.flush();

        t = System.nanoTime();
        List<ObjectNode> bodies = requestBodies(dataset, requests);
        long distinct = bodies.stream().map(b -> b.get("prompt").asText()).distinct().count();
        int answered = send(base, bodies);
        Map<String, Double> metrics = awaitPublished(base);
        long sampled = Math.round(metrics.getOrDefault("driftgate_gateway_shadow_sampled_total", 0.0));
        long published = Math.round(metrics.getOrDefault("driftgate_gateway_shadow_published_total", 0.0));
        long dropped = Math.round(metrics.getOrDefault("driftgate_gateway_shadow_dropped_total", 0.0));
        out.printf("   sent %d /chat requests (%d distinct prompts): %d answered 200 in %.1f s; the gateway sampled %d "
                        + "(%.1f%%), Kafka acknowledged %d, dropped %d%n", bodies.size(), distinct, answered, seconds(t),
                sampled, 100.0 * sampled / Math.max(1, bodies.size()), published, dropped);
        out.flush();
        // the gateway's part is done; free its memory and CPU for the job
        resources.closeNow(asCloseable(gateway));

        t = System.nanoTime();
        ShadowDeployment deployment = new ShadowDeployment(broker.bootstrapServers(), "driftgate-demo",
                dbUrl(), dbUser(), null, null);
        LlmScoringComponents scoring = new LlmScoringComponents(configDir.toString(),
                Map.of("OPENAI_BASE_URL", sim.baseUrl()));
        JobClient job = deployment.job(shadow, ShadowJobOptions.from(shadow, config.dataset().categories().size(), null), scoring)
                .executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
        AutoCloseable cancelJob = () -> job.cancel().get(30, TimeUnit.SECONDS);
        resources.add("streaming job", cancelJob);
        out.printf("   streaming job %s started (candidate %s, judge %s); scoring until all %d events are in "
                + "shadow_evals or %ds pass%n", job.getJobID(), shadow.candidateModel(),
                config.scorer().judge().model(), published, streamTimeout.toSeconds());
        out.flush();
        long[] counts = awaitScored(shadow.candidateModel(), stageStart, published, streamTimeout);
        Duration streamTime = Duration.ofNanos(System.nanoTime() - t);
        resources.closeNow(cancelJob);
        out.printf("   %d of %d events scored in %.1f s (%d with a failed judge verdict, kept as failures); job "
                + "cancelled%n", counts[0], published, streamTime.toMillis() / 1000.0, counts[1]);
        if (counts[0] < published) {
            out.println("   (the rest were still in flight when the time ran out, or went to the dead-letter topic "
                    + shadow.kafka().dlqTopic() + ")");
        }
        resources.closeNow(broker);

        ShadowReport.Report report = new ShadowReport(db.dataSource(), promotion)
                .build(shadow.candidateModel(), stageStart);
        out.println("   $ driftgate shadow report");
        DemoCommand.indent(out, ShadowReport.render(report));
        out.println("   " + explain(report, promotion));
        out.flush();
        return new Result(bodies.size(), answered, distinct, sampled, published, dropped, counts[0], counts[1],
                streamTime, report, gatewayLog);
    }

    /** The decision in plain words, from the report and the promotion rule it applied. */
    static String explain(ShadowReport.Report report, ShadowConfig.Promotion promotion) {
        String rule = String.format(java.util.Locale.ROOT, "a candidate may be at most %.2f worse than production "
                + "(promotion.max_allowed_drop)%s, in every category with at least %d scored samples",
                promotion.maxAllowedDrop(), promotion.requireCiClear() ? " with the 95% CI clearing that bound" : "",
                promotion.minSamples());
        return switch (report.decision()) {
            case PROMOTE -> "in plain words: " + rule + "; on live traffic it is, so it can be promoted.";
            case BLOCK -> "in plain words: " + rule + "; on live traffic it is not (yet), so it stays in shadow"
                    + " and production keeps serving.";
            case UNDECIDED -> "in plain words: " + rule + "; there is not enough evidence yet to decide.";
        };
    }

    private Process startGateway(int port, String bootstrap, double shadowPct, Path log) throws StageException,
            IOException {
        List<String> command;
        try {
            command = GatewayCommand.childCommand(gatewayDir, Environment.system());
        } catch (IllegalStateException e) {
            throw new StageException(e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        env.remove(Environment.GATEWAY_API_KEYS);
        env.put("DRIFTGATE_GATEWAY_HOST", "127.0.0.1");
        env.put("DRIFTGATE_GATEWAY_PORT", Integer.toString(port));
        // the demo sends HTTP only; no fight over 4317 with a gateway or Collector already running
        env.put(Environment.GATEWAY_OTLP_GRPC_ENABLED, "false");
        env.put("DRIFTGATE_CONFIG_DIR", configDir.toString());
        env.put("DRIFTGATE_KAFKA_BOOTSTRAP", bootstrap);
        env.put("DRIFTGATE_MODEL_BASE_URL", sim.baseUrl());
        env.put("DRIFTGATE_GATEWAY_SHADOW_PCT", Double.toString(shadowPct));
        Process process = pb.start();
        resources.add("gateway", asCloseable(process));
        return process;
    }

    /** Closing the gateway: SIGTERM so Micronaut closes its producer, then a kill after 10 s. */
    private final Map<Process, AutoCloseable> closers = new java.util.IdentityHashMap<>();

    private synchronized AutoCloseable asCloseable(Process process) {
        return closers.computeIfAbsent(process, p -> () -> {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        });
    }

    private void awaitHealthy(Process gateway, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new StageException("the gateway exited with code " + gateway.exitValue() + "; last lines of "
                        + log + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new StageException("the gateway was not healthy within 120 s; see " + log);
    }

    /** The golden prompts, shuffled with a fixed seed and repeated as needed, as /chat bodies. */
    private static List<ObjectNode> requestBodies(Path dataset, int requests) throws IOException {
        List<JsonNode> examples = new ArrayList<>();
        for (String line : Files.readAllLines(dataset, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                examples.add(Json.mapper().readTree(line));
            }
        }
        Random random = new Random(42);
        List<ObjectNode> bodies = new ArrayList<>();
        while (bodies.size() < requests) {
            List<JsonNode> pass = new ArrayList<>(examples);
            Collections.shuffle(pass, random);
            for (JsonNode e : pass) {
                if (bodies.size() == requests) {
                    break;
                }
                ObjectNode body = Json.mapper().createObjectNode();
                body.put("prompt", e.get("prompt").asText());
                body.put("category", e.get("category").asText());
                bodies.add(body);
            }
        }
        return bodies;
    }

    private int send(String base, List<ObjectNode> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (ObjectNode body : bodies) {
                statuses.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/chat"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            int ok = 0;
            for (Future<Integer> s : statuses) {
                try {
                    ok += s.get() == 200 ? 1 : 0;
                } catch (java.util.concurrent.ExecutionException failed) {
                    // counted as not answered
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Scrapes /prometheus until every sampled event is acknowledged or dropped (at most 20 s). */
    private Map<String, Double> awaitPublished(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, Double> m;
        do {
            m = scrape(base);
            double sampled = m.getOrDefault("driftgate_gateway_shadow_sampled_total", 0.0);
            double settled = m.getOrDefault("driftgate_gateway_shadow_published_total", 0.0)
                    + m.getOrDefault("driftgate_gateway_shadow_dropped_total", 0.0);
            if (settled >= sampled) {
                return m;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return m;
    }

    /** Prometheus text format: sums each metric's samples over their labels. */
    private Map<String, Double> scrape(String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> sums = new java.util.HashMap<>();
        for (String line : body.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            String name = line.substring(0, nameEnd);
            String value = line.substring(line.lastIndexOf(' ') + 1);
            try {
                sums.merge(name, Double.parseDouble(value), Double::sum);
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return sums;
    }

    /** {scored rows, judge failures} once every event is in, or when the time is up. */
    private long[] awaitScored(String candidate, Instant since, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrinted = System.nanoTime();
        long[] counts = countScored(candidate, since);
        while (counts[0] < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            counts = countScored(candidate, since);
            if (System.nanoTime() - lastPrinted > TimeUnit.SECONDS.toNanos(10)) {
                err.printf("   ... %d/%d events scored%n", counts[0], expected);
                err.flush();
                lastPrinted = System.nanoTime();
            }
        }
        return counts;
    }

    private long[] countScored(String candidate, Instant since) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE judge_failed) "
                     + "FROM shadow_evals WHERE shadow_model = ? AND ts >= ?")) {
            s.setString(1, candidate);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private String dbUrl() {
        return ((org.postgresql.ds.PGSimpleDataSource) db.dataSource()).getURL();
    }

    private String dbUser() {
        return ((org.postgresql.ds.PGSimpleDataSource) db.dataSource()).getUser();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
