package dev.driftgate.gateway.model;

/**
 * Receives a streamed answer: {@link #token} for each piece of text in order, then exactly one of
 * {@link #completed} or {@link #failed}. Calls come one at a time (possibly from an HTTP client's
 * thread), never concurrently.
 */
public interface StreamListener {

    void token(String text);

    /** The whole answer: its text is the tokens joined. */
    void completed(ModelAnswer answer);

    void failed(Throwable error);
}
