package dev.driftgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real gateway on a random loopback port, plus a plain JDK HTTP client to talk to it. */
final class GatewayUnderTest implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayUnderTest(EmbeddedServer server) {
        this.server = server;
    }

    /**
     * Starts the gateway with nothing listening at its Kafka address (port 1): for tests of the request
     * path, where the publisher's drops are counted and never delay an answer.
     */
    static GatewayUnderTest withoutKafka(String modelBaseUrl, Map<String, Object> overrides) {
        return start(modelBaseUrl, "127.0.0.1:1", overrides);
    }

    /** Starts the gateway with the repository's config/ and the given overrides. */
    static GatewayUnderTest start(String modelBaseUrl, String kafkaBootstrap, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("driftgate.gateway.config-dir", "../config");
        props.put("driftgate.gateway.model-base-url", modelBaseUrl);
        props.put("driftgate.gateway.kafka-bootstrap-servers", kafkaBootstrap);
        props.put("driftgate.gateway.sampling-key", "test-sampling-key");
        props.put("driftgate.gateway.api-keys", "");
        // a free port: gateways of parallel tests (and a developer's own) must not fight over 4317
        props.put("driftgate.gateway.otlp-grpc-port", 0);
        props.putAll(overrides);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
        return new GatewayUnderTest(server);
    }

    <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    boolean hasBean(Class<?> type) {
        return server.getApplicationContext().containsBean(type);
    }

    /** The OTLP/gRPC receiver's port (it listens on 127.0.0.1 like the HTTP server). */
    int grpcPort() {
        return bean(dev.driftgate.gateway.otlp.OtlpGrpcReceiver.class).port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postBytes(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Any method on a raw path (sent as given: no normalisation by the client). */
    HttpResponse<String> request(String method, String rawPath, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(rawPath)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String path, Object body, String... headers) {
        try {
            return post(path, "application/json", MAPPER.writeValueAsString(body), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A Prometheus sample summed over its label sets, e.g. {@code driftgate_gateway_shadow_dropped_total}. */
    double metric(String sample) {
        String body = get("/prometheus").body();
        double sum = 0;
        boolean found = false;
        for (String line : body.split("\n")) {
            if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample " + sample + " in\n" + body);
        }
        return sum;
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
