package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.ChatRequests;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.gateway.config.GatewaySettings.ModelEndpoint;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;

/**
 * The production model behind any OpenAI-compatible HTTP API (OpenAI, vLLM, the driftgate
 * simulator), called through LangChain4j's OpenAI client so the real client code path runs.
 * No retries here: the client is waiting, and a failed call is answered with 502 at once.
 */
public final class OpenAiCompatibleModel implements ProductionModel {
    private final OpenAiChatModel client;
    private final String modelString;

    public OpenAiCompatibleModel(ModelEndpoint endpoint) {
        this.modelString = endpoint.provider() + "/" + endpoint.modelName();
        this.client = OpenAiChatModel.builder()
                .baseUrl(endpoint.baseUrl().toString())
                .apiKey(endpoint.apiKey())
                .modelName(endpoint.modelName())
                .timeout(Duration.ofMillis(endpoint.timeoutMs()))
                .maxRetries(0)
                .build();
    }

    @Override
    public ModelAnswer answer(Conversation conversation) {
        ChatResponse response;
        try {
            response = client.chat(ChatRequests.of(conversation, true, true));
        } catch (RuntimeException e) {
            throw new ModelCallException("production model " + modelString + " failed: " + describe(e), true, 1, e);
        }
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        if (text == null) {
            throw new ModelCallException("production model " + modelString + " returned no text", false, 1, null);
        }
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        String finish = response.finishReason() == null ? "stop" : response.finishReason().name().toLowerCase();
        return new ModelAnswer(text, modelString, in, out, finish);
    }

    @Override
    public String modelString() {
        return modelString;
    }

    /** The exception chain's class names and first message, never a stack trace. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return root.getClass().getSimpleName() + message;
    }
}
