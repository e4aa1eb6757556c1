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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Bulkheads per provider endpoint over real HTTP: provider A (Ollama wire) never answers, provider B
 * (OpenAI wire) answers in 50 ms; 32 shared caller threads alternate between them, as a Flink async
 * operator's slots do. B's completed throughput must not drop by more than 10% while A hangs.
 */
class BulkheadTest {
    private static final long B_LATENCY_MS = 50;
    private static final long PHASE_MS = 3_000;
    private static final int CALLERS = 32;

    @Test
    void aProviderThatNeverAnswersCannotTakeTheOtherProvidersCapacity() throws Exception {
        AtomicBoolean aHung = new AtomicBoolean(false);
        try (StubLlmServer a = new StubLlmServer(Wire.OLLAMA, (n, body) ->
                     aHung.get() ? Reply.ok("late").delayed(600_000) : Reply.ok("a").delayed(B_LATENCY_MS));
             StubLlmServer b = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("b").delayed(B_LATENCY_MS))) {
            BulkheadLimit limit = new BulkheadLimit(8, Duration.ofMillis(100));
            double healthy;
            double hung;
            try (ModelClients models = clients(a, b, limit)) {
                healthy = bThroughput(models);
                aHung.set(true);
                hung = bThroughput(models);
                System.out.printf("bulkhead: B %.1f calls/s with A healthy, %.1f with A hung%n", healthy, hung);
                // A's callers beyond its 8 slots were refused (counted), never queued behind the hang
                assertThat(models.bulkheadStats()).filteredOn(s -> s.endpoint().startsWith("ollama@"))
                        .singleElement().satisfies(s -> assertThat(s.rejected()).isPositive());
            }
            assertThat(hung).as("B calls/s with A hung (%.1f) vs healthy (%.1f)", hung, healthy)
                    .isGreaterThanOrEqualTo(0.9 * healthy);

            // the control: with a budget as large as the callers, the hung provider takes them all
            aHung.set(true);
            try (ModelClients unguarded = clients(a, b, new BulkheadLimit(CALLERS, Duration.ofMillis(100)))) {
                double starved = bThroughput(unguarded);
                System.out.printf("bulkhead: B %.1f calls/s with A hung and no useful bulkhead%n", starved);
                assertThat(starved).as("B calls/s without a useful bulkhead (%.1f)", starved).isLessThan(0.5 * healthy);
            }
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
                assertThat(models.bulkheadStats().get(0).timedOut()).isEqualTo(1);
            }
        }
    }

    private static ModelClients clients(StubLlmServer a, StubLlmServer b, BulkheadLimit limit) {
        LlmSettings settings = LlmSettings.from(Duration.ofSeconds(2), RetryPolicy.of(0),
                Map.of("OLLAMA_BASE_URL", a.rootUrl(), "OPENAI_BASE_URL", b.baseUrl(),
                        "DRIFTGATE_BULKHEAD", limit.maxInFlight() + "," + limit.maxWait().toMillis()));
        ModelClients models = new ModelClients(settings, new PriceTable(Map.of()));
        models.stack("ollama/a");
        models.stack("openai/b");
        return models;
    }

    /** B completions per second while CALLERS threads alternate A and B calls for PHASE_MS. */
    private static double bThroughput(ModelClients models) throws InterruptedException {
        AtomicLong bDone = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Runnable> loops = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int offset = c;
            loops.add(() -> {
                for (int i = offset; !stop.get(); i++) {
                    boolean toB = i % 2 == 0;
                    try {
                        models.complete(ModelRequest.inference(toB ? "openai/b" : "ollama/a", "s", "p"));
                        if (toB && !stop.get()) {
                            bDone.incrementAndGet();
                        }
                    } catch (ModelCallException e) {
                        // A refused, timed out or (after the phase) cut off: B's count is what matters
                    }
                }
            });
        }
        loops.forEach(callers::execute);
        Thread.sleep(500); // settle: the hung provider's slots fill first
        long start = bDone.get();
        Thread.sleep(PHASE_MS);
        double rate = (bDone.get() - start) * 1000.0 / PHASE_MS;
        stop.set(true);
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        return rate;
    }
}
