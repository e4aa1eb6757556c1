package dev.driftgate.core.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * LangChain4j's {@link HttpException} plus the Retry-After header. LangChain4j's own JDK client drops
 * response headers on errors, so {@link StatusAwareHttpClient} throws this instead; it is still an
 * HttpException, so LangChain4j maps it to its usual exception types with this as the cause.
 */
public class HttpStatusException extends HttpException {
    private final Duration retryAfter;

    public HttpStatusException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The Retry-After header as a duration, or null when absent or unparseable. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
