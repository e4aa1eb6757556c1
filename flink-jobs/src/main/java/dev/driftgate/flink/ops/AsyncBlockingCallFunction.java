package dev.driftgate.flink.ops;

import java.io.Serializable;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.scoring.ModelUsage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.AsyncRetryStrategy;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;

/**
 * Runs a blocking remote call (model or judge) for each element on a bounded thread pool and hands
 * the result to Flink's async I/O operator. Retries belong to Flink: a retryable failure with
 * attempts left is emitted as {@link RetryAware#retryPending()} and the operator's retry strategy
 * ({@link #retryStrategy}) re-invokes; the last attempt's failure is emitted as a failed element,
 * so the job never fails because one call did. A call that outlives the operator timeout becomes a
 * failed element too.
 *
 * <p>Flink cuts retries short at end of a bounded input: AsyncWaitOperator.endInput() fires one
 * immediate last attempt for elements waiting for a retry and then completes whatever comes back.
 * So a second instance of the function, made with {@link #finishingRetriesOf}, runs right after the
 * first (see {@link AsyncCalls#wire}): it passes finished elements through and completes the
 * remaining attempts of any element that still says {@link RetryAware#retryPending()}, with the
 * same exponential backoff, on its own threads.
 *
 * <p>Metrics: {@code calls}, {@code retries}, {@code failures} counters on the operator's group.
 */
