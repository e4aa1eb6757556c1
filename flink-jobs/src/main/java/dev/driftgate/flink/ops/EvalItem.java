package dev.driftgate.flink.ops;

import dev.driftgate.core.dataset.GoldenExample;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.scoring.ModelUsage;

/**
 * One golden example on its way through the evaluation operators: the growing core
 * {@link ExampleResult} plus what its calls cost. Usage is summed over every attempt of a stage
 * (the client's retries cost tokens too); null until the stage ran.
 */
public record EvalItem(ExampleResult result, ModelUsage inferenceUsage, ModelUsage judgeUsage,
                       int inferenceAttempts, int judgeAttempts) {

    /** The starting point for one example: nothing scored yet. */
    public static EvalItem of(GoldenExample example) {
        return new EvalItem(new ExampleResult(example.id(), example.category(), example.prompt(),
                example.referenceResponse(), null, null, null, null, Double.NaN, 0, 0, false, null, null),
                null, null, 0, 0);
    }

    public String id() {
        return result.id();
    }

    public EvalItem withResult(ExampleResult r) {
        return new EvalItem(r, inferenceUsage, judgeUsage, inferenceAttempts, judgeAttempts);
    }

    static ModelUsage add(ModelUsage total, Iterable<ModelUsage> more) {
        ModelUsage sum = total;
        for (ModelUsage u : more) {
            sum = sum == null ? u : sum.plus(u);
        }
        return sum;
    }

    static ExampleResult fail(ExampleResult r, String stage, String reason) {
        return new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(), r.response(), r.rougeL(),
                r.bertscore(), r.judge(), Double.NaN, r.inferenceLatencyMs(), r.judgeLatencyMs(), true, stage, reason);
    }
}
