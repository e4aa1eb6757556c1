package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.scoring.ModelUsage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Runs a blocking remote call (model or judge) for each element on a bounded thread pool and hands
 * the result to Flink's async I/O operator, one attempt per element. Retries are not Flink's: the
 * core model client retries transport failures under {@link dev.driftgate.core.http.RetryPolicy}
 * (timeouts, I/O errors, 408/429/5xx, full jitter, Retry-After), so there is one retry mechanism
 * for every outbound call. A call that still fails is emitted as a failed element (stage and
 * reason), so the job never fails because one call did; a call that outlives the operator timeout
 * (sized to cover the client's whole retry budget, see {@link AsyncCallOptions}) becomes a failed
 * element too.
 *
 * <p>Metrics on the operator's group (so per stage: candidate-inference, judge-prod, ...):
 * {@code calls} and {@code failures} counters, {@code retries} (client attempts beyond the first),
 * an {@code inFlight} gauge (calls running on the pool now) and a {@code callLatencyMs} histogram
 * (wall time of each call, retries included; on the judge stages this is the judge latency); the
 * model and judge stages add their client's bulkhead gauges ({@link BulkheadGauges}).
 */
public abstract class AsyncBlockingCallFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final int threads;
    private transient ExecutorService executor;
    private transient Counter calls;
    private transient Counter failures;
    private transient Counter retries;
    private transient Histogram latency;
    private transient AtomicInteger inFlight;

    protected AsyncBlockingCallFunction(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, getClass().getSimpleName() + "-call");
            t.setDaemon(true);
            return t;
        });
        calls = getRuntimeContext().getMetricGroup().counter("calls");
        failures = getRuntimeContext().getMetricGroup().counter("failures");
        retries = getRuntimeContext().getMetricGroup().counter("retries");
        // a sliding window of the last 1,000 calls: quantiles of recent latency, not of all time
        latency = getRuntimeContext().getMetricGroup().histogram("callLatencyMs", new DescriptiveStatisticsHistogram(1000));
        inFlight = new AtomicInteger();
        getRuntimeContext().getMetricGroup().gauge("inFlight", (Gauge<Integer>) inFlight::get);
        openClients();
    }

    /** Builds the non-serializable clients. */
    protected abstract void openClients() throws Exception;

    protected abstract void closeClients() throws Exception;

    /** Does the blocking call; never throws (failures are outcomes). */
    protected abstract CallOutcome<?> call(IN in);

    /** Merges the outcome (a value or a failure) into the element. */
    protected abstract OUT merge(IN in, CallOutcome<?> outcome);

    @Override
    public void asyncInvoke(IN in, ResultFuture<OUT> resultFuture) {
        try {
            executor.execute(() -> resultFuture.complete(List.of(complete(in))));
        } catch (RejectedExecutionException e) {
            resultFuture.complete(List.of(finish(in, CallOutcome.failure("executor closed", 0, 0, List.of()))));
        }
    }

    private OUT complete(IN in) {
        CallOutcome<?> outcome;
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            outcome = call(in);
        } catch (RuntimeException e) {
            outcome = CallOutcome.failure(describe(e), 1, 0, List.of());
        } finally {
            inFlight.decrementAndGet();
        }
        latency.update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (outcome.attempts() > 1) {
            retries.inc(outcome.attempts() - 1L);
        }
        calls.inc();
        return finish(in, outcome);
    }

    private OUT finish(IN in, CallOutcome<?> outcome) {
        if (outcome.failed()) {
            failures.inc();
        }
        return merge(in, outcome);
    }

    /**
     * The call outlived the operator timeout, which covers the client's whole retry budget: the
     * endpoint hangs beyond its own timeouts. The element fails here; the thread may still finish
     * the call, whose late result Flink ignores.
     */
    @Override
    public void timeout(IN in, ResultFuture<OUT> resultFuture) {
        resultFuture.complete(List.of(finish(in, CallOutcome.failure("timed out in the async operator", 1, 0,
                List.of()))));
    }

    /** What a successful call took: the model's own latency, or the wall time around the call. */
    @FunctionalInterface
    protected interface LatencyOf<R> {
        long latencyMs(R value, long elapsedMs);
    }

    /** How many client attempts a successful call took (a null value, an element not called: 1). */
    @FunctionalInterface
    protected interface AttemptsOf<R> {
        int attempts(R value);
    }

    /**
     * One metered call through {@code client}: the usage it recorded is attached to the outcome, a
     * call answered wholly from the response cache is a cache hit, and an exception becomes a failed
     * outcome instead of escaping into Flink.
     */
    protected static <R> CallOutcome<R> meteredCall(UsageMeteringModelClient client, Supplier<R> work,
                                                    AttemptsOf<R> attemptsOf, LatencyOf<R> latency) {
        long start = System.nanoTime();
        client.begin();
        try {
            R value = work.get();
            boolean cached = client.allFromCache();
            List<ModelUsage> used = client.end();
            int attempts = attemptsOf.attempts(value);
            return cached ? CallOutcome.fromCache(value, attempts, used)
                    : CallOutcome.success(value, attempts, latency.latencyMs(value, elapsedMs(start)), used);
        } catch (ModelCallException e) {
            // the client already retried what was worth retrying; its attempts are in the message
            return CallOutcome.failure(describe(e), Math.max(1, e.attempts()), elapsedMs(start), client.end());
        } catch (RuntimeException e) {
            return CallOutcome.failure(describe(e), 1, elapsedMs(start), client.end());
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
