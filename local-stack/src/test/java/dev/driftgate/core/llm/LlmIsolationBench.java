package dev.driftgate.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.DatabaseTarget;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test, not run by {@code mvn verify}) of issue 16's two LLM-isolation targets.
 *
 * <pre>
 * hung  [baselineSec=120] [hungSec=300] [callers=32] [bulkhead=8,100|default] [bLatencyMs=50] [timeoutMs=2000]
 *   provider A: a real local HTTP server (Ollama wire) that answers in bLatencyMs during the baseline
 *   phase and then never answers (reads the request, sends nothing, keeps the connection);
 *   provider B: the simulator (OpenAI wire) with a fixed latency of bLatencyMs. `callers` threads share
 *   one ModelClients and alternate A and B calls. Target: B's completed calls/s while A hangs
 *   >= 0.9 x B's calls/s while A is healthy.
 *
 * shared [L=600] [durationSec=600] [threadsPerClient=6]
 *   two independent ModelClients (parallelism-2 stand-in) sharing the limit in embedded PostgreSQL
 *   (V9 rate_limit_buckets, JdbcRateBuckets) against the simulator enforcing L requests/minute.
 *   Target: accepted rate <= L + 5% and zero 429s over the whole duration.
 * </pre>
 */
public final class LlmIsolationBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmIsolationBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "hung";
        if (mode.equals("hung")) {
            hung(intArg(args, 1, 120), intArg(args, 2, 300), intArg(args, 3, 32), args.length > 4 ? args[4] : "8,100",
                    intArg(args, 5, 50), intArg(args, 6, 2000));
        } else if (mode.equals("shared")) {
            shared(intArg(args, 1, 600), intArg(args, 2, 600), intArg(args, 3, 6));
        } else {
            throw new IllegalArgumentException("mode must be hung or shared, got " + mode);
        }
        System.exit(0);
    }

    private static int intArg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static LlmSimulator simulator() {
        return new LlmSimulator(SimulatorConfig.load(Path.of("local-stack/src/test/resources/sim/simulator-test.yaml")),
                ReferenceAnswers.load(Path.of("local-stack/src/test/resources/sim/golden-mini.jsonl"))).start(0);
    }

    // ---------------------------------------------------------------- (a) a hung provider

    private static void hung(int baselineSec, int hungSec, int callers, String bulkhead, int latencyMs, int timeoutMs)
            throws Exception {
        AtomicBoolean aHung = new AtomicBoolean(false);
        AtomicLong aReceived = new AtomicLong();
        AtomicLong aUnanswered = new AtomicLong();
        ExecutorService aPool = Executors.newFixedThreadPool(64);
        HttpServer a = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        a.setExecutor(aPool);
        a.createContext("/api/chat", exchange -> {
            aReceived.incrementAndGet();
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (aHung.get()) {
                // never answer: no status line, no close; the exchange (and its connection) stays open
                aUnanswered.incrementAndGet();
                return;
            }
            try (exchange) {
                Thread.sleep(latencyMs);
                ObjectNode body = JSON.createObjectNode();
                body.put("model", request.path("model").asText()).put("created_at", "2026-11-30T00:00:00Z")
                        .put("done", true).put("done_reason", "stop").put("prompt_eval_count", 100).put("eval_count", 20);
                body.putObject("message").put("role", "assistant").put("content", "a");
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException | IOException e) {
                // shutting down or the client gave up
            }
        });
        a.start();
        String aRoot = "http://127.0.0.1:" + a.getAddress().getPort();

        try (LlmSimulator b = simulator()) {
            b.setLatencyOverrideMs((long) latencyMs);
            Map<String, String> env = new HashMap<>(Map.of("OLLAMA_BASE_URL", aRoot, "OPENAI_BASE_URL", b.baseUrl()));
            if (!bulkhead.equals("default")) { // "default": DRIFTGATE_BULKHEAD unset
                env.put("DRIFTGATE_BULKHEAD", bulkhead);
            }
            LlmSettings settings = LlmSettings.from(Duration.ofMillis(timeoutMs), RetryPolicy.of(0), env);
            System.out.printf("hung: callers=%d bulkhead=%s latency=%d ms timeout=%d ms hard timeout=%d ms "
                            + "baseline=%d s hung=%d s%n", callers, bulkhead, latencyMs, timeoutMs,
                    settings.hardAttemptTimeout().toMillis(), baselineSec, hungSec);
            try (ModelClients models = new ModelClients(settings, new PriceTable(Map.of()))) {
                models.stack("ollama/a");
                models.stack("openai/sim-perfect");
                AtomicLong bDone = new AtomicLong();
                AtomicLong bFailed = new AtomicLong();
                AtomicLong aDone = new AtomicLong();
                AtomicLong aFailed = new AtomicLong();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                for (int c = 0; c < callers; c++) {
                    int offset = c;
                    pool.execute(() -> {
                        for (int i = offset; !stop.get(); i++) {
                            boolean toB = i % 2 == 0;
                            try {
                                models.complete(ModelRequest.inference(toB ? "openai/sim-perfect" : "ollama/a", "s",
                                        "What is 2 + 2?"));
                                (toB ? bDone : aDone).incrementAndGet();
                            } catch (ModelCallException e) {
                                (toB ? bFailed : aFailed).incrementAndGet();
                            } catch (RuntimeException e) {
                                (toB ? bFailed : aFailed).incrementAndGet();
                            }
                        }
                    });
                }
                int settleSec = 10;
                Thread.sleep(settleSec * 1000L);
                double healthy = phase("baseline (A healthy)", bDone, bFailed, aDone, aFailed, baselineSec - settleSec);
                aHung.set(true);
                System.out.printf("A now hangs (t=%d s)%n", baselineSec);
                Thread.sleep(settleSec * 1000L);
                double hung = phase("A hung", bDone, bFailed, aDone, aFailed, hungSec - settleSec);
                stop.set(true);
                System.out.printf("RESULT hung: B %.1f calls/s with A healthy, %.1f with A hung; ratio %.3f "
                                + "(target >= 0.900: %s)%n", healthy, hung, hung / healthy,
                        hung / healthy >= 0.9 ? "met" : "NOT met");
                System.out.printf("A server: %d requests received, %d left unanswered%n", aReceived.get(),
                        aUnanswered.get());
                models.bulkheadStats().forEach(s -> System.out.println("bulkhead " + s));
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            a.stop(0);
            aPool.shutdownNow();
        }
    }

    /** B calls/s over {@code seconds}, with a line per minute. */
    private static double phase(String name, AtomicLong bDone, AtomicLong bFailed, AtomicLong aDone, AtomicLong aFailed,
            int seconds) throws InterruptedException {
        long b0 = bDone.get();
        long bf0 = bFailed.get();
        long a0 = aDone.get();
        long af0 = aFailed.get();
        long start = System.nanoTime();
        long lastB = b0;
        long lastT = start;
        int left = seconds;
        while (left > 0) {
            int step = Math.min(60, left);
            Thread.sleep(step * 1000L);
            left -= step;
            long now = System.nanoTime();
            long b = bDone.get();
            System.out.printf("  %s: B %.1f calls/s in the last %d s%n", name, (b - lastB) / ((now - lastT) / 1e9), step);
            lastB = b;
            lastT = now;
        }
        double sec = (System.nanoTime() - start) / 1e9;
        double rate = (bDone.get() - b0) / sec;
        System.out.printf("%s: %.0f s, B completed %d (%.1f/s), B failed %d, A completed %d, A failed %d%n", name, sec,
                bDone.get() - b0, rate, bFailed.get() - bf0, aDone.get() - a0, aFailed.get() - af0);
        return rate;
    }

    // ---------------------------------------------------------------- (b) a shared limit

    private static void shared(int limit, int durationSec, int threadsPerClient) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Database db = Database.connect(DatabaseTarget.external(pg.getJdbcUrl("postgres", "postgres"),
                     Optional.of("postgres"), Optional.empty()));
             LlmSimulator sim = simulator()) {
            sim.setRequestsPerMinuteLimit(limit);
            RateBuckets shared = new JdbcRateBuckets(db.dataSource());
            System.out.printf("shared: L=%d requests/min (%.2f/s), 2 ModelClients x %d threads, %d s%n", limit,
                    limit / 60.0, threadsPerClient, durationSec);
            try (ModelClients first = limited(sim, shared, limit); ModelClients second = limited(sim, shared, limit)) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong failed = new AtomicLong();
                List<ModelClients> clients = List.of(first, second);
                ExecutorService pool = Executors.newFixedThreadPool(threadsPerClient * clients.size());
                long start = System.nanoTime();
                for (ModelClients models : clients) {
                    for (int t = 0; t < threadsPerClient; t++) {
                        pool.execute(() -> {
                            while (!stop.get()) {
                                try {
                                    models.complete(ModelRequest.inference("openai/sim-perfect", "s", "What is 2 + 2?"));
                                } catch (RuntimeException e) {
                                    if (failed.incrementAndGet() <= 3) {
                                        System.out.println("  client-side failure: " + e.getMessage());
                                    }
                                }
                            }
                        });
                    }
                }
                List<Double> perMinute = new ArrayList<>();
                long lastAccepted = 0;
                long lastT = start;
                double maxMinute = 0;
                int left = durationSec;
                while (left > 0) {
                    int step = Math.min(60, left);
                    Thread.sleep(step * 1000L);
                    left -= step;
                    long now = System.nanoTime();
                    long accepted = sim.requestCount() - sim.rateLimitedCount();
                    double rate = (accepted - lastAccepted) / ((now - lastT) / 1e9) * 60;
                    perMinute.add(rate);
                    maxMinute = Math.max(maxMinute, rate);
                    System.out.printf("  shared: %.1f requests/min accepted in the last %d s, 429s so far %d%n", rate,
                            step, sim.rateLimitedCount());
                    lastAccepted = accepted;
                    lastT = now;
                }
                double sec = (System.nanoTime() - start) / 1e9;
                long accepted = sim.requestCount() - sim.rateLimitedCount();
                stop.set(true);
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
                double observed = accepted / sec * 60;
                boolean met = observed <= limit * 1.05 && maxMinute <= limit * 1.05 && sim.rateLimitedCount() == 0;
                System.out.printf("RESULT shared: %d accepted in %.0f s = %.1f requests/min for L=%d (%.3f x L), "
                                + "max 1-minute window %.1f (%.3f x L), 429s %d, client-side failures %d (target <= "
                                + "1.05 x L and 0 429s: %s)%n", accepted, sec, observed, limit, observed / limit,
                        maxMinute, maxMinute / limit, sim.rateLimitedCount(), failed.get(), met ? "met" : "NOT met");
            }
        }
    }

    private static ModelClients limited(LlmSimulator sim, RateBuckets buckets, int limit) {
        LlmSettings settings = LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0),
                Map.of("OPENAI_BASE_URL", sim.baseUrl(), "DRIFTGATE_RATE_LIMIT_OPENAI", limit + ",0"));
        ModelClients models = new ModelClients(settings, new PriceTable(Map.of()), null,
                dev.driftgate.core.cache.CacheMode.NO_CACHE, buckets);
        models.stack("openai/sim-perfect");
        return models;
    }
}
