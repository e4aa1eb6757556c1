package dev.driftgate.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem detail. {@code field} (an extension member) names the offending input:
 * a JSON property such as {@code prompt}, or a header such as {@code Content-Type}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://driftgate.dev/problems/";

    public static Problem badRequest(String kind, String title, String detail, String field) {
        return new Problem(BASE + kind, title, 400, detail, field);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(BASE + "unauthorized", "Missing or invalid API key", 401, detail, "Authorization");
    }

    public static Problem overloaded(int inFlight) {
        return new Problem(BASE + "overloaded", "Gateway at capacity", 503, "all " + inFlight
                + " production-model calls the gateway allows at once are in flight; retry after the "
                + "Retry-After interval", null);
    }

    public static Problem modelFailed(String detail) {
        return new Problem(BASE + "model-error", "Production model call failed", 502, detail, null);
    }

    /** Errors raised by the framework itself (404, 405, 413, 500...); details of 5xx stay inside. */
    public static Problem ofStatus(int status, String reason, String detail) {
        String safeDetail = status >= 500 ? "The gateway failed to handle the request; see its log." : detail;
        return new Problem("about:blank", reason, status, safeDetail, null);
    }
}
