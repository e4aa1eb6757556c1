package dev.driftgate.gateway.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Readiness of the model endpoint, from the outcome of the latest real call (no synthetic
 * traffic to a paid API). UNKNOWN until the first call.
 */
public final class ModelHealth {
    public enum State { UP, DOWN, UNKNOWN }

    public record Status(State state, String detail, long atEpochMs) {
    }

    private final AtomicReference<Status> last = new AtomicReference<>(new Status(State.UNKNOWN, "no call yet", 0));

    public void succeeded() {
        Status current = last.get();
        if (current.state() != State.UP) {
            last.set(new Status(State.UP, "last call succeeded", System.currentTimeMillis()));
        }
    }

    public void failed(String reason) {
        last.set(new Status(State.DOWN, reason, System.currentTimeMillis()));
    }

    public Status status() {
        return last.get();
    }
}
