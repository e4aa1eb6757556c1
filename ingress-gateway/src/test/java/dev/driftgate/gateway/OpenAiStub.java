package dev.driftgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server speaking the OpenAI chat-completions protocol, standing in for the
 * paid production model: answers "answer to: <last user message>", and HTTP 500 when the prompt
 * contains FAIL_MODEL, so the gateway's LangChain4j client path runs for real.
 */
final class OpenAiStub implements AutoCloseable {
    static final String FAIL = "FAIL_MODEL";
    /** In a prompt: the upstream answers 400 (a client-caused error, e.g. max_tokens too large). */
    static final String CLIENT_ERROR = "CLIENT_ERROR";
    /** In a prompt of a streamed request: the connection drops after the first words. */
    static final String MIDSTREAM_FAIL = "MIDSTREAM_FAIL";
    /** Upstream error text that must never reach a gateway client or /health. */
    static final String UPSTREAM_SECRET = "upstream-internal-detail-7f3a";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    final AtomicInteger calls = new AtomicInteger();
    /** Every request body received, in order, when recording (tests that share the JVM's heap, such as
     * KafkaDownMemoryTest, must not keep 1,600 60 KB bodies). */
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final boolean recording;

    OpenAiStub() throws IOException {
        this(false);
    }

    OpenAiStub(boolean recording) throws IOException {
        this.recording = recording;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static String answerTo(String prompt) {
        return "answer to: " + prompt;
    }

    private void complete(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        JsonNode request = MAPPER.readTree(exchange.getRequestBody());
        if (recording) {
            bodies.add(request);
        }
        String prompt = "";
        for (JsonNode message : request.get("messages")) {
            if (message.get("role").asText().equals("user")) {
                prompt = message.get("content").asText();
            }
        }
        if (prompt.contains(FAIL)) {
            send(exchange, 500, Map.of("error", Map.of("message", "simulated outage " + UPSTREAM_SECRET,
                    "type", "server_error")));
            return;
        }
        if (prompt.contains(CLIENT_ERROR)) {
            send(exchange, 400, Map.of("error", Map.of("message", "max_tokens is too large: 100000 "
                    + UPSTREAM_SECRET, "type", "invalid_request_error")));
            return;
        }
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, request, answerTo(prompt), prompt.contains(MIDSTREAM_FAIL));
            return;
        }
        send(exchange, 200, Map.of(
                "id", "chatcmpl-stub", "object", "chat.completion", "created", 1_700_000_000L,
                "model", request.get("model").asText(),
                "choices", new Object[] {Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", answerTo(prompt)))},
                "usage", Map.of("prompt_tokens", 7, "completion_tokens", 5, "total_tokens", 12)));
    }

    /**
     * The answer in two content chunks. A mid-stream failure declares a longer body than it sends and
     * closes, so the client sees the connection end before the stream does (not a clean end).
     */
    private static void stream(HttpExchange exchange, JsonNode request, String answer, boolean failMidway)
            throws IOException {
        String model = request.get("model").asText();
        int half = answer.length() / 2;
        StringBuilder events = new StringBuilder();
        events.append(event(model, Map.of("role", "assistant", "content", ""), null));
        events.append(event(model, Map.of("content", answer.substring(0, half)), null));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        if (failMidway) {
            byte[] partial = events.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, partial.length + 10_000);
            exchange.getResponseBody().write(partial);
            exchange.getResponseBody().flush();
            exchange.close();
            return;
        }
        events.append(event(model, Map.of("content", answer.substring(half)), null));
        events.append(event(model, Map.of(), "stop"));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            events.append("data: ").append(MAPPER.writeValueAsString(Map.of("id", "chatcmpl-stub",
                    "object", "chat.completion.chunk", "created", 1_700_000_000L, "model", model,
                    "choices", List.of(), "usage", Map.of("prompt_tokens", 7, "completion_tokens", 5,
                            "total_tokens", 12)))).append("\n\n");
        }
        events.append("data: [DONE]\n\n");
        byte[] bytes = events.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String event(String model, Map<String, String> delta, String finishReason) throws IOException {
        Map<String, Object> choice = new java.util.HashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        return "data: " + MAPPER.writeValueAsString(Map.of("id", "chatcmpl-stub", "object", "chat.completion.chunk",
                "created", 1_700_000_000L, "model", model, "choices", List.of(choice))) + "\n\n";
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
