package dev.driftgate.core.llm;

/** A token bucket that hands out reservations; local ({@link TokenBucket}) or shared ({@link JdbcRateBuckets}). */
interface RateBucket {
    /** Takes {@code amount} now and returns how many nanoseconds the caller must wait before using it. */
    long reserve(double amount);

    /** Takes {@code amount} without waiting (tokens known only after the call). */
    default void debit(double amount) {
        reserve(amount);
    }
}
