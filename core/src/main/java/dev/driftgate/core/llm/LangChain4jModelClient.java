package dev.driftgate.core.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One attempt at a LangChain4j chat model (built with maxRetries(0): retries are ours, so we see the
 * status and Retry-After). Failures become {@link ProviderCallException} with the HTTP status.
 */
final class LangChain4jModelClient implements ModelClient {
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private final ChatModel chat;
    private final ModelString id;
    private final PriceTable prices;
    private final boolean supportsJsonFormat;

    LangChain4jModelClient(ChatModel chat, ModelString id, PriceTable prices, boolean supportsJsonFormat) {
        this.chat = chat;
        this.id = id;
        this.prices = prices;
        this.supportsJsonFormat = supportsJsonFormat;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        ChatRequest chatRequest = ChatRequests.of(request.asConversation(), id.provider().equals("openai"),
                supportsJsonFormat);
        long start = System.nanoTime();
        ChatResponse response;
        try {
            response = chat.chat(chatRequest);
        } catch (RuntimeException e) {
            throw classify(e);
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        if (text == null) {
            throw new ProviderCallException(id + ": the response has no text content", ProviderCallException.IO_ERROR,
                    null, null);
        }
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new ModelResponse(text, id.toString(), latencyMs, in, out, prices.costUsd(id.toString(), in, out), 1,
                false);
    }

    /** Finds the HTTP status (or timeout) anywhere in LangChain4j's exception chain. */
    ModelCallException classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                Duration retryAfter = t instanceof HttpStatusException s ? s.retryAfter() : null;
                return new ProviderCallException(id + ": HTTP " + http.statusCode() + ": " + abbreviate(http.getMessage()),
                        http.statusCode(), retryAfter, e);
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return new ProviderCallException(id + ": timed out", ProviderCallException.TIMEOUT, null, e);
            }
            if (t instanceof IOException io) {
                return new ProviderCallException(id + ": I/O error: " + io, ProviderCallException.IO_ERROR, null, e);
            }
        }
        return new ModelCallException(id + ": " + e, false, 1, e);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
