package dev.driftgate.flink.eval;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.config.ScorerConfig.MetricWeights;
import dev.driftgate.flink.ops.EvalItemSteps.InferenceRequest;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.io.Serializable;

/**
 * What to evaluate and with which parts, in a form that ships inside the job graph: the inference
 * request template, the composite weights, and the factories that build the non-serializable
 * clients on the task managers.
 */
public record EvalSpec(InferenceRequest inference, String judgeModel, double bertscoreWeight, double rougeLWeight,
                       double judgeWeight, ModelClientFactory inferenceClients, ModelClientFactory judgeClients,
                       JudgeFactory judges, TextMetricsFactory metrics) implements Serializable {

    public static EvalSpec from(DriftgateConfig config, String model, ModelClientFactory inferenceClients,
                                ModelClientFactory judgeClients, JudgeFactory judges, TextMetricsFactory metrics) {
        ScorerConfig scorer = config.scorer();
        MetricWeights w = scorer.metricWeights();
        var mv = config.modelVersion();
        return new EvalSpec(new InferenceRequest(model, mv.systemPrompt(), scorer.inference().temperature(),
                scorer.inference().maxTokens(), mv.promptTemplateVersion()), scorer.judge().model(),
                w.bertscore(), w.rougeL(), w.judgeScore(), inferenceClients, judgeClients, judges, metrics);
    }

    public MetricWeights weights() {
        return new MetricWeights(bertscoreWeight, rougeLWeight, judgeWeight);
    }
}
