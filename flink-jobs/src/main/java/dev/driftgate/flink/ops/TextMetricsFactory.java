package dev.driftgate.flink.ops;

import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import java.io.Serializable;
import java.util.function.Function;

/** Builds the text metrics (BERTScore, ROUGE-L) inside a task's open(). */
public interface TextMetricsFactory extends Serializable {
    /** Null turns BERTScore off in {@link TextMetricsOperator} (ROUGE-L only). */
    BertScorer bertScorer();

    /** ROUGE-L P/R/F of one pair; thread-safe. */
    Function<TextPair, Prf> rougeL();

    /** The same ROUGE-L, BERTScore off (e.g. a stream sampled faster than BERTScore can score). */
    default TextMetricsFactory withoutBertScore() {
        return new RougeLOnly(this);
    }
}
