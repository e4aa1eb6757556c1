package dev.driftgate.core.llm;

import java.util.Objects;
import java.util.Set;

/**
 * One message of a conversation as a model receives it. {@code developer} is OpenAI's newer name
 * for a system message; both reach a provider as its system message.
 */
public record ChatTurn(String role, String content) {
    public static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatTurn system(String content) {
        return new ChatTurn("system", content);
    }

    public static ChatTurn user(String content) {
        return new ChatTurn("user", content);
    }

    public boolean inSystemRole() {
        return role.equals("system") || role.equals("developer");
    }
}
