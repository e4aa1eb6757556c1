package dev.driftgate.core.llm;

/**
 * Where a provider's rate-limit buckets live. {@link #local()}: in this client (per {@code ModelClients},
 * so per Flink subtask: parallelism multiplies the limit); {@link JdbcRateBuckets}: one row per bucket in
 * PostgreSQL, shared by every client that names it, so the limit holds at any parallelism.
 */
public interface RateBuckets {
    /** A bucket of {@code capacity} that refills {@code refillPerSecond}; {@code name} identifies it when shared. */
    RateBucket bucket(String name, double capacity, double refillPerSecond);

    static RateBuckets local() {
        return (name, capacity, refillPerSecond) -> new TokenBucket(capacity, refillPerSecond, System::nanoTime);
    }
}
