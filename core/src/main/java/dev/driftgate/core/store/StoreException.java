package dev.driftgate.core.store;

/** The run store could not be read or written (unreachable, or a statement failed). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
