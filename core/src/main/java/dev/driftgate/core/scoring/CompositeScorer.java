package dev.driftgate.core.scoring;

import dev.driftgate.core.config.ScorerConfig.MetricWeights;
import dev.driftgate.core.judge.JudgeVerdict;

/**
 * The per-example composite of the DESIGN contract:
 * {@code bertscore_f1 x w_b + rouge_l_f x w_r + judge_overall x w_j}, weights from
 * scorer_config.yaml metric_weights. An example whose judge failed becomes a failed example
 * (stage "judge", with the judge's reason): a missing verdict is never scored as 0.
 */
public final class CompositeScorer {
    private final MetricWeights weights;

    public CompositeScorer(MetricWeights weights) {
        double sum = weights.bertscore() + weights.rougeL() + weights.judgeScore();
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("metric_weights must sum to 1, got " + sum);
        }
        this.weights = weights;
    }

    /** The weighted sum; callers make sure all three parts exist. */
    public double composite(double bertscoreF1, double rougeLF, double judgeOverall) {
        return bertscoreF1 * weights.bertscore() + rougeLF * weights.rougeL() + judgeOverall * weights.judgeScore();
    }

    /**
     * Returns {@code result} with its composite filled in, or marked failed when a part is
     * missing. Already-failed examples are returned unchanged.
     */
    public ExampleResult score(ExampleResult r) {
        if (r.failed()) {
            return r;
        }
        JudgeVerdict judge = r.judge();
        if (judge == null) {
            return failed(r, "judge", "no judge verdict");
        }
        if (judge.failed()) {
            return failed(r, "judge", judge.failureReason() == null ? "judge failed" : judge.failureReason());
        }
        if (r.bertscore() == null || r.rougeL() == null) {
            return failed(r, "scoring", "missing " + (r.bertscore() == null ? "bertscore" : "rouge_l"));
        }
        double overall = judge.overall();
        if (!Double.isFinite(overall) || !Double.isFinite(r.bertscore().f1()) || !Double.isFinite(r.rougeL().f1())) {
            return failed(r, "scoring", "non-finite score (bertscore_f1=" + r.bertscore().f1() + ", rouge_l_f="
                    + r.rougeL().f1() + ", judge_overall=" + overall + ")");
        }
        return with(r, composite(r.bertscore().f1(), r.rougeL().f1(), overall), false, null, null);
    }

    private static ExampleResult failed(ExampleResult r, String stage, String reason) {
        return with(r, Double.NaN, true, stage, reason);
    }

    private static ExampleResult with(ExampleResult r, double composite, boolean failed, String stage, String reason) {
        return new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(), r.response(), r.rougeL(),
                r.bertscore(), r.judge(), composite, r.inferenceLatencyMs(), r.judgeLatencyMs(), failed, stage, reason);
    }
}
