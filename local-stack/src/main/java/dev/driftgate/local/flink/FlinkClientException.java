package dev.driftgate.local.flink;

/** A Flink client step that cannot go on; its message is the one sentence to show the user. */
public final class FlinkClientException extends RuntimeException {
    public FlinkClientException(String message) {
        super(message);
    }
}
