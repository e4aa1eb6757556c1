package dev.driftgate.flink.ops.testing;

import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * TEMPORARY test-scope metrics until wip/metrics lands ROUGE-L and BERTScore: token-set overlap
 * stands in for both, and the batch sizes each scorer saw are recorded per scenario.
 */
public record OverlapMetrics(String scenario, boolean failing) implements TextMetricsFactory {
    public static final Map<String, List<Integer>> BATCH_SIZES = new ConcurrentHashMap<>();

    @Override
    public BertScorer bertScorer() {
        List<Integer> sizes = BATCH_SIZES.computeIfAbsent(scenario, k -> new CopyOnWriteArrayList<>());
        return pairs -> {
            if (failing) {
                throw new IllegalStateException("model not loaded");
            }
            sizes.add(pairs.size());
            List<Prf> out = new ArrayList<>();
            for (TextPair p : pairs) {
                double f = OverlapJudge.overlap(p.candidate(), p.reference());
                out.add(new Prf(f, f, f));
            }
            return out;
        };
    }

    @Override
    public Function<TextPair, Prf> rougeL() {
        return p -> {
            double f = OverlapJudge.overlap(p.candidate(), p.reference()) / 2;
            return new Prf(f, f, f);
        };
    }
}
