package dev.driftgate.core.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole chat request: every message (system prompt included) and the sampling parameters. The
 * gateway sends production one, the shadow event carries it, and the candidate gets the same one,
 * so both models answer the same request.
 */
public record Conversation(List<ChatTurn> messages, SamplingParams params) {
    public Conversation {
        // an ArrayList, not List.copyOf: Flink's Kryo copies records between operators and cannot
        // rebuild the JDK's immutable lists
        messages = new ArrayList<>(messages);
        params = Objects.requireNonNullElse(params, SamplingParams.DEFAULTS);
    }

    /** The last user message: the text that is sampled and judged. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    /** The system messages joined, or null: what a single-prompt request calls its system prompt. */
    public String systemPrompt() {
        String joined = String.join("\n\n", messages.stream().filter(ChatTurn::inSystemRole).map(ChatTurn::content)
                .toList());
        return joined.isEmpty() ? null : joined;
    }
}
