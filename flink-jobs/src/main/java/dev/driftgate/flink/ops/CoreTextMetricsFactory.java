package dev.driftgate.flink.ops;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.metrics.BertScoreOptions;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.DjlBertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.RougeScorer;
import dev.driftgate.core.metrics.TextPair;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * core's ROUGE-L (rouge_score-identical) and BERTScore (MiniLM on DJL), built on the task manager.
 * {@code baselineFile} must exist on the task managers when set. Every subtask's scorer on a task manager
 * shares one JVM-wide embedding cache of {@code embeddingCacheBytes} (0 = none).
 */
public record CoreTextMetricsFactory(boolean useStemmer, boolean idf, String baselineFile, int bertBatchSize,
                                     long embeddingCacheBytes)
        implements TextMetricsFactory {
    private static final long serialVersionUID = 1L;

    public static CoreTextMetricsFactory of(ScorerConfig scorer, Path configDir) {
        BertScoreOptions o = BertScoreOptions.from(scorer.bertscore(), configDir);
        return new CoreTextMetricsFactory(scorer.rouge().useStemmer(), o.idf(),
                o.baselineFile() == null ? null : o.baselineFile().toAbsolutePath().toString(), o.batchSize(),
                o.embeddingCacheBytes());
    }

    @Override
    public BertScorer bertScorer() {
        return new DjlBertScorer(new BertScoreOptions(idf, baselineFile == null ? null : Path.of(baselineFile),
                bertBatchSize, true, embeddingCacheBytes));
    }

    @Override
    public Function<TextPair, Prf> rougeL() {
        RougeScorer rouge = new RougeScorer(useStemmer);
        return pair -> rouge.rougeL(pair.reference(), pair.candidate());
    }
}
