package dev.driftgate.core.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The Retry-After header (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date. A date in the
 * past means "now" (zero); anything unparseable is ignored (null) rather than failing the call.
 */
public final class RetryAfter {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}(\\.\\d+)?");
    /** Far beyond any cap a policy applies; keeps the millisecond arithmetic from overflowing. */
    private static final double MAX_SECONDS = 1e9;

    private RetryAfter() {
    }

    /** The wait the header asks for, measured from {@code now}, or null when absent or unparseable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (SECONDS.matcher(v).matches()) {
            // RFC 9110 says whole seconds; some providers send fractions, which cost nothing to honour
            return Duration.ofMillis(Math.round(Math.min(Double.parseDouble(v), MAX_SECONDS) * 1000));
        }
        try {
            // RFC_1123_DATE_TIME reads IMF-fixdate, the form RFC 9110 requires senders to use
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    public static Duration parse(String value) {
        return parse(value, Instant.now());
    }
}
