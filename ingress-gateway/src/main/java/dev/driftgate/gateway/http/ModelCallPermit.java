package dev.driftgate.gateway.http;

import io.micronaut.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted model call's slot in {@link ModelCallLimiter}. A plain response gives it back when
 * the response is sent; a streamed one outlives that moment, so the stream {@link #claim}s the permit
 * and releases it when the upstream call ends. Releasing twice is harmless.
 */
final class ModelCallPermit {
    private static final String ATTRIBUTE = "driftgate.model-call-permit";
    private final Semaphore permits;
    private final AtomicBoolean released = new AtomicBoolean();

    private ModelCallPermit(Semaphore permits) {
        this.permits = permits;
    }

    static void attach(HttpRequest<?> request, Semaphore permits) {
        request.setAttribute(ATTRIBUTE, new ModelCallPermit(permits));
    }

    /** Takes the permit off the request: the response filter no longer releases it, the caller must. */
    static Optional<ModelCallPermit> claim(HttpRequest<?> request) {
        Optional<ModelCallPermit> permit = request.getAttribute(ATTRIBUTE, ModelCallPermit.class);
        permit.ifPresent(p -> request.removeAttribute(ATTRIBUTE, ModelCallPermit.class));
        return permit;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            permits.release();
        }
    }
}
