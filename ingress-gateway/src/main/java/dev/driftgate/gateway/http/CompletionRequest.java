package dev.driftgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POST /v1/chat/completions, the part of the OpenAI request the gateway uses: the messages and the
 * sampling parameters of {@link SamplingParamsParser}, which production is sent and the shadow event
 * records. Other OpenAI properties (user, n=1, ...) are accepted and ignored, as SDKs send them freely.
 * The last user message is the prompt that is sampled; {@code metadata.category} tags the event.
 */
record CompletionRequest(Conversation conversation, String prompt, String category, boolean stream,
                         boolean includeUsage) {
    private static final Set<String> ROLES = ChatTurn.ROLES;

    static CompletionRequest parse(String contentType, byte[] body, int maxPromptBytes) {
        JsonNode root = JsonBodies.readObject(contentType, body);
        JsonNode messagesNode = root.get("messages");
        if (messagesNode == null || !messagesNode.isArray() || messagesNode.isEmpty()) {
            throw ProblemException.invalidField("messages", "messages must be a non-empty array");
        }
        List<ChatTurn> messages = new ArrayList<>(messagesNode.size());
        String prompt = null;
        int promptIndex = -1;
        for (int i = 0; i < messagesNode.size(); i++) {
            JsonNode m = messagesNode.get(i);
            String field = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ProblemException.invalidField(field, field + " must be an object");
            }
            JsonNode roleNode = m.get("role");
            if (roleNode == null || !roleNode.isTextual() || !ROLES.contains(roleNode.textValue())) {
                throw ProblemException.invalidField(field + ".role", field + ".role must be one of " + ROLES);
            }
            String content = content(m.get("content"), field + ".content");
            messages.add(new ChatTurn(roleNode.textValue(), content));
            if (roleNode.textValue().equals("user")) {
                prompt = content;
                promptIndex = i;
            }
        }
        if (prompt == null) {
            throw ProblemException.invalidField("messages", "messages must contain a user message (the prompt)");
        }
        String promptField = "messages[" + promptIndex + "].content";
        if (prompt.isBlank()) {
            throw ProblemException.invalidField(promptField, promptField + " (the prompt) must not be blank");
        }
        JsonBodies.checkSize(prompt, promptField, maxPromptBytes);
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.intValue() == 1)) {
            throw ProblemException.invalidField("n", "only n=1 is supported");
        }
        JsonNode streamNode = root.get("stream");
        if (streamNode != null && !streamNode.isNull() && !streamNode.isBoolean()) {
            throw ProblemException.invalidField("stream", "stream must be a boolean");
        }
        boolean stream = streamNode != null && streamNode.asBoolean(false);
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull() && !streamOptions.isObject()) {
            throw ProblemException.invalidField("stream_options", "stream_options must be an object when given");
        }
        // OpenAI sends token usage in a last chunk only when the client asks for it this way
        boolean includeUsage = streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        SamplingParams params = SamplingParamsParser.parse(root);
        JsonNode metadata = root.get("metadata");
        String category = null;
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw ProblemException.invalidField("metadata", "metadata must be an object when given");
            }
            category = JsonBodies.optionalText(metadata.get("category"), "metadata.category", 64);
        }
        return new CompletionRequest(new Conversation(messages, params), prompt, category, stream,
                includeUsage);
    }

    /** A string, or an array of content parts whose text parts are joined. */
    private static String content(JsonNode node, String field) {
        if (node != null && node.isTextual()) {
            return node.textValue();
        }
        if (node != null && node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : node) {
                if (part.isObject() && "text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    text.append(part.get("text").textValue());
                } else {
                    throw ProblemException.invalidField(field, field + " supports only text parts");
                }
            }
            return text.toString();
        }
        throw ProblemException.invalidField(field, field + " must be a string or an array of text parts");
    }
}
