package dev.driftgate.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The retrying executor against a real local JDK HttpServer scripted to fail a number of times. */
class RetryingHttpClientTest {
    private static final RetryPolicy THREE = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4),
            Duration.ofSeconds(30));

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeAll
    static void noDelay() {
        // without it the JDK server's Nagle delay adds ~40 ms to every small response
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers {@code failures} times with {@code status} (and Retry-After when given), then 200 "ok". */
    private URI serve(int failures, int status, String retryAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                boolean fail = requests.incrementAndGet() <= failures;
                if (fail && retryAfter != null) {
                    ex.getResponseHeaders().set("Retry-After", retryAfter);
                }
                byte[] body = (fail ? "no" : "ok").getBytes();
                ex.sendResponseHeaders(fail ? status : 200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private HttpResponse<String> post(URI uri, RetryPolicy policy) throws Exception {
        RetryingHttpClient http = new RetryingHttpClient(RetryingHttpClient.defaultClient(), policy, waits::add);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void retryableStatusesAreRetriedUntilSuccess() throws Exception {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            requests.set(0);
            waits.clear();
            HttpResponse<String> response = post(serve(2, status, null), THREE);
            assertThat(response.statusCode()).as("after %d", status).isEqualTo(200);
            assertThat(requests.get()).as("requests for %d", status).isEqualTo(3);
            assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(4)));
            stop();
        }
    }

    @Test
    void otherClientErrorsComeBackAtOnce() throws Exception {
        for (int status : new int[] {400, 401, 403, 404, 422}) {
            requests.set(0);
            HttpResponse<String> response = post(serve(5, status, null), THREE);
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(requests.get()).isEqualTo(1);
            stop();
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void theRetryCapIsRespectedAndTheLastResponseReturned() throws Exception {
        HttpResponse<String> response = post(serve(100, 503, null), THREE);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(requests.get()).isEqualTo(4);
        assertThat(waits).hasSize(3);
    }

    @Test
    void retryAfterSecondsIsHonouredAndCapped() throws Exception {
        post(serve(1, 429, "2"), THREE);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        stop();
        waits.clear();
        requests.set(0);
        post(serve(1, 503, "86400"), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4),
                Duration.ofSeconds(7)));
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterHttpDateIsHonoured() throws Exception {
        String in20s = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20));
        post(serve(1, 503, in20s), THREE);
        assertThat(waits).singleElement().satisfies(w ->
                assertThat(w).isBetween(Duration.ofSeconds(17), Duration.ofSeconds(20)));
    }

    @Test
    void ioErrorsAreRetriedThenSurfaceWithoutThePath() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closedPort + "/services/T0/B0/secret");
        assertThatThrownBy(() -> post(refused, THREE)).isInstanceOf(IOException.class)
                .hasMessageContaining("failed after 4 attempts").hasMessageNotContaining("secret");
        assertThat(waits).hasSize(3);
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        AtomicInteger slow = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/slow", ex -> {
            try (ex) {
                if (slow.incrementAndGet() == 1) {
                    Thread.sleep(1_000);
                }
                ex.sendResponseHeaders(200, 2);
                ex.getResponseBody().write("ok".getBytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        RetryingHttpClient http = new RetryingHttpClient(RetryingHttpClient.defaultClient(), THREE, waits::add);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow"))
                .timeout(Duration.ofMillis(200)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(slow.get()).isEqualTo(2);
    }
}
