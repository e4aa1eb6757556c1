package dev.driftgate.gateway.model;

import dev.driftgate.gateway.config.GatewaySettings.BreakerSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Readiness of the model endpoint: a breaker over the real calls of the last window (no synthetic
 * traffic to a paid API). Only upstream faults count against it (5xx, timeouts, connection errors,
 * see {@link UpstreamFailure}); a client-caused 4xx says the upstream is healthy. The breaker opens
 * when the window holds at least {@code minFailures} faults making up at least {@code failureRatio}
 * of the calls, and closes on the next successful call or, with no traffic (a pod out of rotation
 * gets none), by itself after {@code openMs}. Details are product words only: upstream error text
 * never reaches /health.
 */
public final class ModelHealth {
    public enum State { UP, DOWN, UNKNOWN }

    public record Status(State state, String detail, long atEpochMs) {
    }

    private record Call(long atMs, boolean fault) {
    }

    private final BreakerSettings settings;
    private final LongSupplier clock;
    private final Deque<Call> window = new ArrayDeque<>();
    private long openedAtMs = -1;
    private long lastCallMs;
    private boolean anyCall;

    public ModelHealth(BreakerSettings settings) {
        this(settings, System::currentTimeMillis);
    }

    ModelHealth(BreakerSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The upstream answered (including a client-caused 4xx: the upstream itself is healthy). */
    public synchronized void succeeded() {
        record(false);
        openedAtMs = -1;
    }

    /** The upstream failed: a 5xx, a timeout or a connection error. */
    public synchronized void faulted() {
        record(true);
        if (openedAtMs < 0 && shouldOpen()) {
            openedAtMs = lastCallMs;
        }
    }

    public synchronized Status status() {
        long now = clock.getAsLong();
        if (openedAtMs >= 0 && now - openedAtMs >= settings.openMs()) {
            // time-based recovery: the next real call decides again from a fresh window
            openedAtMs = -1;
            window.clear();
        }
        prune(now);
        int faults = (int) window.stream().filter(Call::fault).count();
        if (openedAtMs >= 0) {
            return new Status(State.DOWN, faults + " of the last " + window.size()
                    + " model calls failed upstream (server error, timeout or connection error); readiness "
                    + "returns within " + Math.max(1, (settings.openMs() - (now - openedAtMs) + 999) / 1000)
                    + " s or at the next successful call", openedAtMs);
        }
        if (!anyCall) {
            return new Status(State.UNKNOWN, "no call yet", 0);
        }
        return new Status(State.UP, faults == 0 ? "recent model calls succeeded"
                : faults + " of the last " + window.size() + " model calls failed upstream", lastCallMs);
    }

    private void record(boolean fault) {
        long now = clock.getAsLong();
        anyCall = true;
        lastCallMs = now;
        window.addLast(new Call(now, fault));
        prune(now);
    }

    private void prune(long now) {
        while (!window.isEmpty() && (now - window.peekFirst().atMs() > settings.windowMs() || window.size() > 1000)) {
            window.removeFirst();
        }
    }

    private boolean shouldOpen() {
        long faults = window.stream().filter(Call::fault).count();
        return faults >= settings.minFailures() && faults >= settings.failureRatio() * window.size();
    }
}
