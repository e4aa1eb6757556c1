package dev.driftgate.core.cache;

import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves repeated calls from the response cache. A hit costs nothing and is marked cacheHit with
 * 0 attempts; its tokens are the original call's. In NORMAL mode a cache that cannot be read or
 * written is logged and skipped (the answer still comes from the model); in CACHE_ONLY mode a miss
 * or an unreadable cache is an error naming the key fields.
 */
public final class CachingModelClient implements ModelClient {
    private static final Logger LOG = LoggerFactory.getLogger(CachingModelClient.class);

    private final ModelClient inner;
    private final ResponseCache cache;
    private final CacheMode mode;

    public CachingModelClient(ModelClient inner, ResponseCache cache, CacheMode mode) {
        this.inner = inner;
        this.cache = cache;
        this.mode = mode;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        if (mode == CacheMode.NO_CACHE) {
            return inner.complete(request);
        }
        CacheKey key = CacheKey.of(request);
        long start = System.nanoTime();
        Optional<ResponseCache.Entry> hit;
        try {
            hit = cache.get(key);
        } catch (ResponseCache.CacheAccessException e) {
            if (mode == CacheMode.CACHE_ONLY) {
                throw new ModelCallException("cache-only mode: cannot read the response cache for key "
                        + key.describe() + ": " + e.getMessage(), false, 0, e);
            }
            LOG.warn("response cache unreadable, calling the model: {}", e.getMessage());
            return inner.complete(request);
        }
        if (hit.isPresent()) {
            ResponseCache.Entry e = hit.get();
            return new ModelResponse(e.text(), request.model(), (System.nanoTime() - start) / 1_000_000,
                    e.inputTokens(), e.outputTokens(), 0.0, 0, true);
        }
        if (mode == CacheMode.CACHE_ONLY) {
            throw new ModelCallException("cache-only mode: no cached response for key " + key.describe(), false, 0, null);
        }
        ModelResponse response = inner.complete(request);
        try {
            cache.put(key, response);
        } catch (ResponseCache.CacheAccessException e) {
            LOG.warn("response cache not written for {}: {}", request.model(), e.getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        inner.close();
    }
}
