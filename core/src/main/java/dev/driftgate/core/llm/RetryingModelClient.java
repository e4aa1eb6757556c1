package dev.driftgate.core.llm;

import dev.driftgate.core.http.RetryPolicy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries 408/429/5xx, timeouts and broken connections per {@link RetryPolicy}; other errors (400,
 * 401, 404...) fail at once. The response carries the attempt count and the wall time of all tries.
 */
final class RetryingModelClient implements ModelClient {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingModelClient.class);

    private final ModelClient inner;
    private final RetryPolicy policy;

    RetryingModelClient(ModelClient inner, RetryPolicy policy) {
        this.inner = inner;
        this.policy = policy;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                ModelResponse r = inner.complete(request);
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                return new ModelResponse(r.text(), r.model(), elapsedMs, r.inputTokens(), r.outputTokens(),
                        r.estimatedCostUsd(), attempt, r.cacheHit());
            } catch (ModelCallException e) {
                if (!e.retryable()) {
                    throw new ModelCallException(e.getMessage() + " (not retryable, attempt " + attempt + ")",
                            false, attempt, e);
                }
                if (attempt > policy.maxRetries()) {
                    throw new ModelCallException(e.getMessage() + " (gave up after " + attempt + " attempts)",
                            true, attempt, e);
                }
                Duration retryAfter = e instanceof ProviderCallException p ? p.retryAfter() : null;
                Duration wait = policy.delay(attempt - 1, retryAfter);
                LOG.debug("{} attempt {} failed ({}), retrying in {} ms", request.model(), attempt, e.getMessage(),
                        wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ModelCallException(request.model() + ": interrupted while backing off", false, attempt, ie);
                }
            }
        }
    }

    @Override
    public void close() {
        inner.close();
    }
}
