package dev.driftgate.core.metrics;

import java.util.List;

/** BERTScore over many pairs at once, so implementations can batch. Thread-safe. */
public interface BertScorer extends AutoCloseable {
    List<Prf> score(List<TextPair> pairs);

    @Override
    default void close() {
    }
}
