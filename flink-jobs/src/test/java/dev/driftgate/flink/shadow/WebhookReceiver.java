package dev.driftgate.flink.shadow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A local Slack incoming-webhook stand-in on 127.0.0.1: records bodies; can fail the first N posts with 503. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger failFirst = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slack", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            attempts.incrementAndGet();
            int status;
            if (failFirst.getAndDecrement() > 0) {
                status = 503;
            } else {
                accepted.add(body);
                acceptedAt.add(System.currentTimeMillis());
                status = 200;
            }
            byte[] ok = (status == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slack";
    }

    void reset() {
        accepted.clear();
        acceptedAt.clear();
        attempts.set(0);
        failFirst.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
