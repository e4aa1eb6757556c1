package dev.driftgate.core.llm;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-flight budget of one provider endpoint (provider + host), shared by every model string served
 * there. Why: callers (a Flink async operator's 64 slots, the eval's worker pool) are shared by all
 * providers, so without a budget per endpoint one that never answers ends up holding every caller while
 * the others idle. Here it holds at most {@code maxInFlight}; further calls wait {@code maxWait} and then
 * fail at once ("bulkhead full", not retryable: a retry would only hold the caller longer).
 *
 * <p>Each attempt runs on the bulkhead's own thread so the caller can give up after the hard timeout even
 * when the HTTP client does not (a server trickling bytes slower than any read timeout). The slot is
 * released only when the attempt really ends, so abandoned attempts still count against the endpoint
 * and cannot pile up.
 */
final class ProviderBulkhead implements AutoCloseable {
    private final String endpoint;
    private final BulkheadLimit limit;
    private final Duration hardTimeout;
    private final Semaphore slots;
    private final ExecutorService attempts;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();

    ProviderBulkhead(String endpoint, BulkheadLimit limit, Duration hardTimeout) {
        this.endpoint = endpoint;
        this.limit = limit;
        this.hardTimeout = hardTimeout;
        this.slots = new Semaphore(limit.maxInFlight(), true);
        // at most maxInFlight threads are ever busy: only slot holders submit
        this.attempts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "driftgate-bulkhead-" + endpoint);
            t.setDaemon(true);
            return t;
        });
    }

    /** One attempt of {@code call} inside the budget, cut off after the hard timeout. */
    ModelResponse call(ModelRequest request, ModelClient inner) {
        acquire(request);
        Future<ModelResponse> future;
        try {
            future = attempts.submit(() -> {
                try {
                    return inner.complete(request);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw new ModelCallException(request.model() + ": bulkhead of " + endpoint + " is closed", false, 0, e);
        }
        try {
            return future.get(hardTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            timedOut.incrementAndGet();
            throw new ModelCallException(request.model() + ": no answer from " + endpoint + " within the hard timeout of "
                    + hardTimeout.toMillis() + " ms (attempt abandoned)", true, 1, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ModelCallException(request.model() + ": " + e.getCause(), false, 1, e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelCallException(request.model() + ": interrupted while waiting for " + endpoint, false, 1, e);
        }
    }

    private void acquire(ModelRequest request) {
        boolean got;
        try {
            got = slots.tryAcquire(limit.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(request.model() + ": interrupted while waiting for a slot of " + endpoint,
                    false, 0, e);
        }
        if (!got) {
            rejected.incrementAndGet();
            throw new ModelCallException(request.model() + ": bulkhead full: " + limit.maxInFlight()
                    + " calls already in flight to " + endpoint + " for " + limit.maxWait().toMillis() + " ms", false, 0, null);
        }
    }

    BulkheadStats stats() {
        return new BulkheadStats(endpoint, limit.maxInFlight() - slots.availablePermits(), limit.maxInFlight(),
                rejected.get(), timedOut.get());
    }

    @Override
    public void close() {
        attempts.shutdownNow();
    }
}
