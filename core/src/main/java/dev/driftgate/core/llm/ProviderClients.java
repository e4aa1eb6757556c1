package dev.driftgate.core.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * Builds the single-attempt LangChain4j client of one model string. LangChain4j's own retries are
 * off (maxRetries 0); {@link StatusAwareHttpClient} carries the HTTP traffic so Retry-After survives.
 */
final class ProviderClients {
    /** Sent to local OpenAI-compatible servers that ignore keys (LangChain4j requires one). */
    static final String LOCAL_PLACEHOLDER_KEY = "local-no-key";

    private ProviderClients() {
    }

    static ModelClient build(ModelString id, LlmSettings s, PriceTable prices) {
        return switch (id.provider()) {
            case "openai" -> new LangChain4jModelClient(openAi(id, s), id, prices, true);
            case "anthropic" -> new LangChain4jModelClient(anthropic(id, s), id, prices, false);
            case "ollama" -> new LangChain4jModelClient(ollama(id, s), id, prices, true);
            default -> throw new IllegalArgumentException("unknown provider in '" + id + "'");
        };
    }

    private static ChatModel openAi(ModelString id, LlmSettings s) {
        String key = s.openaiApiKey();
        if (key == null) {
            if (!LlmSettings.isLocal(s.openaiBaseUrl())) {
                throw new IllegalArgumentException("model " + id + ": OPENAI_API_KEY is not set; it is required for "
                        + s.openaiBaseUrl() + " (point OPENAI_BASE_URL at a local server such as "
                        + "`driftgate sim-llm` to run without a key)");
            }
            key = LOCAL_PLACEHOLDER_KEY;
        }
        return OpenAiChatModel.builder()
                .httpClientBuilder(StatusAwareHttpClient.builder())
                .baseUrl(s.openaiBaseUrl())
                .apiKey(key)
                .modelName(id.model())
                .temperature(0.0)
                .timeout(s.timeout())
                .maxRetries(0)
                .build();
    }

    /** Ollama runs locally and takes no key. */
    private static ChatModel ollama(ModelString id, LlmSettings s) {
        return OllamaChatModel.builder()
                .maxRetries(0)
                .httpClientBuilder(StatusAwareHttpClient.builder())
                .baseUrl(s.ollamaBaseUrl())
                .modelName(id.model())
                .temperature(0.0)
                .timeout(s.timeout())
                .build();
    }

    private static ChatModel anthropic(ModelString id, LlmSettings s) {
        String key = s.anthropicApiKey();
        if (key == null) {
            if (!LlmSettings.isLocal(s.anthropicBaseUrl())) {
                throw new IllegalArgumentException("model " + id + ": ANTHROPIC_API_KEY is not set; it is required for "
                        + s.anthropicBaseUrl());
            }
            key = LOCAL_PLACEHOLDER_KEY;
        }
        return AnthropicChatModel.builder()
                .httpClientBuilder(StatusAwareHttpClient.builder())
                .baseUrl(s.anthropicBaseUrl())
                .apiKey(key)
                .modelName(id.model())
                .temperature(0.0)
                .maxTokens(1024)
                .timeout(s.timeout())
                .maxRetries(0)
                .build();
    }
}
