package dev.driftgate.core.llm;

/** Waits for the provider's rate limiter before each attempt (so retries are limited too). */
final class RateLimitedModelClient implements ModelClient {
    private final ModelClient inner;
    private final ClientRateLimiter limiter;

    RateLimitedModelClient(ModelClient inner, ClientRateLimiter limiter) {
        this.inner = inner;
        this.limiter = limiter;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        try {
            limiter.acquire(ClientRateLimiter.estimateTokens(request.systemPrompt())
                    + ClientRateLimiter.estimateTokens(request.prompt()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(request.model() + ": interrupted while waiting for the rate limiter",
                    false, 0, e);
        }
        ModelResponse response = inner.complete(request);
        limiter.recordOutputTokens(response.outputTokens());
        return response;
    }

    @Override
    public void close() {
        inner.close();
    }
}
