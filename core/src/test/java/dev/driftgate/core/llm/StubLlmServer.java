package dev.driftgate.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A scripted LLM endpoint on 127.0.0.1 speaking OpenAI's or Anthropic's chat wire format, so the
 * real LangChain4j clients run against it. Each request is answered by the script, which sees the
 * request number (1-based) and the parsed request body.
 */
public final class StubLlmServer implements AutoCloseable {
    public enum Wire { OPENAI, ANTHROPIC, OLLAMA }

    /** What to send back: a status, headers, the assistant text (for 200) and a delay before answering. */
    public record Reply(int status, Map<String, String> headers, String content, long delayMs) {
        public static Reply ok(String content) {
            return new Reply(200, Map.of(), content, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, Map.of(), null, 0);
        }

        public static Reply status(int status, Map<String, String> headers) {
            return new Reply(status, headers, null, 0);
        }

        public Reply delayed(long ms) {
            return new Reply(status, headers, content, ms);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = Executors.newCachedThreadPool();
    private final Wire wire;
    private final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

    public StubLlmServer(Wire wire, BiFunction<Integer, JsonNode, Reply> script) throws IOException {
        this.wire = wire;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        String path = switch (wire) {
            case OPENAI -> "/v1/chat/completions";
            case ANTHROPIC -> "/v1/messages";
            case OLLAMA -> "/api/chat";
        };
        server.createContext(path, exchange -> {
            try (exchange) {
                arrivalNanos.add(System.nanoTime());
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                requests.add(body);
                requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
                Reply reply = script.apply(requests.size(), body);
                if (reply.delayMs() > 0) {
                    try {
                        Thread.sleep(reply.delayMs());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                byte[] bytes = (reply.status() == 200 ? success(body, reply.content())
                        : error(reply.status())).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // client went away (e.g. its timeout fired): nothing to answer
            }
        });
        server.start();
    }

    private String success(JsonNode request, String content) {
        ObjectNode body = JSON.createObjectNode();
        if (wire == Wire.OPENAI) {
            body.put("id", "chatcmpl-stub").put("object", "chat.completion").put("created", 0)
                    .put("model", request.path("model").asText());
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        } else if (wire == Wire.OLLAMA) {
            body.put("model", request.path("model").asText()).put("created_at", "2026-11-27T00:00:00Z")
                    .put("done", true).put("done_reason", "stop").put("prompt_eval_count", 100).put("eval_count", 20);
            body.putObject("message").put("role", "assistant").put("content", content);
        } else {
            body.put("id", "msg_stub").put("type", "message").put("role", "assistant")
                    .put("model", request.path("model").asText()).put("stop_reason", "end_turn");
            body.putArray("content").addObject().put("type", "text").put("text", content);
            body.putObject("usage").put("input_tokens", 100).put("output_tokens", 20);
        }
        return body.toString();
    }

    private String error(int status) {
        ObjectNode body = JSON.createObjectNode();
        if (wire == Wire.OLLAMA) {
            body.put("error", "stub error " + status);
        } else if (wire == Wire.OPENAI) {
            body.putObject("error").put("message", "stub error " + status).put("type", "stub_error");
        } else {
            body.put("type", "error").putObject("error").put("type", "stub_error").put("message", "stub error " + status);
        }
        return body.toString();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Without /v1: Ollama's base URL. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requestCount() {
        return requests.size();
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public List<Map<String, List<String>>> requestHeaders() {
        return requestHeaders;
    }

    /** Milliseconds between the arrival of request {@code i} and {@code i+1} (0-based). */
    public long gapMs(int i) {
        return (arrivalNanos.get(i + 1) - arrivalNanos.get(i)) / 1_000_000;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
