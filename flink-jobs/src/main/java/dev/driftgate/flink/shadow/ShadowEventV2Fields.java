package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.SamplingParams;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.core.shadow.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields schema 2 adds to a shadow event: the conversation production was sent (non-empty,
 * known roles, string contents, a user message), its sampling params, usage and endpoint. Each
 * problem names the field, so the dead letter says what was wrong. Unknown keys inside params and
 * usage are tolerated, as on the event itself, so a newer gateway does not dead-letter traffic.
 */
record ShadowEventV2Fields(List<ChatTurn> messages, SamplingParams params, Usage usage, String endpoint,
                           String source) {
    private static final ObjectMapper LENIENT = Json.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ShadowEventV2Fields parse(JsonNode root, List<String> problems) {
        int before = problems.size();
        List<ChatTurn> messages = messages(root.get("messages"), problems);
        SamplingParams params = object(root, "params", SamplingParams.class, problems);
        Usage usage = object(root, "usage", Usage.class, problems);
        String endpoint = optionalText(root, "endpoint", problems);
        String source = optionalText(root, "source", problems); // "otlp" for calls read from OpenTelemetry spans
        return problems.size() > before ? null : new ShadowEventV2Fields(messages, params, usage, endpoint, source);
    }

    private static String optionalText(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add("field " + field + " must be a string");
        }
        return node == null || node.isNull() ? null : node.asText();
    }

    ShadowRequestEvent completing(ShadowRequestEvent v1) {
        return new ShadowRequestEvent(v1.eventId(), v1.ts(), v1.prompt(), v1.promptHash(), v1.category(),
                v1.prodModel(), v1.prodResponse(), v1.prodLatencyMs(), v1.candidateModel(), 2, messages, params, usage,
                endpoint, source);
    }

    private static List<ChatTurn> messages(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add("missing field messages (schema_version 2)");
            return null;
        }
        if (!node.isArray()) {
            problems.add("field messages must be an array");
            return null;
        }
        if (node.isEmpty()) {
            problems.add("field messages is empty");
            return null;
        }
        List<ChatTurn> turns = new ArrayList<>(node.size());
        boolean user = false;
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            String field = "messages[" + i + "]";
            if (role == null || !role.isTextual() || !ChatTurn.ROLES.contains(role.asText())) {
                problems.add("field " + field + ".role is unknown: "
                        + ShadowEventParser.abbreviate(String.valueOf(role)) + " (known: " + ChatTurn.ROLES + ")");
            } else if (content == null || !content.isTextual()) {
                problems.add("field " + field + ".content must be a string");
            } else {
                turns.add(new ChatTurn(role.asText(), content.asText()));
                user |= role.asText().equals("user");
            }
        }
        if (turns.size() == node.size() && !user) {
            problems.add("field messages has no user message");
        }
        return turns;
    }

    private static <T> T object(JsonNode root, String field, Class<T> type, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return LENIENT.treeToValue(node, type);
        } catch (Exception e) {
            problems.add("field " + field + " is malformed: " + ShadowEventParser.abbreviate(
                    String.valueOf(e.getMessage()).split("\n")[0]));
            return null;
        }
    }
}
