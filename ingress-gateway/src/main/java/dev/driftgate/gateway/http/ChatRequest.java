package dev.driftgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** POST /chat: {@code {prompt, category?, metadata?}}; unknown properties are refused, by name. */
record ChatRequest(String prompt, String category) {
    private static final Set<String> KNOWN = Set.of("prompt", "category", "metadata");

    static ChatRequest parse(String contentType, byte[] body, int maxPromptBytes) {
        JsonNode root = JsonBodies.readObject(contentType, body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw ProblemException.invalidField(name, "unknown property '" + name
                        + "'; /chat accepts prompt, category and metadata");
            }
        }
        String prompt = JsonBodies.requiredPrompt(root.get("prompt"), "prompt", maxPromptBytes);
        String category = JsonBodies.optionalText(root.get("category"), "category", 64);
        JsonNode metadata = root.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ProblemException.invalidField("metadata", "metadata must be a JSON object when given");
        }
        return new ChatRequest(prompt, category);
    }
}
