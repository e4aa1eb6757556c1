package dev.driftgate.gateway.model;

/** Stops a streamed model call whose client went away, so the upstream stops generating for nobody. */
@FunctionalInterface
public interface StreamHandle {
    StreamHandle NONE = () -> { };

    void cancel();
}
