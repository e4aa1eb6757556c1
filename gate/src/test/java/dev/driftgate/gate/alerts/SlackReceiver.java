package dev.driftgate.gate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local Slack incoming webhook: answers "ok" like Slack, keeps what it accepted, can fail on demand. */
final class SlackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile String failBody = "internal_error";
    final AtomicInteger requests = new AtomicInteger();

    SlackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/T000/B000/secretpath", ex -> {
            try (ex) {
                requests.incrementAndGet();
                byte[] in = ex.getRequestBody().readAllBytes();
                int status = 200;
                String body = "ok";
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = failStatus;
                    body = failBody;
                } else {
                    JsonNode payload = Json.mapper().readTree(in);
                    if (!payload.hasNonNull("text") || !payload.path("blocks").isArray()) {
                        status = 400;
                        body = "invalid_payload";
                    } else {
                        accepted.add(payload);
                    }
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/secretpath";
    }

    void failNext(int count, int status, String body) {
        failStatus = status;
        failBody = body;
        failNext.set(count);
    }

    List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
