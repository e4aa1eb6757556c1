package dev.driftgate.core.llm;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The in-flight budget of one provider endpoint (provider + host), shared by every model string served
 * there. Why: callers (a Flink async operator's 64 slots, the eval's worker pool) are shared by all
 * providers, so without a budget per endpoint one that never answers ends up holding every caller while
 * the others idle. Here it holds at most {@code maxInFlight}; further calls wait {@code maxWait} and then
 * fail at once ("bulkhead full", not retryable: a retry would only hold the caller longer).
 *
 * <p>With fair share (the default), an endpoint that has <em>stalled</em> (calls in flight and no
 * attempt ended with an answer, a reply or an HTTP error but not a timeout, for 2 s or twice its recent
 * latency if longer) keeps at most its share of the callers ({@link CallerConcurrency#share}): new
 * callers over the share fail at once, and callers over it that are already waiting give up their
 * wait (the attempt goes on, on the bulkhead's thread, until it ends or the hard timeout cancels it).
 * A hung endpoint so holds its share of the callers and no more, while an endpoint that answers, however
 * slowly, is never limited below {@code maxInFlight}: a cap on a healthy endpoint's share cost half the
 * throughput of two healthy endpoints in a closed loop (benchmarks/llm.md).
 *
 * <p>Each attempt runs on the bulkhead's own thread so the caller can give up after the hard timeout even
 * when the HTTP client does not (a server trickling bytes slower than any read timeout). The slot is
 * released only when the attempt really ends, so abandoned attempts still count against the endpoint
 * and cannot pile up.
 */
final class ProviderBulkhead implements AutoCloseable {
    private static final long MIN_STALL_NANOS = 2_000_000_000L;
    /** How often a waiting caller looks again at the stall and the share (they change without a release). */
    private static final long RECHECK_NANOS = 50_000_000L;

    private final String endpoint;
    private final BulkheadLimit limit;
    private final Duration hardTimeout;
    private final CallerConcurrency callers;
    private final LongSupplier clock;
    private final ExecutorService attempts;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition slotFreed = lock.newCondition();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    /** Callers inside {@link #call} for this endpoint: waiting for a slot or for their attempt. */
    private final AtomicInteger callersHere = new AtomicInteger();
    private final ScheduledExecutorService canceller;
    private int inFlight;
    /** When an attempt last ended with an answer or a provider error, or the endpoint went from idle to busy. */
    private long lastProgressNanos;
    /** Whether the last attempt to end was answered: if not, going busy again does not restart the stall clock. */
    private boolean lastEndAnswered = true;
    private double latencyEwmaNanos;

    ProviderBulkhead(String endpoint, BulkheadLimit limit, Duration hardTimeout, CallerConcurrency callers) {
        this(endpoint, limit, hardTimeout, callers, System::nanoTime);
    }

    ProviderBulkhead(String endpoint, BulkheadLimit limit, Duration hardTimeout, CallerConcurrency callers,
                     LongSupplier clock) {
        this.endpoint = endpoint;
        this.limit = limit;
        this.hardTimeout = hardTimeout;
        this.callers = callers;
        this.clock = clock;
        // at most maxInFlight threads are ever busy: only slot holders submit
        this.attempts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "driftgate-bulkhead-" + endpoint);
            t.setDaemon(true);
            return t;
        });
        // cancels, at the hard timeout, the attempts whose callers stopped waiting for a stalled endpoint
        this.canceller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftgate-bulkhead-cancel-" + endpoint);
            t.setDaemon(true);
            return t;
        });
    }

    /** One attempt of {@code call} inside the budget, cut off after the hard timeout. */
    ModelResponse call(ModelRequest request, ModelClient inner) {
        callers.enter(endpoint, clock.getAsLong());
        boolean[] counted = {false}; // whether this caller is in callersHere (it leaves a stalled endpoint early)
        try {
            joinCallers(request);
            counted[0] = true;
            acquire(request, counted);
            return attempt(request, inner, counted);
        } finally {
            if (counted[0]) {
                callersHere.decrementAndGet();
            }
            callers.exit();
        }
    }

    /**
     * Counts the caller in, unless the endpoint has stalled and already holds its share of the callers:
     * then it fails at once. One compare-and-set, so concurrent callers cannot together pass the share.
     */
    private void joinCallers(ModelRequest request) {
        if (!limit.fairShare()) {
            callersHere.incrementAndGet();
            return;
        }
        long now = clock.getAsLong();
        boolean stalledNow;
        long silentMs;
        lock.lock();
        try {
            stalledNow = stalled(now);
            silentMs = (now - lastProgressNanos) / 1_000_000;
        } finally {
            lock.unlock();
        }
        int share = callers.share(now);
        int before = callersHere.getAndUpdate(n -> stalledNow && n >= share ? n : n + 1);
        if (stalledNow && before >= share) {
            throw refuse(request.model() + ": bulkhead full: " + endpoint + " has not answered for " + silentMs
                    + " ms and already holds its share of " + share + " callers; failing at once so the other"
                    + " endpoints keep theirs");
        }
    }

    private ModelResponse attempt(ModelRequest request, ModelClient inner, boolean[] counted) {
        Future<ModelResponse> future;
        try {
            future = attempts.submit(() -> {
                long start = clock.getAsLong();
                boolean answered = false;
                try {
                    ModelResponse response = inner.complete(request);
                    answered = true;
                    return response;
                } catch (ProviderCallException e) {
                    // an HTTP error status or a refused connection is an answer; a timeout is not
                    answered = e.statusCode() != ProviderCallException.TIMEOUT && !Thread.currentThread().isInterrupted();
                    throw e;
                } finally {
                    release(answered, clock.getAsLong() - start);
                }
            });
        } catch (RuntimeException e) {
            release(false, 0);
            throw new ModelCallException(request.model() + ": bulkhead of " + endpoint + " is closed", false, 0, e);
        }
        long deadline = clock.getAsLong() + hardTimeout.toNanos();
        try {
            while (true) {
                long remaining = deadline - clock.getAsLong();
                if (remaining <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return future.get(Math.min(remaining, RECHECK_NANOS), TimeUnit.NANOSECONDS);
                } catch (TimeoutException slice) {
                    if (leaveIfOverShare()) {
                        counted[0] = false;
                        canceller.schedule(() -> future.cancel(true), deadline - clock.getAsLong(), TimeUnit.NANOSECONDS);
                        abandoned.incrementAndGet();
                        throw new ModelCallException(request.model() + ": " + endpoint + " has not answered for "
                                + (clock.getAsLong() - lastProgress()) / 1_000_000 + " ms; stopped waiting so it holds"
                                + " no more than its share of the callers (the attempt is abandoned)", false, 1, null);
                    }
                }
            }
        } catch (TimeoutException e) {
            future.cancel(true);
            abandoned.incrementAndGet();
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

    /** With fair share, a caller of a stalled endpoint over its share counts itself out and leaves. */
    private boolean leaveIfOverShare() {
        if (!limit.fairShare()) {
            return false;
        }
        long now = clock.getAsLong();
        lock.lock();
        try {
            return stalled(now) && countOutIfOverShare(now);
        } finally {
            lock.unlock();
        }
    }

    /** A compare-and-set, so concurrent leavers never take the count below the share. */
    private boolean countOutIfOverShare(long now) {
        int share = callers.share(now);
        return callersHere.getAndUpdate(n -> n > share ? n - 1 : n) > share;
    }

    private long lastProgress() {
        lock.lock();
        try {
            return lastProgressNanos;
        } finally {
            lock.unlock();
        }
    }

    private void acquire(ModelRequest request, boolean[] counted) {
        long deadline = clock.getAsLong() + limit.maxWait().toNanos();
        lock.lock();
        try {
            while (true) {
                long now = clock.getAsLong();
                if (limit.fairShare() && stalled(now) && countOutIfOverShare(now)) {
                    counted[0] = false;
                    throw refuse(request.model() + ": bulkhead full: " + endpoint + " has not answered for "
                            + (now - lastProgressNanos) / 1_000_000 + " ms and already holds its share of "
                            + callers.share(now) + " callers; failing at once so the other endpoints keep theirs");
                }
                if (inFlight < limit.maxInFlight()) {
                    if (inFlight == 0 && lastEndAnswered) {
                        // idle because nobody called, not because every call timed out: not stalled
                        lastProgressNanos = now;
                    }
                    inFlight++;
                    return;
                }
                long left = deadline - now;
                if (left <= 0) {
                    throw refuse(request.model() + ": bulkhead full: " + inFlight + " calls already in flight to "
                            + endpoint + " for " + limit.maxWait().toMillis() + " ms");
                }
                slotFreed.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException(request.model() + ": interrupted while waiting for a slot of " + endpoint,
                    false, 0, e);
        } finally {
            lock.unlock();
        }
    }

    private ModelCallException refuse(String message) {
        rejected.incrementAndGet();
        return new ModelCallException(message, false, 0, null);
    }

    private void release(boolean answered, long latencyNanos) {
        lock.lock();
        try {
            inFlight--;
            lastEndAnswered = answered;
            if (answered) {
                lastProgressNanos = clock.getAsLong();
                latencyEwmaNanos = latencyEwmaNanos == 0 ? latencyNanos : 0.8 * latencyEwmaNanos + 0.2 * latencyNanos;
            }
            slotFreed.signal();
        } finally {
            lock.unlock();
        }
    }

    private int share(long now) {
        return limit.fairShare() ? callers.share(now) : Integer.MAX_VALUE;
    }


    /** Calls in flight and none ended with an answer for the stall time: the endpoint has stopped answering. */
    private boolean stalled(long now) {
        return inFlight > 0 && now - lastProgressNanos > stallNanos();
    }

    private long stallNanos() {
        return Math.max(MIN_STALL_NANOS, (long) (2 * latencyEwmaNanos));
    }

    BulkheadStats stats() {
        lock.lock();
        try {
            return new BulkheadStats(endpoint, inFlight, limit.maxInFlight(), callersHere.get(), share(clock.getAsLong()),
                    rejected.get(), abandoned.get());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        canceller.shutdownNow();
        attempts.shutdownNow();
    }
}
