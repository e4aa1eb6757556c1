package dev.driftgate.flink.ops;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.scoring.ExampleResult;
import java.util.Map;

/**
 * How the generic operators read and update an {@link EvalItem}: the golden-set evaluation's
 * request, mergers and pair extraction, as small serializable classes (no capturing lambdas).
 */
public final class EvalItemSteps {
    private EvalItemSteps() {
    }

    /**
     * The inference operator for the model under test: one attempt per example, the client retries
     * (inference.max_retries), a call that still fails is a failed example at stage "inference".
     */
    public static AsyncModelCallFunction<EvalItem, EvalItem> inference(ModelClientFactory clients,
                                                                      InferenceRequest request,
                                                                      AsyncCallOptions options) {
        return new AsyncModelCallFunction<>(clients, request, new InferenceMerger(), options.capacity());
    }

    /** The judge operator (with reference); it makes one attempt, see {@link AsyncJudgeFunction}. */
    public static AsyncJudgeFunction<EvalItem, JudgeVerdict, EvalItem> judge(ModelClientFactory clients, JudgeFactory judges,
                                                               AsyncCallOptions options) {
        return new AsyncJudgeFunction<>(clients, judges, new JudgeWithReference(), new JudgeMerger(),
                options.capacity());
    }

    /** The inference request for the model under test. */
    public record InferenceRequest(String model, String systemPrompt, double temperature, int maxTokens,
                                   String promptTemplateVersion)
            implements AsyncModelCallFunction.RequestFor<EvalItem> {
        @Override
        public ModelRequest request(EvalItem in) {
            return new ModelRequest(model, systemPrompt, in.result().prompt(), temperature, maxTokens, false,
                    "inference", Map.of("prompt_template_version", promptTemplateVersion));
        }
    }

    /** Puts the answer (or the inference failure) into the item. */
    public static final class InferenceMerger implements AsyncModelCallFunction.Merger<EvalItem, EvalItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public EvalItem merge(EvalItem in, CallOutcome<ModelResponse> outcome) {
            ExampleResult r = in.result();
            var usage = EvalItem.add(in.inferenceUsage(), outcome.usage());
            if (outcome.failed()) {
                // the reason is the client's own, after its retries ("... gave up after 5 attempts")
                ExampleResult failed = EvalItem.fail(withInference(r, null, outcome.latencyMs()), "inference",
                        outcome.failureReason());
                return new EvalItem(failed, usage, in.judgeUsage(), outcome.attempts(), in.judgeAttempts());
            }
            ModelResponse response = outcome.value();
            return new EvalItem(withInference(r, response.text(), outcome.latencyMs()), usage, in.judgeUsage(),
                    outcome.attempts(), in.judgeAttempts());
        }

        private static ExampleResult withInference(ExampleResult r, String response, long latencyMs) {
            return new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(), response, r.rougeL(),
                    r.bertscore(), r.judge(), r.composite(), latencyMs, r.judgeLatencyMs(), r.failed(),
                    r.failureStage(), r.failureReason());
        }
    }

    /** Golden-set judge mode: the answer against the reference. Failed items are not judged. */
    public static final class JudgeWithReference implements AsyncJudgeFunction.JudgeCall<EvalItem, JudgeVerdict> {
        private static final long serialVersionUID = 1L;

        @Override
        public JudgeVerdict judge(Judge judge, EvalItem in) {
            ExampleResult r = in.result();
            if (r.failed()) {
                return null;
            }
            return judge.judgeWithReference(r.prompt(), r.response(), r.referenceResponse());
        }
    }

    /** Puts the verdict into the item; a judge that throws fails the example at stage "judge". */
    public static final class JudgeMerger implements AsyncJudgeFunction.Merger<EvalItem, JudgeVerdict, EvalItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public EvalItem merge(EvalItem in, CallOutcome<JudgeVerdict> outcome) {
            ExampleResult r = in.result();
            var usage = EvalItem.add(in.judgeUsage(), outcome.usage());
            if (outcome.failed()) {
                ExampleResult failed = EvalItem.fail(r, "judge", outcome.failureReason());
                return new EvalItem(failed, in.inferenceUsage(), usage, in.inferenceAttempts(), outcome.attempts());
            }
            JudgeVerdict verdict = outcome.value();
            if (verdict == null) {
                return in; // not judged: the example had already failed
            }
            if (outcome.cacheHit()) {
                // served from the response cache: no model ran, keep warm reruns byte-identical
                verdict = new JudgeVerdict(verdict.factualAccuracy(), verdict.instructionFollowing(), verdict.safety(),
                        verdict.overall(), verdict.rationale(), verdict.attempts(), 0, verdict.failed(),
                        verdict.failureReason(), verdict.rawText());
            }
            ExampleResult judged = new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(),
                    r.response(), r.rougeL(), r.bertscore(), verdict, r.composite(), r.inferenceLatencyMs(),
                    outcome.cacheHit() ? 0 : verdict.latencyMs(), r.failed(), r.failureStage(),
                    r.failureReason());
            return new EvalItem(judged, in.inferenceUsage(), usage, in.inferenceAttempts(),
                    Math.max(outcome.attempts(), verdict.attempts()));
        }
    }

    /** The (answer, reference) pair of a non-failed item. */
    public static final class AnswerVsReference implements TextMetricsOperator.PairOf<EvalItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public TextPair pair(EvalItem item) {
            ExampleResult r = item.result();
            return r.failed() || r.response() == null ? null : new TextPair(r.response(), r.referenceResponse());
        }
    }

    public static final class MetricsMerger implements TextMetricsOperator.Merger<EvalItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public EvalItem scored(EvalItem item, Prf rougeL, Prf bertscore) {
            ExampleResult r = item.result();
            return item.withResult(new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(),
                    r.response(), rougeL, bertscore, r.judge(), r.composite(), r.inferenceLatencyMs(),
                    r.judgeLatencyMs(), r.failed(), r.failureStage(), r.failureReason()));
        }

        @Override
        public EvalItem failed(EvalItem item, String reason) {
            return item.withResult(EvalItem.fail(item.result(), "scoring", reason));
        }
    }
}
