package dev.driftgate.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BERTScore (Zhang, Kishore, Wu, Weinberger, Artzi 2020, "BERTScore: Evaluating Text Generation with BERT")
 * with the semantics of the bert_score package 0.3.x, on all-MiniLM-L6-v2 run by DJL: the OnnxRuntime
 * engine computes last-layer token embeddings ({@link MiniLmEncoder}), plain Java does the greedy
 * matching ({@link GreedyMatcher}), with optional IDF weights ({@link IdfWeights}) and baseline rescaling
 * ({@link BaselineRescaler}).
 *
 * <p>Batched: all candidate and reference texts of a call are tokenized, sorted by token count (when
 * {@code bucketByLength}) and run through the model {@code batchSize} texts at a time, so a batch carries
 * little padding; each pair is then matched on its own. An empty candidate or reference
 * (nothing but [CLS] and [SEP]) scores 0 and is logged; texts longer than 512 tokens are cut and counted.
 * Thread-safe; the model is loaded once per JVM.
 *
 * <p>Each distinct text is encoded once: within a call (a reference shared by several pairs) and, with an
 * {@link EmbeddingCache}, across calls (golden references on every eval, repeated answers in the stream).
 * {@link #encodedTexts()} and {@link #reusedTexts()} say how much the forward pass was spared.
 */
public final class DjlBertScorer implements BertScorer {

    private static final Logger LOG = LoggerFactory.getLogger(DjlBertScorer.class);

    /** The model part of the embedding cache key. */
    static final String MODEL_ID = BertScoreOptions.SUPPORTED_MODEL;

    private final MiniLmEncoder encoder;
    private final BertScoreOptions options;
    private final BaselineRescaler rescaler;
    private final AtomicLong truncatedTexts = new AtomicLong();
    private final AtomicLong emptyPairs = new AtomicLong();
    private final AtomicLong encodedTexts = new AtomicLong();
    private final AtomicLong reusedTexts = new AtomicLong();
    private final EmbeddingCache cache;

    /** With the JVM-wide embedding cache of {@code options.embeddingCacheBytes()} (none when 0). */
    public DjlBertScorer(BertScoreOptions options) {
        this(MiniLmEncoder.shared(), options,
                options.embeddingCacheBytes() > 0 ? EmbeddingCache.shared(options.embeddingCacheBytes()) : null);
    }

    /** With a cache of its own (benchmarks and tests that need a cold start), on the JVM-wide encoder. */
    public static DjlBertScorer withCache(BertScoreOptions options, EmbeddingCache cache) {
        return new DjlBertScorer(MiniLmEncoder.shared(), options, cache);
    }

    DjlBertScorer(MiniLmEncoder encoder, BertScoreOptions options) {
        this(encoder, options, null);
    }

    DjlBertScorer(MiniLmEncoder encoder, BertScoreOptions options, EmbeddingCache cache) {
        this.encoder = encoder;
        this.options = options;
        this.cache = cache;
        this.rescaler = options.baselineFile() == null ? null
                : BaselineRescaler.load(options.baselineFile(), BaselineRescaler.MINILM_LAYER);
    }

    @Override
    public List<Prf> score(List<TextPair> pairs) {
        return scoreWithReport(pairs).scores();
    }

    public BertScoreReport scoreWithReport(List<TextPair> pairs) {
        if (pairs.isEmpty()) {
            return new BertScoreReport(List.of(), 0, 0);
        }
        int n = pairs.size();
        List<String> texts = new ArrayList<>(2 * n);
        for (TextPair pair : pairs) {
            texts.add(pair.candidate());
        }
        for (TextPair pair : pairs) {
            texts.add(pair.reference());
        }
        List<TokenizedText> tokens = encoder.tokenizeAll(texts);
        List<TokenizedText> references = tokens.subList(n, 2 * n);
        IdfWeights weights = options.idf()
                ? IdfWeights.fromReferences(references, encoder.clsId(), encoder.sepId())
                : IdfWeights.uniform(encoder.clsId(), encoder.sepId());
        int truncated = (int) tokens.stream().filter(TokenizedText::truncated).count();

        GreedyMatcher.Embedded[] embedded = embed(texts, tokens, weights);

        Prf[] scores = new Prf[n];
        int empty = 0;
        List<Integer> scorable = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (tokens.get(i).isEmpty() || tokens.get(n + i).isEmpty()) {
                scores[i] = Prf.ZERO;
                empty++;
            } else {
                scorable.add(i);
            }
        }
        for (int i : scorable) {
            float[] prf = GreedyMatcher.match(embedded[i], embedded[n + i]);
            Prf raw = new Prf(prf[0], prf[1], Float.isNaN(prf[2]) ? 0.0 : prf[2]);
            scores[i] = rescaler == null ? raw : rescaler.rescale(raw);
        }
        if (empty > 0) {
            LOG.warn("BERTScore: {} of {} pairs have an empty candidate or reference; scored 0", empty, n);
        }
        if (truncated > 0) {
            LOG.warn("BERTScore: {} text(s) longer than {} tokens were truncated", truncated, MiniLmEncoder.MAX_TOKENS);
        }
        truncatedTexts.addAndGet(truncated);
        emptyPairs.addAndGet(empty);
        return new BertScoreReport(Arrays.asList(scores), truncated, empty);
    }

    /** Texts truncated at 512 tokens over the scorer's lifetime. */
    public long truncatedTexts() {
        return truncatedTexts.get();
    }

    /** Pairs scored 0 because a side was empty, over the scorer's lifetime. */
    public long emptyPairs() {
        return emptyPairs.get();
    }

    /** Texts run through the forward pass over the scorer's lifetime. */
    public long encodedTexts() {
        return encodedTexts.get();
    }

    /** Texts whose embeddings were reused (repeated within a call, or found in the cache). */
    public long reusedTexts() {
        return reusedTexts.get();
    }

    /** The cache's counters, or empty when this scorer has none. */
    public java.util.Optional<EmbeddingCache.Stats> cacheStats() {
        return cache == null ? java.util.Optional.empty() : java.util.Optional.of(cache.stats());
    }

    /**
     * Token embeddings of every text: from the cache, from an identical text earlier in the call, or from
     * the model, which runs once per distinct missing text in (length-bucketed) batches.
     */
    private GreedyMatcher.Embedded[] embed(List<String> texts, List<TokenizedText> tokens, IdfWeights weights) {
        int count = tokens.size();
        float[][] vectors = new float[count][];
        // distinct texts to encode -> every position that needs them, in first-seen order
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = cache == null ? texts.get(i).strip() : EmbeddingCache.key(MODEL_ID, texts.get(i).strip());
            List<Integer> waiting = missing.get(key);
            if (waiting != null) {
                waiting.add(i);
                reusedTexts.incrementAndGet();
                continue;
            }
            float[] cached = cache == null ? null : cache.get(key).orElse(null);
            if (cached != null) {
                vectors[i] = cached;
                reusedTexts.incrementAndGet();
            } else {
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        List<String> keys = new ArrayList<>(missing.keySet());
        float[][] encoded = encode(keys.stream().map(k -> tokens.get(missing.get(k).get(0))).toList());
        for (int u = 0; u < keys.size(); u++) {
            for (int i : missing.get(keys.get(u))) {
                vectors[i] = encoded[u];
            }
            if (cache != null) {
                cache.put(keys.get(u), encoded[u]);
            }
        }
        GreedyMatcher.Embedded[] embedded = new GreedyMatcher.Embedded[count];
        for (int i = 0; i < count; i++) {
            TokenizedText text = tokens.get(i);
            embedded[i] = new GreedyMatcher.Embedded(vectors[i], weights.normalised(text), text.length());
        }
        return embedded;
    }

    /** Runs the model over the texts in (length-bucketed) batches and keeps each text's real tokens. */
    private float[][] encode(List<TokenizedText> tokens) {
        int count = tokens.size();
        encodedTexts.addAndGet(count);
        Integer[] order = IntStream.range(0, count).boxed().toArray(Integer[]::new);
        if (options.bucketByLength()) {
            Arrays.sort(order, Comparator.comparingInt(i -> tokens.get(i).length()));
        }
        int d = MiniLmEncoder.HIDDEN_SIZE;
        float[][] vectors = new float[count][];
        for (int from = 0; from < count; from += options.batchSize()) {
            int to = Math.min(count, from + options.batchSize());
            List<TokenizedText> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(tokens.get(order[k]));
            }
            MiniLmEncoder.PaddedBatch padded = MiniLmEncoder.pad(batch);
            float[] output = encoder.forward(padded);
            for (int k = 0; k < batch.size(); k++) {
                int start = k * padded.length() * d;
                vectors[order[from + k]] = Arrays.copyOfRange(output, start, start + batch.get(k).length() * d);
            }
        }
        return vectors;
    }
}
