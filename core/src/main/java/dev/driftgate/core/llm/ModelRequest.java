package dev.driftgate.core.llm;

import java.util.Map;

/**
 * One chat call. {@code model} is a model string such as {@code openai/gpt-4o-mini}; the provider
 * prefix picks the client. {@code purpose} is "inference" or "judge" and only feeds accounting.
 */
public record ModelRequest(
        String model,
        String systemPrompt,
        String prompt,
        double temperature,
        int maxTokens,
        boolean jsonResponse,
        String purpose,
        Map<String, String> cacheScope) {

    public ModelRequest {
        cacheScope = cacheScope == null ? Map.of() : Map.copyOf(cacheScope);
    }

    public static ModelRequest inference(String model, String systemPrompt, String prompt) {
        return new ModelRequest(model, systemPrompt, prompt, 0.0, 512, false, "inference", Map.of());
    }
}
