package dev.driftgate.core.llm;

import java.util.concurrent.TimeUnit;

/**
 * Client-side rate limit of one provider: a request bucket and a token bucket, each holding half a
 * second's worth so traffic is smoothed rather than bursting a whole minute's quota. Half, not one:
 * a provider's own bucket (about a second's worth) then keeps a cushion for network jitter; with equal
 * buckets both sit at empty under full load and a request that arrives early meets a 429. Input tokens
 * are estimated (4 characters per token) before the call; output tokens are debited after it. The
 * buckets are local to this limiter or shared through {@link RateBuckets} (e.g. {@link JdbcRateBuckets}).
 */
public final class ClientRateLimiter {
    private final RateBucket requests;
    private final RateBucket tokens;

    public ClientRateLimiter(RateLimit limit) {
        this(limit, RateBuckets.local(), "local");
    }

    /** {@code name} (e.g. provider@host) names the shared buckets: clients with the same name share a limit. */
    public ClientRateLimiter(RateLimit limit, RateBuckets buckets, String name) {
        this.requests = limit.requestsPerMinute() == 0 ? null
                : bucket(buckets, name + ":requests", limit.requestsPerMinute());
        this.tokens = limit.tokensPerMinute() == 0 ? null : bucket(buckets, name + ":tokens", limit.tokensPerMinute());
    }

    private static RateBucket bucket(RateBuckets buckets, String name, int perMinute) {
        double perSecond = perMinute / 60.0;
        return buckets.bucket(name, Math.max(1.0, perSecond / 2), perSecond);
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
