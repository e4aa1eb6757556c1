package dev.driftgate.gateway.model;

import dev.driftgate.core.llm.ProviderCallException;
import dev.langchain4j.exception.HttpException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What kind of failure a model call was, in words a client may read. The upstream's own error text
 * (which can echo prompts, account details or internal hosts) goes to the log, never to a client.
 */
public enum UpstreamFailure {
    /** The upstream refused the request as the client sent it (4xx other than 408/429). */
    CLIENT_ERROR(false, "the production model rejected the request as invalid (upstream HTTP %d); "
            + "check max_tokens, temperature and the messages"),
    /** The upstream is rate limiting this gateway. */
    RATE_LIMITED(false, "the production model is rate limiting the gateway (upstream HTTP 429); retry later"),
    /** A 5xx. */
    SERVER_ERROR(true, "the production model failed to answer (upstream HTTP %d)"),
    TIMEOUT(true, "the production model did not answer in time"),
    UNREACHABLE(true, "the production model could not be reached"),
    /** Anything else: counted against readiness, described generically. */
    OTHER(true, "the production model call failed");

    private final boolean fault;
    private final String detail;

    UpstreamFailure(boolean fault, String detail) {
        this.fault = fault;
        this.detail = detail;
    }

    /** True when the failure says the upstream is unhealthy (and counts against readiness). */
    public boolean upstreamFault() {
        return fault;
    }

    /** The client-facing detail, product words only. */
    public String detail(int status) {
        return String.format(detail, status);
    }

    /** Classifies by the first HTTP status, timeout or I/O error in the exception chain. */
    public static Classified classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderCallException p) {
                int status = p.statusCode();
                if (status == ProviderCallException.TIMEOUT) {
                    return new Classified(TIMEOUT, 0);
                }
                if (status > 0) {
                    return ofStatus(status);
                }
            }
            if (t instanceof HttpException http) {
                return ofStatus(http.statusCode());
            }
            if (t instanceof dev.langchain4j.exception.TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new Classified(TIMEOUT, 0);
            }
            if (t instanceof ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return new Classified(UNREACHABLE, 0);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof java.io.UncheckedIOException) {
                return new Classified(UNREACHABLE, 0);
            }
        }
        return new Classified(OTHER, 0);
    }

    private static Classified ofStatus(int status) {
        if (status == 408) {
            return new Classified(TIMEOUT, status);
        }
        if (status == 429) {
            return new Classified(RATE_LIMITED, status);
        }
        if (status >= 400 && status < 500) {
            return new Classified(CLIENT_ERROR, status);
        }
        return new Classified(SERVER_ERROR, status);
    }

    /** A failure kind with the upstream HTTP status (0 when there was none). */
    public record Classified(UpstreamFailure kind, int status) {
        public String detail() {
            return kind.detail(status);
        }
    }
}
