package dev.driftgate.core.llm;

import java.util.List;
import java.util.Map;

/**
 * One chat call. {@code model} is a model string such as {@code openai/gpt-4o-mini}; the provider
 * prefix picks the client. {@code purpose} is "inference" or "judge" and only feeds accounting.
 * With a {@code conversation} the call sends its messages and parameters exactly (a replay of a
 * production request); systemPrompt, prompt, temperature, maxTokens and jsonResponse then only
 * describe it. Without one it is the single system + user prompt the evaluators build.
 */
public record ModelRequest(
        String model,
        String systemPrompt,
        String prompt,
        double temperature,
        int maxTokens,
        boolean jsonResponse,
        String purpose,
        Map<String, String> cacheScope,
        Conversation conversation) {

    public ModelRequest {
        cacheScope = cacheScope == null ? Map.of() : Map.copyOf(cacheScope);
    }

    public ModelRequest(String model, String systemPrompt, String prompt, double temperature, int maxTokens,
                        boolean jsonResponse, String purpose, Map<String, String> cacheScope) {
        this(model, systemPrompt, prompt, temperature, maxTokens, jsonResponse, purpose, cacheScope, null);
    }

    public static ModelRequest inference(String model, String systemPrompt, String prompt) {
        return new ModelRequest(model, systemPrompt, prompt, 0.0, 512, false, "inference", Map.of());
    }

    /** The conversation, sent as it is, to {@code model}. */
    public static ModelRequest replay(String model, Conversation conversation) {
        SamplingParams p = conversation.params();
        return new ModelRequest(model, conversation.systemPrompt(), conversation.lastUserMessage(),
                p.temperature() == null ? Double.NaN : p.temperature(), p.maxTokens() == null ? 0 : p.maxTokens(),
                p.jsonResponse(), "inference", Map.of(), conversation);
    }

    /** What is sent: the conversation, or the system + user prompt with these parameters. */
    public Conversation asConversation() {
        if (conversation != null) {
            return conversation;
        }
        List<ChatTurn> turns = systemPrompt == null || systemPrompt.isBlank()
                ? List.of(ChatTurn.user(prompt))
                : List.of(ChatTurn.system(systemPrompt), ChatTurn.user(prompt));
        return new Conversation(turns, new SamplingParams(temperature, null, maxTokens > 0 ? maxTokens : null,
                null, null, jsonResponse ? "json_object" : null, false));
    }
}
