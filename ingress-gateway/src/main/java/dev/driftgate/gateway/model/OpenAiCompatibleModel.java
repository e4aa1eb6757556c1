package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.ChatRequests;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.gateway.config.GatewaySettings.ModelEndpoint;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The production model behind any OpenAI-compatible HTTP API (OpenAI, vLLM, the driftgate
 * simulator), called through LangChain4j's OpenAI client so the real client code path runs.
 * No retries here: the client is waiting, and a failed call is answered with 502 at once.
 * {@code stream: true} requests stream from the upstream too (LangChain4j's streaming client, the
 * same request built by {@code ChatRequests}), so a client sees the first tokens when the model
 * produces them, not when it has finished.
 */
public final class OpenAiCompatibleModel implements ProductionModel {
    private final OpenAiChatModel client;
    private final OpenAiStreamingChatModel streamingClient;
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
        // the streaming client never retries; its timeout bounds the wait for the response to start
        this.streamingClient = OpenAiStreamingChatModel.builder()
                .baseUrl(endpoint.baseUrl().toString())
                .apiKey(endpoint.apiKey())
                .modelName(endpoint.modelName())
                .timeout(Duration.ofMillis(endpoint.timeoutMs()))
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
        return toAnswer(response, text);
    }

    @Override
    public StreamHandle stream(Conversation conversation, StreamListener listener) {
        Cancellation cancellation = new Cancellation();
        // LangChain4j may report a stream that broke off as an error and then as complete too; the
        // first end wins, or a partial answer would be published as production's
        AtomicBoolean ended = new AtomicBoolean();
        try {
            streamingClient.chat(ChatRequests.of(conversation, true, true), new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    if (cancellation.attach(context.streamingHandle()) && !ended.get() && !partial.text().isEmpty()) {
                        listener.token(partial.text());
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    if (ended.getAndSet(true)) {
                        return;
                    }
                    String text = response.aiMessage() == null || response.aiMessage().text() == null
                            ? "" : response.aiMessage().text();
                    listener.completed(toAnswer(response, text));
                }

                @Override
                public void onError(Throwable error) {
                    if (ended.getAndSet(true)) {
                        return;
                    }
                    listener.failed(new ModelCallException("production model " + modelString + " failed while "
                            + "streaming: " + describe(error), true, 1, error));
                }
            });
        } catch (RuntimeException e) {
            if (!ended.getAndSet(true)) {
                listener.failed(new ModelCallException("production model " + modelString + " failed: "
                        + describe(e), true, 1, e));
            }
        }
        return cancellation::cancel;
    }

    private ModelAnswer toAnswer(ChatResponse response, String text) {
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

    /**
     * LangChain4j hands out the stream's handle only with the first partial response, so a cancel
     * that comes earlier is remembered and applied then.
     */
    private static final class Cancellation {
        private final AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        /** Keeps the handle; false when the client is already gone (the stream is then cancelled). */
        boolean attach(StreamingHandle streamingHandle) {
            handle.compareAndSet(null, streamingHandle);
            if (cancelled.get()) {
                streamingHandle.cancel();
                return false;
            }
            return true;
        }

        void cancel() {
            cancelled.set(true);
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
        }
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
