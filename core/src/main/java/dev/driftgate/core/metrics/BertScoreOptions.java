package dev.driftgate.core.metrics;

import dev.driftgate.core.config.ScorerConfig;
import java.nio.file.Path;

/**
 * How {@link DjlBertScorer} scores.
 *
 * @param idf             weight tokens by IDF over the references of each call (bert_score idf=True)
 * @param baselineFile    bert_score-style baseline CSV to rescale with, or null for raw scores
 * @param batchSize       texts per forward pass (and pairs per matching batch)
 * @param bucketByLength  sort texts by token count before batching, so batches carry little padding
 * @param embeddingCacheBytes bound of the JVM-wide {@link EmbeddingCache} of token embeddings; 0 = no cache
 */
public record BertScoreOptions(boolean idf, Path baselineFile, int batchSize, boolean bucketByLength,
                               long embeddingCacheBytes) {

    public static final String SUPPORTED_MODEL = "all-MiniLM-L6-v2";
    /** What {@link #defaults()} keeps: the golden set's references take a few MiB; answers fill the rest. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    public BertScoreOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("bertscore.batch_size must be at least 1, got " + batchSize);
        }
        if (embeddingCacheBytes < 0) {
            throw new IllegalArgumentException("bertscore.embedding_cache_mb must be >= 0, got " + embeddingCacheBytes + " bytes");
        }
    }

    /** Without an embedding cache. */
    public BertScoreOptions(boolean idf, Path baselineFile, int batchSize, boolean bucketByLength) {
        this(idf, baselineFile, batchSize, bucketByLength, 0);
    }

    public static BertScoreOptions defaults() {
        return new BertScoreOptions(false, null, 16, true, DEFAULT_CACHE_BYTES);
    }

    /** From config/scorer_config.yaml's bertscore section; a relative baseline_file is resolved against configDir. */
    public static BertScoreOptions from(ScorerConfig.BertScoreSettings settings, Path configDir) {
        if (settings.model() != null && !SUPPORTED_MODEL.equalsIgnoreCase(settings.model())) {
            throw new IllegalArgumentException("bertscore.model: only " + SUPPORTED_MODEL
                    + " is bundled (offline), got " + settings.model());
        }
        Path baseline = null;
        if (settings.rescaleWithBaseline()) {
            if (settings.baselineFile() == null || settings.baselineFile().isBlank()) {
                throw new IllegalArgumentException("bertscore.rescale_with_baseline is true but bertscore.baseline_file is not set");
            }
            baseline = configDir.resolve(settings.baselineFile());
        }
        return new BertScoreOptions(settings.idf(), baseline, settings.batchSize(), true,
                (long) settings.embeddingCacheMb() << 20);
    }
}
