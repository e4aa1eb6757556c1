package dev.driftgate.core.llm;

import java.util.concurrent.TimeUnit;

/**
 * Client-side rate limit of one provider: a request bucket and a token bucket, each holding one
 * second's worth so traffic is smoothed rather than bursting a whole minute's quota. Input tokens
 * are estimated (4 characters per token) before the call; output tokens are debited after it.
 */
public final class ClientRateLimiter {
    private final TokenBucket requests;
    private final TokenBucket tokens;

    public ClientRateLimiter(RateLimit limit) {
        this.requests = limit.requestsPerMinute() == 0 ? null : bucket(limit.requestsPerMinute());
        this.tokens = limit.tokensPerMinute() == 0 ? null : bucket(limit.tokensPerMinute());
    }

    private static TokenBucket bucket(int perMinute) {
        double perSecond = perMinute / 60.0;
        return new TokenBucket(Math.max(1.0, perSecond), perSecond, System::nanoTime);
    }

    /** Blocks until one request with about {@code estimatedInputTokens} may go out. */
    public void acquire(int estimatedInputTokens) throws InterruptedException {
        long waitNanos = 0;
        if (requests != null) {
            waitNanos = requests.reserve(1);
        }
        if (tokens != null) {
            waitNanos = Math.max(waitNanos, tokens.reserve(estimatedInputTokens));
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** Accounts for tokens known only after the call. */
    public void recordOutputTokens(int outputTokens) {
        if (tokens != null && outputTokens > 0) {
            tokens.debit(outputTokens);
        }
    }

    static int estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
