package dev.driftgate.core.llm;

/** Requests and tokens per minute for one provider; 0 means unlimited. */
public record RateLimit(int requestsPerMinute, int tokensPerMinute) {
    public static final RateLimit UNLIMITED = new RateLimit(0, 0);

    public RateLimit {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits must be >= 0 (0 = unlimited)");
        }
    }

    /** "rpm,tpm", e.g. "500,200000". */
    public static RateLimit parse(String value, String where) {
        String[] parts = value.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new RateLimit(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(where + " must be 'requests_per_minute,tokens_per_minute' "
                    + "(non-negative integers, 0 = unlimited), got '" + value + "'");
        }
    }
}
