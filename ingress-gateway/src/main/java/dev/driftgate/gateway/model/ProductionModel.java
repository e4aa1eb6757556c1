package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.Conversation;

/**
 * The model that answers clients. Blocking and thread-safe; the gateway calls it from its blocking
 * executor. Failures surface as {@link ModelCallException} (mapped to 502).
 */
public interface ProductionModel extends AutoCloseable {

    /** Sends the conversation with its sampling parameters as they are (the shadow event records both). */
    ModelAnswer answer(Conversation conversation) throws ModelCallException;

    /**
     * Streams the answer to {@code listener} as the upstream produces it. The default has no upstream
     * streaming: it blocks for the whole answer and hands it over as one token, so providers without
     * a streaming client still answer {@code stream: true} correctly.
     */
    default StreamHandle stream(Conversation conversation, StreamListener listener) {
        ModelAnswer answer;
        try {
            answer = answer(conversation);
        } catch (RuntimeException e) {
            listener.failed(e);
            return StreamHandle.NONE;
        }
        listener.token(answer.text());
        listener.completed(answer);
        return StreamHandle.NONE;
    }

    /** The model string clients are told they were answered by, e.g. {@code openai/sim-good}. */
    String modelString();

    @Override
    default void close() {
    }
}
