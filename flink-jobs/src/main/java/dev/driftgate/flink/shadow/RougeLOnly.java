package dev.driftgate.flink.shadow;

import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.util.function.Function;

/** Agreement without BERTScore: no model is loaded and the bertscore column stays NULL. */
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
