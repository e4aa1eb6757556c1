package dev.driftgate.core.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed, memory-bounded LRU of BERTScore token embeddings, keyed by (model id, SHA-256 of
 * the text). The forward pass is almost all of BERTScore's CPU, and the same texts come back: golden
 * references on every eval of a dataset version, repeated production answers in the shadow stream. A
 * text's embeddings depend only on the model and the text (tokenization is deterministic), so they can
 * be reused; the key holds a hash, never the text, so the cache keeps no prompt or answer.
 *
 * <p>Bounded by bytes, not entries, because an entry's size grows with the text (384 floats a token, up
 * to 512 tokens = 768 KiB). A text larger than the whole bound is not kept. Thread-safe (one lock: a
 * lookup is nanoseconds next to a forward pass of milliseconds).
 *
 * <p>A reused embedding is bit for bit the one computed the first time, in whatever batch that was; ONNX
 * Runtime may differ in the last float bit between batch shapes (the scores agree within 1e-5, the same
 * tolerance as between batch sizes without the cache).
 */
public final class EmbeddingCache {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);

    /** Per entry besides the floats: key string, map node, array header (an estimate, on the safe side). */
    static final long ENTRY_OVERHEAD_BYTES = 256;

    private static EmbeddingCache shared;

    private final long maxBytes;
    private final LinkedHashMap<String, float[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    public EmbeddingCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("embedding cache bound must be >= 0 bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The JVM-wide cache, like {@link MiniLmEncoder#shared()}: every scorer in the JVM (each Flink subtask
     * on a task manager) shares one bound instead of multiplying it. The first caller's bound wins.
     */
    public static synchronized EmbeddingCache shared(long maxBytes) {
        if (shared == null) {
            shared = new EmbeddingCache(maxBytes);
        } else if (shared.maxBytes != maxBytes) {
            LOG.info("embedding cache already sized at {} bytes; ignoring a request for {}", shared.maxBytes, maxBytes);
        }
        return shared;
    }

    /** The cache key: model id and the SHA-256 of the text's UTF-8 bytes. */
    public static String key(String modelId, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return modelId + ':' + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The embeddings under {@code key}, counting a hit or a miss. Callers must not modify the array. */
    public synchronized Optional<float[]> get(String key) {
        float[] vectors = entries.get(key);
        if (vectors == null) {
            misses++;
            return Optional.empty();
        }
        hits++;
        return Optional.of(vectors);
    }

    /** Keeps the embeddings, evicting the least recently used entries beyond the bound. */
    public synchronized void put(String key, float[] vectors) {
        long size = sizeOf(vectors);
        if (size > maxBytes) {
            return;
        }
        float[] previous = entries.put(key, vectors);
        bytes += size - (previous == null ? 0 : sizeOf(previous));
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, float[]> eldest = it.next();
            bytes -= sizeOf(eldest.getValue());
            it.remove();
            evictions++;
        }
    }

    public synchronized Stats stats() {
        return new Stats(hits, misses, evictions, entries.size(), bytes, maxBytes);
    }

    static long sizeOf(float[] vectors) {
        return 4L * vectors.length + ENTRY_OVERHEAD_BYTES;
    }

    /** Counters since the cache was made; a miss is a text that had to be encoded. */
    public record Stats(long hits, long misses, long evictions, int entries, long bytes, long maxBytes) {
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0.0 : (double) hits / lookups;
        }

        @Override
        public String toString() {
            return String.format("embedding cache: %d hits, %d misses (hit rate %.1f%%), %d entries, %.1f of %.1f MiB, %d evictions",
                    hits, misses, 100 * hitRate(), entries, bytes / 1048576.0, maxBytes / 1048576.0, evictions);
        }
    }
}
