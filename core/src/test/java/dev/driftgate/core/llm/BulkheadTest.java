package dev.driftgate.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Bulkheads per provider endpoint over real HTTP: provider A (Ollama wire) never answers, provider B
 * (OpenAI wire) answers in 50 ms. Calls to both arrive at a fixed rate and share 32 caller slots, as a
 * Flink async operator's capacity does (a full operator backpressures: arrivals wait for a slot). B's
 * delivered share of its offered calls must not drop by more than 10% while A hangs. Offered load,
 * not closed-loop throughput, so the measure does not depend on how fast this machine is.
 */
class BulkheadTest {
    private static final long B_LATENCY_MS = 50;
    private static final int CALLERS = 32;
    private static final double RATE_PER_PROVIDER = 25;
    private static final long SETTLE_MS = 3_000;
    private static final long PHASE_MS = 4_000;

    @Test
    void byDefaultAHungProviderHoldsItsFairShareOfTheCallersAndNoMore() throws Exception {
        AtomicBoolean aHung = new AtomicBoolean(false);
        try (StubLlmServer a = new StubLlmServer(Wire.OLLAMA, (n, body) ->
                     aHung.get() ? Reply.ok("late").delayed(600_000) : Reply.ok("a").delayed(B_LATENCY_MS));
             StubLlmServer b = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("b").delayed(B_LATENCY_MS));
             ModelClients models = clients(a, b, null)) {
            double healthy = bDeliveredShare(models);
            aHung.set(true);
            double hung = bDeliveredShare(models);
            System.out.printf("bulkhead (default, fair share): B delivered %.3f of its offered calls with A healthy,"
                    + " %.3f with A hung%n", healthy, hung);
            assertThat(hung).as("B delivered with A hung (%.3f) vs healthy (%.3f)", hung, healthy)
                    .isGreaterThanOrEqualTo(0.9 * healthy);
            assertThat(models.bulkheadStats()).filteredOn(s -> s.endpoint().startsWith("ollama@")).singleElement()
                    .satisfies(s -> {
                        // the callers' peak (up to 32) split over the two endpoints in use
                        assertThat(s.share()).isBetween(CALLERS / 4, CALLERS / 2);
                        assertThat(s.callers()).as("callers waiting on A").isLessThanOrEqualTo(s.share());
                        assertThat(s.rejected() + s.abandoned()).isPositive();
                    });
        }
    }

    @Test
    void aFixedBudgetBelowTheCallersIsolatesAndOneAsLargeAsTheCallersDoesNot() throws Exception {
        try (StubLlmServer a = new StubLlmServer(Wire.OLLAMA, (n, body) -> Reply.ok("late").delayed(600_000));
             StubLlmServer b = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("b").delayed(B_LATENCY_MS))) {
            double guarded;
            try (ModelClients models = clients(a, b, "8,100")) {
                guarded = bDeliveredShare(models);
            }
            double starved;
            try (ModelClients models = clients(a, b, CALLERS + ",100")) {
                starved = bDeliveredShare(models);
            }
            System.out.printf("bulkhead: B delivered %.3f of its offered calls with A hung and a budget of 8,"
                    + " %.3f with a budget of %d (the callers)%n", guarded, starved, CALLERS);
            assertThat(guarded).as("B delivered with a budget of 8 (%.3f)", guarded).isGreaterThanOrEqualTo(0.9);
            assertThat(starved).as("B delivered with a budget as large as the callers (%.3f)", starved).isLessThan(0.5);
        }
    }

    @Test
    void twoHealthyEndpointsOfDifferentSpeedsAreNeverRefused() throws Exception {
        try (StubLlmServer a = new StubLlmServer(Wire.OLLAMA, (n, body) -> Reply.ok("a").delayed(300));
             StubLlmServer b = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("b").delayed(20));
             ModelClients models = clients(a, b, null)) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong failures = new AtomicLong();
            AtomicLong calls = new AtomicLong();
            for (int c = 0; c < 16; c++) {
                int offset = c;
                callers.execute(() -> {
                    for (int i = offset; !stop.get(); i++) {
                        try {
                            models.complete(ModelRequest.inference(i % 2 == 0 ? "openai/b" : "ollama/a", "s", "p"));
                            calls.incrementAndGet();
                        } catch (ModelCallException e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(3_000);
            stop.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            // the slow one waits for its share instead of failing: its answers keep the stall clock reset
            assertThat(calls.get()).as("calls answered in 3 s (about 150 on an idle machine)").isGreaterThan(30);
            assertThat(failures.get()).isZero();
            assertThat(models.bulkheadStats()).allSatisfy(s -> assertThat(s.rejected()).isZero());
        }
    }

    @Test
    void aFullBulkheadFailsAtOnceWithoutRetry() throws Exception {
        try (StubLlmServer a = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("late").delayed(600_000));
             ModelClients models = new ModelClients(LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(3),
                     Map.of("OPENAI_BASE_URL", a.baseUrl(), "DRIFTGATE_BULKHEAD", "1,0")), new PriceTable(Map.of()))) {
            models.stack("openai/m");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.submit(() -> models.complete(ModelRequest.inference("openai/m", "s", "p")));
            while (models.bulkheadStats().get(0).inFlight() < 1) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> models.complete(ModelRequest.inference("openai/m", "s", "p")))
                    .isInstanceOfSatisfying(ModelCallException.class, e -> {
                        assertThat(e.getMessage()).contains("bulkhead full");
                        assertThat(e.retryable()).isFalse();
                    });
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
            assertThat(models.bulkheadStats().get(0).rejected()).isEqualTo(1);
            pool.shutdownNow();
        }
    }

    @Test
    void anAttemptIsCutOffAtTheHardTimeoutWhenTheServerTricklesItsBody() throws Exception {
        // headers at once, then a byte every 100 ms: the HTTP client's timeout (response headers) never fires
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 1000; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // the client hung up: done
                }
            });
            trickler.setDaemon(true);
            trickler.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            try (ModelClients models = new ModelClients(LlmSettings.from(Duration.ofMillis(500), RetryPolicy.of(0),
                    Map.of("OPENAI_BASE_URL", url)), new PriceTable(Map.of()))) {
                models.stack("openai/m");
                long start = System.nanoTime();
                assertThatThrownBy(() -> models.complete(ModelRequest.inference("openai/m", "s", "p")))
                        .isInstanceOfSatisfying(ModelCallException.class,
                                e -> assertThat(e.getMessage()).contains("hard timeout of 1500 ms"));
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_400L, 5_000L);
                assertThat(models.bulkheadStats().get(0).abandoned()).isEqualTo(1);
            }
        }
    }

    /** Clients of A and B with DRIFTGATE_BULKHEAD set to {@code bulkhead}, or unset (the default) when null. */
    private static ModelClients clients(StubLlmServer a, StubLlmServer b, String bulkhead) {
        Map<String, String> env = new HashMap<>(Map.of("OLLAMA_BASE_URL", a.rootUrl(), "OPENAI_BASE_URL", b.baseUrl()));
        if (bulkhead != null) {
            env.put("DRIFTGATE_BULKHEAD", bulkhead);
        }
        ModelClients models = new ModelClients(LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0), env),
                new PriceTable(Map.of()));
        models.stack("ollama/a");
        models.stack("openai/b");
        return models;
    }

    /**
     * B's calls completed in a measured phase over those offered in it, while A and B calls alternate at
     * RATE_PER_PROVIDER each, every call holding one of CALLERS slots; the arrivals wait when all are taken.
     */
    private static double bDeliveredShare(ModelClients models) throws InterruptedException {
        Semaphore slots = new Semaphore(CALLERS);
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicLong bDone = new AtomicLong();
        long intervalNanos = (long) (1e9 / (2 * RATE_PER_PROVIDER));
        long start = System.nanoTime();
        long measureFrom = start + SETTLE_MS * 1_000_000;
        long measureTo = measureFrom + PHASE_MS * 1_000_000;
        for (long i = 0; System.nanoTime() < measureTo; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            slots.acquire();
            boolean toB = i % 2 == 0;
            pool.execute(() -> {
                try {
                    models.complete(ModelRequest.inference(toB ? "openai/b" : "ollama/a", "s", "p"));
                    long now = System.nanoTime();
                    if (toB && now >= measureFrom && now < measureTo) {
                        bDone.incrementAndGet();
                    }
                } catch (ModelCallException e) {
                    // A refused or cut off: B's count is what matters
                } finally {
                    slots.release();
                }
            });
        }
        long done = bDone.get();
        pool.shutdownNow();
        return done / (RATE_PER_PROVIDER * PHASE_MS / 1000.0);
    }
}
