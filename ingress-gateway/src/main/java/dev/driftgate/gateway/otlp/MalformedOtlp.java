package dev.driftgate.gateway.otlp;

/** The whole request body cannot be read as an export request (answered 400, never 500). */
public final class MalformedOtlp extends Exception {
    public MalformedOtlp(String message) {
        super(message, null, false, false);
    }
}
