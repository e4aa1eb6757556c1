package dev.driftgate.flink.shadow;

import dev.driftgate.core.metrics.BertScoreOptions;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.DjlBertScorer;
import dev.driftgate.core.metrics.EmbeddingCache;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * core's ROUGE-L and BERTScore exactly as {@link CoreTextMetricsFactory} builds them, except that the
 * embedding cache belongs to one benchmark run instead of the JVM: the JVM-wide cache
 * ({@code EmbeddingCache.shared}) cannot be emptied, so a second run in the benchmark JVM would start
 * warm with the first run's texts. Here every run with {@code cacheBytes} > 0 starts with an empty
 * cache of that bound, shared by the run's subtasks as the JVM-wide one is; 0 is no cache, as
 * {@code bertscore.embedding_cache_mb: 0}.
 *
 * <p>The scorers (built on the task side, after the factory is serialized) and caches are kept by run
 * name in this JVM (the MiniCluster's), so the benchmark can read how many texts went through the model.
 */
record PerRunBertScore(String run, CoreTextMetricsFactory core, long cacheBytes) implements TextMetricsFactory {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<DjlBertScorer>> SCORERS = new ConcurrentHashMap<>();
    private static final Map<String, EmbeddingCache> CACHES = new ConcurrentHashMap<>();

    @Override
    public BertScorer bertScorer() {
        BertScoreOptions options = new BertScoreOptions(core.idf(),
                core.baselineFile() == null ? null : Path.of(core.baselineFile()), core.bertBatchSize(), true,
                cacheBytes);
        EmbeddingCache cache = cacheBytes > 0 ? CACHES.computeIfAbsent(run, r -> new EmbeddingCache(cacheBytes)) : null;
        DjlBertScorer scorer = DjlBertScorer.withCache(options, cache);
        SCORERS.computeIfAbsent(run, r -> new CopyOnWriteArrayList<>()).add(scorer);
        return scorer;
    }

    @Override
    public Function<TextPair, Prf> rougeL() {
        return core.rougeL();
    }

    /**
     * What the finished run's scorers did: texts through the model, texts reused, and the cache's
     * counters. Forgets the run's scorers and cache, so the next run does not share the heap with up to
     * a full cache bound of this one's embeddings.
     */
    static Counters finish(String run) {
        List<DjlBertScorer> scorers = Optional.ofNullable(SCORERS.remove(run)).orElse(List.of());
        return new Counters(scorers.stream().mapToLong(DjlBertScorer::encodedTexts).sum(),
                scorers.stream().mapToLong(DjlBertScorer::reusedTexts).sum(),
                Optional.ofNullable(CACHES.remove(run)).map(EmbeddingCache::stats));
    }

    /**
     * @param encoded texts run through the model
     * @param reused  texts whose embeddings came from the cache or from an identical text in the same batch
     * @param cache   the run's cache counters (hits and misses count cache lookups only), empty without one
     */
    record Counters(long encoded, long reused, Optional<EmbeddingCache.Stats> cache) {
    }
}
