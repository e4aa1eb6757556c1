package dev.driftgate.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Slack incoming webhook on 127.0.0.1 for the tests of every module that posts alerts: answers
 * {@code ok} like Slack, rejects a payload without {@code text} and {@code blocks} with 400
 * {@code invalid_payload} like Slack, keeps what it accepted (and when), and fails the next posts on
 * demand. The URL has Slack's shape, with a path that tests can look for in logs (it is the secret).
 */
public final class SlackWebhookReceiver implements AutoCloseable {
    public static final String PATH = "/services/T000/B000/secretpath";

    private final HttpServer server;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String failBody = "unavailable";

    public SlackWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, ex -> {
            try (ex) {
                requests.incrementAndGet();
                byte[] in = ex.getRequestBody().readAllBytes();
                int status = 200;
                String body = "ok";
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = failStatus;
                    body = failBody;
                } else {
                    JsonNode payload = parse(in);
                    if (payload == null || !payload.hasNonNull("text") || !payload.path("blocks").isArray()) {
                        status = 400;
                        body = "invalid_payload";
                    } else {
                        accepted.add(payload);
                        acceptedAt.add(System.currentTimeMillis());
                    }
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    private static JsonNode parse(byte[] in) {
        try {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            return null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The next {@code count} posts get 503 {@code unavailable}, as Slack answers when it is busy. */
    public void failNext(int count) {
        failNext(count, 503, "unavailable");
    }

    public void failNext(int count, int status, String body) {
        failStatus = status;
        failBody = body;
        failNext.set(count);
    }

    /** The payloads answered {@code ok}, in arrival order. */
    public List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    /** When each accepted payload arrived (epoch milliseconds), parallel to {@link #accepted()}. */
    public List<Long> acceptedAt() {
        return List.copyOf(acceptedAt);
    }

    /** Every post, whatever the answer. */
    public int requests() {
        return requests.get();
    }

    public void reset() {
        accepted.clear();
        acceptedAt.clear();
        requests.set(0);
        failNext.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
