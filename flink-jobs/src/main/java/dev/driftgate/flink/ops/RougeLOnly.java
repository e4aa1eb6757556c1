package dev.driftgate.flink.ops;

import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import java.util.function.Function;

/**
 * ROUGE-L of {@code metrics} without its BERTScore: no model is loaded; see
 * {@link TextMetricsFactory#withoutBertScore()}.
 */
record RougeLOnly(TextMetricsFactory metrics) implements TextMetricsFactory {
    @Override
    public BertScorer bertScorer() {
        return null;
    }

    @Override
    public Function<TextPair, Prf> rougeL() {
        return metrics.rougeL();
    }
}
