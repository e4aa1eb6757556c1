package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.ModelCallException;

/**
 * A production-model call failed; {@link #failure()} is what a client may be told, the cause (with
 * the upstream's own text) is for the log only.
 */
public final class ModelCallFailed extends RuntimeException {
    private final transient UpstreamFailure.Classified failure;

    public ModelCallFailed(UpstreamFailure.Classified failure, ModelCallException cause) {
        super(cause.getMessage(), cause, false, false);
        this.failure = failure;
    }

    public UpstreamFailure.Classified failure() {
        return failure;
    }
}
