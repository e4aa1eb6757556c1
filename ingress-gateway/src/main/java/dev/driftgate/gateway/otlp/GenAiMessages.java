package dev.driftgate.gateway.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.llm.ChatTurn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conversation and the answer of a GenAI span, from whichever convention the instrumentation
 * used: the current GenAI semantic conventions ({@code gen_ai.system_instructions},
 * {@code gen_ai.input.messages}, {@code gen_ai.output.messages} as JSON), OpenInference
 * ({@code llm.input_messages.N.message.*}), OpenLLMetry ({@code gen_ai.prompt.N.*},
 * {@code gen_ai.completion.N.*}) or the legacy span events ({@code gen_ai.system.message},
 * {@code gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code gen_ai.choice}). The first
 * convention that has input content wins. Only text is read; anything else makes the span not
 * evaluable rather than a guess.
 */
final class GenAiMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The request's messages (system prompt included) and production's answer. */
    record Exchange(List<ChatTurn> input, String output) {
    }

    private GenAiMessages() {
    }

    /** The exchange, or null when the span carries no message content in any known convention. */
    static Exchange read(OtlpSpan span) throws NotEvaluable {
        Map<String, Object> a = span.attributes();
        if (a.containsKey("gen_ai.input.messages")) {
            return semconv(a);
        }
        if (a.containsKey("llm.input_messages.0.message.role")) {
            return new Exchange(indexed(a, "llm.input_messages.", ".message.role", ".message.content", true),
                    answer(indexed(a, "llm.output_messages.", ".message.role", ".message.content", true)));
        }
        if (a.containsKey("gen_ai.prompt.0.role") || a.containsKey("gen_ai.prompt.0.content")) {
            return new Exchange(indexed(a, "gen_ai.prompt.", ".role", ".content", false),
                    answer(indexed(a, "gen_ai.completion.", ".role", ".content", false)));
        }
        return events(span.events());
    }

    private static Exchange semconv(Map<String, Object> a) throws NotEvaluable {
        List<ChatTurn> input = new ArrayList<>();
        JsonNode instructions = json(a.get("gen_ai.system_instructions"));
        if (instructions != null) {
            input.add(ChatTurn.system(text(instructions)));
        }
        for (JsonNode message : array(json(a.get("gen_ai.input.messages")))) {
            input.add(turn(message.path("role").asText(null), message.has("parts") ? message.get("parts")
                    : message.get("content")));
        }
        String output = null;
        JsonNode outputs = json(a.get("gen_ai.output.messages"));
        if (outputs != null) {
            JsonNode first = array(outputs).iterator().hasNext() ? outputs.get(0) : null;
            output = first == null ? null : turn("assistant", first.has("parts") ? first.get("parts")
                    : first.get("content")).content();
        }
        return new Exchange(input, output);
    }

    /** {@code prefix N role} / {@code prefix N content} for N = 0, 1, ... until a gap. */
    private static List<ChatTurn> indexed(Map<String, Object> a, String prefix, String role, String content,
                                          boolean openInferenceParts) throws NotEvaluable {
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; ; i++) {
            String at = prefix + i;
            String r = Attributes.string(a, at + role);
            Object c = a.get(at + content);
            if (c == null && openInferenceParts) {
                c = openInferenceContents(a, at + ".message.contents.");
            }
            if (r == null && c == null) {
                return turns;
            }
            turns.add(turn(r == null ? "assistant" : r, c instanceof String s ? MAPPER.getNodeFactory().textNode(s)
                    : null));
        }
    }

    /** OpenInference's multi-part form: {@code ...message.contents.M.message_content.text}. */
    private static String openInferenceContents(Map<String, Object> a, String prefix) {
        StringBuilder text = null;
        for (int m = 0; ; m++) {
            String part = Attributes.string(a, prefix + m + ".message_content.text");
            if (part == null) {
                return text == null ? null : text.toString();
            }
            text = text == null ? new StringBuilder(part) : text.append(part);
        }
    }

    private static Exchange events(List<OtlpSpan.Event> events) throws NotEvaluable {
        List<ChatTurn> input = new ArrayList<>();
        String output = null;
        for (OtlpSpan.Event event : events) {
            String name = event.name() == null ? "" : event.name();
            Map<String, Object> a = event.attributes();
            switch (name) {
                case "gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message" -> {
                    String role = Attributes.string(a, "role");
                    String defaultRole = name.substring("gen_ai.".length(), name.length() - ".message".length());
                    input.add(turn(role == null ? defaultRole : role, content(a.get("content"))));
                }
                case "gen_ai.tool.message" -> throw new NotEvaluable(NotEvaluable.TOOL_MESSAGES);
                case "gen_ai.choice" -> {
                    if (output == null) {
                        Object message = a.get("message");
                        Object content = message instanceof Map<?, ?> m ? m.get("content")
                                : message instanceof String s ? textOf(json(s), "content") : a.get("content");
                        output = turn("assistant", content(content)).content();
                    }
                }
                default -> {
                    // other events (exceptions, stream chunks) say nothing about the conversation
                }
            }
        }
        return input.isEmpty() ? null : new Exchange(input, output);
    }

    private static JsonNode content(Object value) {
        if (value instanceof String s) {
            return MAPPER.getNodeFactory().textNode(s);
        }
        return null;
    }

    private static Object textOf(JsonNode node, String field) {
        return node != null && node.path(field).isTextual() ? node.get(field).asText() : null;
    }

    private static String answer(List<ChatTurn> outputs) {
        return outputs.isEmpty() ? null : outputs.get(0).content();
    }

    private static ChatTurn turn(String role, JsonNode content) throws NotEvaluable {
        if ("tool".equals(role) || "function".equals(role)) {
            throw new NotEvaluable(NotEvaluable.TOOL_MESSAGES);
        }
        if (role == null || !ChatTurn.ROLES.contains(role)) {
            throw new NotEvaluable(NotEvaluable.UNREADABLE_MESSAGES);
        }
        String text = text(content);
        if (text == null) {
            // an assistant turn that only called tools has no text
            throw new NotEvaluable(role.equals("assistant") ? NotEvaluable.TOOL_MESSAGES : NotEvaluable.UNREADABLE_MESSAGES);
        }
        return new ChatTurn(role, text);
    }

    /** A string, or an array of parts whose text parts ({@code content} or {@code text}) are joined. */
    private static String text(JsonNode content) throws NotEvaluable {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new NotEvaluable(NotEvaluable.UNREADABLE_MESSAGES);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText("text");
            if (type.equals("tool_call") || type.equals("tool_call_response")) {
                throw new NotEvaluable(NotEvaluable.TOOL_MESSAGES);
            }
            JsonNode value = part.has("content") ? part.get("content") : part.get("text");
            if (!type.equals("text") || value == null || !value.isTextual()) {
                throw new NotEvaluable(NotEvaluable.UNREADABLE_MESSAGES); // images, audio: not replayable
            }
            text.append(value.asText());
        }
        return text.toString();
    }

    /** A JSON attribute: a string holding JSON (the conventions' form), or already a structured value. */
    private static JsonNode json(Object value) throws NotEvaluable {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            try {
                return MAPPER.readTree(s);
            } catch (IOException e) {
                throw new NotEvaluable(NotEvaluable.UNREADABLE_MESSAGES);
            }
        }
        return MAPPER.valueToTree(value);
    }

    private static Iterable<JsonNode> array(JsonNode node) throws NotEvaluable {
        if (node == null || !node.isArray()) {
            throw new NotEvaluable(NotEvaluable.UNREADABLE_MESSAGES);
        }
        return node;
    }
}
