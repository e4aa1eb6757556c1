package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.AsyncJudgeFunction;
import dev.driftgate.flink.ops.AsyncModelCallFunction;
import dev.driftgate.flink.ops.CallOutcome;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsOperator;
import dev.driftgate.core.shadow.CandidateOverrides;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * How the shared operators of {@code dev.driftgate.flink.ops} read and update a {@link ShadowItem}
 * (the shadow job's counterpart of {@code EvalItemSteps}): the candidate request, the judge calls
 * and mergers, the agreement pair. Small serializable classes, no capturing lambdas.
 */
public final class ShadowItemSteps {
    private ShadowItemSteps() {
    }

    /** Starts an item with what its candidate is sent: production's request plus that model's overrides. */
    public static final class Start implements MapFunction<ParsedEvent, ShadowItem> {
        private static final long serialVersionUID = 2L;
        private final Map<String, CandidateOverrides> overrides;

        public Start(Map<String, CandidateOverrides> overrides) {
            this.overrides = new HashMap<>(overrides);
        }

        @Override
        public ShadowItem map(ParsedEvent parsed) {
            return ShadowItem.of(parsed, overrides.getOrDefault(parsed.event().candidateModel(),
                    CandidateOverrides.NONE));
        }
    }

    /**
     * The item failed with "{@code what} after N attempt(s): reason" when the call brought no value
     * (N is the core client's count: it retried, the stage did not); null when the call succeeded.
     */
    static ShadowItem unfinished(ShadowItem in, CallOutcome<?> outcome, String what) {
        return outcome.failed() ? in.failedWith(what + " after " + outcome.attempts() + " attempt(s): "
                + outcome.failureReason()) : null;
    }

    // ---- candidate inference

    /**
     * The candidate named by the event (not a fixed model: routing stays with the gateway), sent
     * production's request (schema 2, with the configured overrides), or for a schema-1 event the
     * prompt alone, which is all such an event has.
     */
    public static final class CandidateRequest implements AsyncModelCallFunction.RequestFor<ShadowItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public ModelRequest request(ShadowItem in) {
            String model = in.event().candidateModel();
            return in.candidate().conversation() == null ? ModelRequest.inference(model, null, in.event().prompt())
                    : ModelRequest.replay(model, in.candidate().conversation());
        }
    }

    public static final class CandidateMerger implements AsyncModelCallFunction.Merger<ShadowItem, ShadowItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public ShadowItem merge(ShadowItem item, CallOutcome<ModelResponse> outcome) {
            ShadowItem in = item.plusCost(outcome.usage());
            ShadowItem unfinished = unfinished(in, outcome, "candidate inference failed");
            if (unfinished != null) {
                return unfinished;
            }
            String text = outcome.value().text();
            return in.answered(text == null ? "" : text, outcome.latencyMs());
        }
    }

    public static AsyncModelCallFunction<ShadowItem, ShadowItem> candidate(ModelClientFactory clients,
                                                                          AsyncCallOptions options) {
        return new AsyncModelCallFunction<>(clients, new CandidateRequest(), new CandidateMerger(), options.capacity());
    }

    // ---- pointwise judge: one stage per answer

    public enum Side { PROD, SHADOW }

    /** Reference-free verdict on one side's answer; items that already failed are not judged. */
    public record JudgeOneAnswer(Side side) implements AsyncJudgeFunction.JudgeCall<ShadowItem, JudgeVerdict> {
        @Override
        public JudgeVerdict judge(Judge judge, ShadowItem in) {
            if (in.failed()) {
                return null;
            }
            String answer = side == Side.PROD ? in.event().prodResponse() : in.shadowAnswer();
            return judge.judgeReferenceFree(in.event().prompt(), answer);
        }
    }

    public record OneAnswerMerger(Side side)
            implements AsyncJudgeFunction.Merger<ShadowItem, JudgeVerdict, ShadowItem> {
        @Override
        public ShadowItem merge(ShadowItem item, CallOutcome<JudgeVerdict> outcome) {
            ShadowItem in = item.plusCost(outcome.usage());
            String answer = side == Side.PROD ? "prod answer" : "shadow answer";
            ShadowItem unfinished = unfinished(in, outcome, "judge failed on " + answer);
            if (unfinished != null) {
                return unfinished;
            }
            JudgeVerdict v = outcome.value();
            if (v == null) {
                return in; // not judged: the item had already failed
            }
            ShadowItem judged = side == Side.PROD ? in.judged(v, in.shadowVerdict(), null)
                    : in.judged(in.prodVerdict(), v, null);
            return v.failed() ? judged.failedWith("judge failed on " + answer + " after " + v.attempts()
                    + " attempts: " + v.failureReason()) : judged;
        }
    }

    public static AsyncJudgeFunction<ShadowItem, JudgeVerdict, ShadowItem> judgeOneAnswer(
            Side side, ModelClientFactory clients, JudgeFactory judges, AsyncCallOptions options) {
        return new AsyncJudgeFunction<>(clients, judges, new JudgeOneAnswer(side), new OneAnswerMerger(side),
                options.capacity());
    }

    // ---- pairwise judge: both answers in one verdict (A = production, B = candidate)

    public static final class JudgePair implements AsyncJudgeFunction.JudgeCall<ShadowItem, PairwiseVerdict> {
        private static final long serialVersionUID = 1L;

        @Override
        public PairwiseVerdict judge(Judge judge, ShadowItem in) {
            return in.failed() ? null : judge.judgePairwise(in.event().prompt(), in.event().prodResponse(),
                    in.shadowAnswer());
        }
    }

    public static final class PairMerger implements AsyncJudgeFunction.Merger<ShadowItem, PairwiseVerdict, ShadowItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public ShadowItem merge(ShadowItem item, CallOutcome<PairwiseVerdict> outcome) {
            ShadowItem in = item.plusCost(outcome.usage());
            ShadowItem unfinished = unfinished(in, outcome, "judge failed (pairwise)");
            if (unfinished != null) {
                return unfinished;
            }
            PairwiseVerdict v = outcome.value();
            if (v == null) {
                return in;
            }
            ShadowItem judged = in.judged(null, null, v);
            return v.failed() ? judged.failedWith("judge failed (pairwise): " + v.failureReason()) : judged;
        }
    }

    public static AsyncJudgeFunction<ShadowItem, PairwiseVerdict, ShadowItem> judgePair(
            ModelClientFactory clients, JudgeFactory judges, AsyncCallOptions options) {
        return new AsyncJudgeFunction<>(clients, judges, new JudgePair(), new PairMerger(), options.capacity());
    }

    // ---- agreement metrics (TextMetricsOperator)

    /** (candidate answer, production answer) of every item that has a candidate answer. */
    public static final class CandidateVsProduction implements TextMetricsOperator.PairOf<ShadowItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public TextPair pair(ShadowItem item) {
            return item.shadowAnswer() == null ? null : new TextPair(item.shadowAnswer(), item.event().prodResponse());
        }
    }

    /** Agreement is informative only: a metrics error leaves it missing (NULL), the eval stands. */
    public static final class AgreementMerger implements TextMetricsOperator.Merger<ShadowItem> {
        private static final long serialVersionUID = 1L;

        @Override
        public ShadowItem scored(ShadowItem item, Prf rougeL, Prf bertscore) {
            return item.withAgreement(bertscore == null ? Double.NaN : bertscore.f1(), rougeL.f1());
        }

        @Override
        public ShadowItem failed(ShadowItem item, String reason) {
            return item;
        }
    }
}
