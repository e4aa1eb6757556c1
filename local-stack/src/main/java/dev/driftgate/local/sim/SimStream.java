package dev.driftgate.local.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One streamed simulator answer in the OpenAI format: a role chunk, one chunk per word (with its
 * trailing space) {@code tokenDelayMs} apart, a finish chunk, an optional usage chunk, {@code [DONE]}.
 * Each event is flushed on its own, so a client sees a slow model's first words long before the end.
 */
final class SimStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpExchange exchange;
    private final String id;
    private final String model;
    private final long tokenDelayMs;
    private final long created = System.currentTimeMillis() / 1000;

    SimStream(HttpExchange exchange, String id, String model, long tokenDelayMs) {
        this.exchange = exchange;
        this.id = id;
        this.model = model;
        this.tokenDelayMs = tokenDelayMs;
    }

    /** @param usage prompt and completion tokens, or null when the client did not ask for usage */
    void send(String text, String finishReason, int[] usage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = exchange.getResponseBody()) {
            ObjectNode role = chunk();
            role.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").put("role", "assistant").put("content", "");
            event(out, role.toString());
            List<String> tokens = tokens(text);
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0 && !pause()) {
                    return;
                }
                ObjectNode content = chunk();
                content.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("content", tokens.get(i));
                event(out, content.toString());
            }
            ObjectNode finish = chunk();
            finish.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason)
                    .putObject("delta");
            event(out, finish.toString());
            if (usage != null) {
                ObjectNode last = chunk();
                last.putArray("choices");
                last.putObject("usage").put("prompt_tokens", usage[0]).put("completion_tokens", usage[1])
                        .put("total_tokens", usage[0] + usage[1]);
                event(out, last.toString());
            }
            event(out, "[DONE]");
        }
    }

    /** Words with the whitespace that follows them, so the tokens joined are the text. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            boolean endOfWord = Character.isWhitespace(text.charAt(i))
                    && (i + 1 == text.length() || !Character.isWhitespace(text.charAt(i + 1)));
            if (endOfWord) {
                tokens.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    private boolean pause() {
        if (tokenDelayMs <= 0) {
            return true;
        }
        try {
            Thread.sleep(tokenDelayMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ObjectNode chunk() {
        return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
