package dev.driftgate.core.cache;

/** How model calls use the response cache: the CLI's default, --no-cache and --cache-only. */
public enum CacheMode {
    /** Read hits, call the model on a miss and store its answer. */
    NORMAL,
    /** Bypass the cache: neither read nor write. */
    NO_CACHE,
    /** Only replay: a miss is an error naming the key fields, and no model is called. */
    CACHE_ONLY;

    public static CacheMode fromFlags(boolean noCache, boolean cacheOnly) {
        if (noCache && cacheOnly) {
            throw new IllegalArgumentException("--no-cache and --cache-only exclude each other");
        }
        return noCache ? NO_CACHE : cacheOnly ? CACHE_ONLY : NORMAL;
    }
}
