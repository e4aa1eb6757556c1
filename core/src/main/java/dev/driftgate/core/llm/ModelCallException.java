package dev.driftgate.core.llm;

/** A model call that failed; {@code retryable} is true for 429, 5xx and timeouts. */
public class ModelCallException extends RuntimeException {
    private final boolean retryable;
    private final int attempts;

    public ModelCallException(String message, boolean retryable, int attempts, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.attempts = attempts;
    }

    public boolean retryable() { return retryable; }

    public int attempts() { return attempts; }
}
