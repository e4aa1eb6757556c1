package dev.driftgate.core.llm;

import dev.driftgate.core.http.RetryPolicy;
import java.time.Duration;

/**
 * One failed attempt at a provider, with what {@link RetryPolicy} needs: the HTTP status (or
 * {@link #TIMEOUT}, {@link #IO_ERROR}) and the server's Retry-After, when it sent one.
 */
public class ProviderCallException extends ModelCallException {
    public static final int TIMEOUT = -1;
    public static final int IO_ERROR = -2;

    private final int statusCode;
    private final Duration retryAfter;

    public ProviderCallException(String message, int statusCode, Duration retryAfter, Throwable cause) {
        super(message, isRetryable(statusCode), 1, cause);
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /** 408, 429, 5xx, timeouts and broken connections are worth another try; other 4xx are not. */
    public static boolean isRetryable(int statusCode) {
        return statusCode == TIMEOUT || statusCode == IO_ERROR || RetryPolicy.retryableStatus(statusCode);
    }

    public int statusCode() {
        return statusCode;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
