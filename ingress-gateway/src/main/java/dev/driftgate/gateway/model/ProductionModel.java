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

    /** The model string clients are told they were answered by, e.g. {@code openai/sim-good}. */
    String modelString();

    @Override
    default void close() {
    }
}
