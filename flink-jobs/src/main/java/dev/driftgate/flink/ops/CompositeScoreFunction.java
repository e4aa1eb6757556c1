package dev.driftgate.flink.ops;

import dev.driftgate.core.config.ScorerConfig.MetricWeights;
import dev.driftgate.core.scoring.CompositeScorer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Fills in each item's composite with core's {@link CompositeScorer}; a failed judge fails the example. */
public final class CompositeScoreFunction extends RichMapFunction<EvalItem, EvalItem> {
    private static final long serialVersionUID = 1L;

    private final double bertscoreWeight;
    private final double rougeLWeight;
    private final double judgeWeight;
    private transient CompositeScorer scorer;

    public CompositeScoreFunction(MetricWeights weights) {
        // config records are not Serializable: keep the numbers
        this.bertscoreWeight = weights.bertscore();
        this.rougeLWeight = weights.rougeL();
        this.judgeWeight = weights.judgeScore();
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new CompositeScorer(new MetricWeights(bertscoreWeight, rougeLWeight, judgeWeight));
    }

    @Override
    public EvalItem map(EvalItem item) {
        if (scorer == null) {
            open(null);
        }
        return item.withResult(scorer.score(item.result()));
    }
}
