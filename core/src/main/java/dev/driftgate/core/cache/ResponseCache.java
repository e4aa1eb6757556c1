package dev.driftgate.core.cache;

import dev.driftgate.core.llm.ModelResponse;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Answers already paid for, by {@link CacheKey}: in the driftgate database (shared by every runner)
 * or, without an external store, in a directory of content-addressed files that CI can restore and
 * save with actions/cache, so an identical rerun makes no model call.
 */
public interface ResponseCache {

    /** A stored answer with the usage it originally had. */
    record Entry(String text, String modelString, int inputTokens, int outputTokens, double originalCostUsd,
                 long originalLatencyMs) {
    }

    /** The cache could not be read or written; callers fall back to the model (or fail in cache-only mode). */
    final class CacheAccessException extends Exception {
        public CacheAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Optional<Entry> get(CacheKey key) throws CacheAccessException;

    /** Stores the answer unless one is stored already (first writer wins). */
    void put(CacheKey key, ModelResponse response) throws CacheAccessException;

    static ResponseCache database(DataSource dataSource) {
        return new DatabaseResponseCache(dataSource);
    }

    static ResponseCache directory(Path dir) {
        return new DirectoryResponseCache(dir);
    }
}