public abstract class AsyncBlockingCallFunction<IN, OUT extends RetryAware> extends RichAsyncFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final int threads;
    private final int maxAttempts;
    private RetryTail<IN, OUT> tail;
    private long initialBackoffMs;
    private long maxBackoffMs;
    private transient ExecutorService executor;
    private transient Map<String, Pending<OUT>> attempts;
    private transient Counter calls;
    private transient Counter retries;
    private transient Counter failures;

    protected AsyncBlockingCallFunction(int threads, int maxAttempts) {
        if (threads < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("threads and maxAttempts must be >= 1");
        }
        this.threads = threads;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Attempts and usage of an element across Flink's re-invocations: Flink re-invokes with the
     * original input, so what earlier attempts cost is kept here until the element is done.
     */
    private static final class Pending<OUT> {
        final AtomicInteger attempts = new AtomicInteger();
        final List<ModelUsage> usage = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The attempt in flight: at end of input Flink can invoke an element twice at once. */
        CompletableFuture<OUT> inFlight;
    }

    /** How a retry-finishing instance reads an element that may still need attempts. */
    public interface RetryTail<IN, OUT> extends Serializable {
        /** True when the element's last attempt failed retryably and Flink did not retry it. */
        boolean pending(IN in);

        /** Attempts the element already had in this stage. */
        int attemptsSoFar(IN in);

        /** The element unchanged, as an output (the tail's input and output types are the same). */
        OUT passThrough(IN in);
    }

    /**
     * Makes this (fresh) instance the retry-finishing stage that follows the Flink-retried one; see
     * the class comment. Returns this.
     */
    public AsyncBlockingCallFunction<IN, OUT> finishingRetriesOf(RetryTail<IN, OUT> tail, AsyncCallOptions options) {
        this.tail = tail;
        this.initialBackoffMs = options.initialBackoffMs();
        this.maxBackoffMs = options.maxBackoffMs();
        return this;
    }

    /** Flink's exponential-backoff strategy that re-invokes while an output says {@link RetryAware#retryPending()}. */
    public static <T extends RetryAware> AsyncRetryStrategy<T> retryStrategy(int maxAttempts, long initialDelayMs,
                                                                              long maxDelayMs) {
        // Flink counts retries, not attempts: maxAttempts - 1 retries after the first call
        return new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<T>(
                Math.max(0, maxAttempts - 1), initialDelayMs, maxDelayMs, 2.0)
                .ifResult(new AnyRetryPending<>())
                .build();
    }

    /** The strategy ships inside the job graph, so its predicate is a serializable class, not a lambda. */
    static final class AnyRetryPending<T extends RetryAware> implements Predicate<Collection<T>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean test(Collection<T> results) {
            if (results == null) {
                return false;
            }
            for (T t : results) {
                if (t.retryPending()) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, getClass().getSimpleName() + "-call");
            t.setDaemon(true);
            return t;
        });
        attempts = new ConcurrentHashMap<>();
        calls = getRuntimeContext().getMetricGroup().counter("calls");
        retries = getRuntimeContext().getMetricGroup().counter("retries");
        failures = getRuntimeContext().getMetricGroup().counter("failures");
        openClients();
    }

    /** Builds the non-serializable clients. */
    protected abstract void openClients() throws Exception;

    protected abstract void closeClients() throws Exception;

    /** Identifies an element across Flink's re-invocations (e.g. example id + stage). */
    protected abstract String keyOf(IN in);

    /** Does the blocking call; never throws (failures are outcomes). */
    protected abstract CallOutcome<?> call(IN in, int attempt);

    /** Merges the outcome into the element; {@code retryPending} tells Flink to try again. */
    protected abstract OUT merge(IN in, CallOutcome<?> outcome, boolean retryPending);

    @Override
    public void asyncInvoke(IN in, ResultFuture<OUT> resultFuture) {
        if (tail != null) {
            if (!tail.pending(in)) {
                resultFuture.complete(List.of(tail.passThrough(in)));
                return;
            }
            try {
                executor.execute(() -> completeRemainingAttempts(in, resultFuture));
            } catch (RejectedExecutionException e) {
                resultFuture.complete(List.of(merge(in, CallOutcome.failure("executor closed", false,
                        tail.attemptsSoFar(in), 0, List.of()), false)));
            }
            return;
        }
        String key = keyOf(in);
        Pending<OUT> pending = attempts.computeIfAbsent(key, k -> new Pending<>());
        int attempt;
        CompletableFuture<OUT> result = new CompletableFuture<>();
        synchronized (pending) {
            if (pending.inFlight != null && !pending.inFlight.isDone()) {
                // AsyncWaitOperator.endInput() fires pending retries at once while their timers may
                // fire too: answer the duplicate with the attempt already running, not a second call
                pending.inFlight.thenAccept(out -> resultFuture.complete(List.of(out)));
                return;
            }
            attempt = pending.attempts.incrementAndGet();
            pending.inFlight = result;
        }
        result.thenAccept(out -> resultFuture.complete(List.of(out)));
        try {
            executor.execute(() -> complete(in, key, attempt, pending, result));
        } catch (RejectedExecutionException e) {
            result.complete(finish(in, key, CallOutcome.failure("executor closed", false, attempt, 0, List.of())));
        }
    }

    private void complete(IN in, String key, int attempt, Pending<OUT> pending, CompletableFuture<OUT> result) {
        CallOutcome<?> outcome;
        try {
            outcome = call(in, attempt);
        } catch (RuntimeException e) {
            outcome = CallOutcome.failure(describe(e), false, attempt, 0, List.of());
        }
        calls.inc();
        pending.usage.addAll(outcome.usage());
        outcome = withUsage(outcome, List.copyOf(pending.usage));
        if (outcome.failed() && outcome.retryable() && attempt < maxAttempts) {
            retries.inc();
            result.complete(merge(in, outcome, true));
            return;
        }
        result.complete(finish(in, key, outcome));
    }

    private void completeRemainingAttempts(IN in, ResultFuture<OUT> resultFuture) {
        int attempt = tail.attemptsSoFar(in);
        long delay = initialBackoffMs;
        for (int i = 1; i < attempt; i++) {
            delay = Math.min(delay * 2, maxBackoffMs);
        }
        CallOutcome<?> outcome;
        List<ModelUsage> used = new java.util.ArrayList<>();
        do {
            try {
                Thread.sleep(Math.min(delay, maxBackoffMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                resultFuture.complete(List.of(merge(in, CallOutcome.failure("interrupted while retrying", false,
                        attempt, 0, List.copyOf(used)), false)));
                return;
            }
            delay *= 2;
            attempt++;
            try {
                outcome = call(in, attempt);
            } catch (RuntimeException e) {
                outcome = CallOutcome.failure(describe(e), false, attempt, 0, List.of());
            }
            calls.inc();
            used.addAll(outcome.usage());
            outcome = withUsage(outcome, List.copyOf(used));
            if (outcome.failed() && outcome.retryable() && attempt < maxAttempts) {
                retries.inc();
            }
        } while (outcome.failed() && outcome.retryable() && attempt < maxAttempts);
        if (outcome.failed()) {
            failures.inc();
        }
        resultFuture.complete(List.of(merge(in, outcome, false)));
    }

    private static <R> CallOutcome<R> withUsage(CallOutcome<R> o, List<ModelUsage> usage) {
        return new CallOutcome<>(o.value(), o.failed(), o.failureReason(), o.retryable(), o.attempt(), o.latencyMs(),
                usage, o.cacheHit());
    }

    private OUT finish(IN in, String key, CallOutcome<?> outcome) {
        attempts.remove(key);
        if (outcome.failed()) {
            failures.inc();
        }
        return merge(in, outcome, false);
    }

    @Override
    public void timeout(IN in, ResultFuture<OUT> resultFuture) {
        if (tail != null) {
            resultFuture.complete(List.of(merge(in, CallOutcome.failure("timed out in the async operator while "
                    + "finishing retries", false, tail.attemptsSoFar(in), 0, List.of()), false)));
            return;
        }
        String key = keyOf(in);
        Pending<OUT> pending = attempts.get(key);
        int attempt = pending == null ? 1 : pending.attempts.get();
        List<ModelUsage> used = pending == null ? List.of() : List.copyOf(pending.usage);
        resultFuture.complete(List.of(finish(in, key, CallOutcome.failure(
                "timed out in the async operator after " + attempt + " attempt(s)", false, attempt, 0, used))));
    }

    /** What a successful call took: the model's own latency, or the wall time around the call. */
    @FunctionalInterface
    protected interface LatencyOf<R> {
        long latencyMs(R value, long elapsedMs);
    }

    /**
     * One metered call through {@code client}: the usage it recorded is attached to the outcome, a
     * call answered wholly from the response cache is a cache hit, and an exception becomes a failed
     * outcome (retryable when the model client says so) instead of escaping into Flink.
     */
    protected static <R> CallOutcome<R> meteredCall(UsageMeteringModelClient client, int attempt,
                                                    Supplier<R> work, LatencyOf<R> latency) {
        long start = System.nanoTime();
        client.begin();
        try {
            R value = work.get();
            boolean cached = client.allFromCache();
            List<ModelUsage> used = client.end();
            return cached ? CallOutcome.fromCache(value, attempt, used)
                    : CallOutcome.success(value, attempt, latency.latencyMs(value, elapsedMs(start)), used);
        } catch (ModelCallException e) {
            return CallOutcome.failure(describe(e), e.retryable(), attempt, elapsedMs(start), client.end());
        } catch (RuntimeException e) {
            return CallOutcome.failure(describe(e), false, attempt, elapsedMs(start), client.end());
        } finally {
            client.reset();
        }
    }

    static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() throws Exception {
        try {
            closeClients();
        } finally {
            if (executor != null) {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
