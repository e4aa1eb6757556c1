package dev.driftgate.core.llm;

/** Blocking chat completion. Implementations are thread-safe; callers add concurrency. */
public interface ModelClient extends AutoCloseable {
    ModelResponse complete(ModelRequest request) throws ModelCallException;

    @Override
    default void close() {
    }
}
