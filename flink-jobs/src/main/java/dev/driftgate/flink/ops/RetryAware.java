package dev.driftgate.flink.ops;

/**
 * An operator output that can say "my call failed with a retryable error and attempts remain".
 * Flink's async retry strategy re-invokes the call while this is true; once attempts are used up
 * the function emits the failure with {@code retryPending() == false}, so the element travels on
 * as a failed example instead of failing the job.
 */
public interface RetryAware {
    boolean retryPending();
}
