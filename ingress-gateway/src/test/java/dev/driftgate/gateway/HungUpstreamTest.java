package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 15: an upstream that accepts connections and never answers. Model calls in flight
 * are bounded; beyond the bound the gateway answers 503 with Retry-After at once, and its thread
 * count stays bounded (before: one blocked thread per request, 300 requests -> 339 threads).
 */
class HungUpstreamTest {
    private static final int BOUND = 8;
    private static final int REQUESTS = 150;
    private static ServerSocket hung;
    private static final List<Socket> held = new CopyOnWriteArrayList<>();
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws IOException {
        hung = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!hung.isClosed()) {
                try {
                    held.add(hung.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                    return;
                }
            }
        }, "hung-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
        gateway = GatewayUnderTest.withoutKafka("http://127.0.0.1:" + hung.getLocalPort() + "/v1", Map.of(
                "driftgate.gateway.max-concurrent-model-calls", Integer.toString(BOUND),
                "driftgate.gateway.model-timeout-ms", "20000"));
    }

    @AfterAll
    static void stop() throws IOException {
        gateway.close();
        hung.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void inFlightModelCallsAreBoundedAndTheRestAreShedWithRetryAfter() throws Exception {
        assertThat(gateway.get("/health").statusCode()).isEqualTo(200);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().executor(clientThreads)
                .version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.uri("/chat").toString()))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hang number " + i + "\"}")).build();
            sentAt.add(System.nanoTime());
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        // every request beyond the bound is answered while the first ones still hang
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (responses.stream().filter(CompletableFuture::isDone).count() < REQUESTS - BOUND
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int peakThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        List<HttpResponse<String>> shed = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            if (f.isDone()) {
                shed.add(f.get());
            }
        }
        System.out.printf("threads: %d before, %d with %d requests in flight (bound %d); %d answered early%n",
                threadsBefore, peakThreads, REQUESTS, BOUND, shed.size());
        assertThat(shed).as("answered while the upstream hangs").hasSize(REQUESTS - BOUND);
        for (HttpResponse<String> r : shed) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(GatewayUnderTest.json(r).get("type").asText())
                    .isEqualTo("https://driftgate.dev/problems/overloaded");
        }
        assertThat(held.size()).as("connections the gateway opened to the hung upstream").isLessThanOrEqualTo(BOUND);
        assertThat(peakThreads - threadsBefore).as("threads added by %d hung requests", REQUESTS)
                .isLessThan(BOUND + 40);
        // /health is not a model call: it still answers
        assertThat(gateway.get("/health/liveness").statusCode()).isEqualTo(200);
        responses.forEach(f -> f.cancel(true));
        clientThreads.shutdownNow();
    }
}
