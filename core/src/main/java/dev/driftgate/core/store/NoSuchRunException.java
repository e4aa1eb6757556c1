package dev.driftgate.core.store;

/** A run id that is not in the store. */
public final class NoSuchRunException extends RuntimeException {
    public NoSuchRunException(String runId) {
        super("no run with id '" + runId + "' in the run store");
    }
}
