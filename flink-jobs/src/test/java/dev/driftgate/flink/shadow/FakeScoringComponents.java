package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Deterministic stand-ins for the candidate model and the judge (the paid-API edge; the real
 * clients and judge are tested against the LLM simulator in LlmScoringComponentsTest), with a
 * configurable latency, and by default word-overlap agreement metrics (the real ones cost a model
 * load; {@link #withAgreementMetrics} swaps them in). Behaviour is driven by markers in the prompt:
 * "[bad]" -> the candidate answers poorly (judge 0.3 instead of 0.9), "[judge-fail]" -> the judge fails
 * after 3 attempts, "[infer-fail]" -> the candidate call fails, "[echo]" -> the candidate answers
 * exactly what production answered (the prompt carries it after the marker).
 */
public final class FakeScoringComponents implements ScoringComponents {
    private static final long serialVersionUID = 1L;

    private final int minLatencyMs;
    private final int maxLatencyMs;
    private final TextMetricsFactory agreement;
    /** What each successful candidate call costs (as the client's pricing would estimate it). */
    private final double costPerCallUsd;

    public FakeScoringComponents(int minLatencyMs, int maxLatencyMs) {
        this(minLatencyMs, maxLatencyMs, new JaccardMetrics(), 0.0);
    }

    private FakeScoringComponents(int minLatencyMs, int maxLatencyMs, TextMetricsFactory agreement,
                                  double costPerCallUsd) {
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
        this.agreement = agreement;
        this.costPerCallUsd = costPerCallUsd;
    }

    public FakeScoringComponents withAgreementMetrics(TextMetricsFactory metrics) {
        return new FakeScoringComponents(minLatencyMs, maxLatencyMs, metrics, costPerCallUsd);
    }

    /** Each answered candidate call costs {@code usd} (metered like a priced model's). */
    public FakeScoringComponents withCostPerCall(double usd) {
        return new FakeScoringComponents(minLatencyMs, maxLatencyMs, agreement, usd);
    }

    @Override
    public ModelClientFactory candidateClients() {
        return this::candidateClient;
    }

    @Override
    public ModelClientFactory judgeClients() {
        // the fake judge makes no model calls; the operator still owns (and closes) a client
        return this::candidateClient;
    }

    @Override
    public JudgeFactory judges() {
        return client -> judge();
    }

    @Override
    public TextMetricsFactory agreementMetrics() {
        return agreement;
    }

    ModelClient candidateClient() {
        return request -> {
            long latency = sleep();
            if (request.prompt().contains("[infer-fail]")) {
                throw new dev.driftgate.core.llm.ModelCallException("HTTP 500 from candidate", true, 3, null);
            }
            int echo = request.prompt().indexOf("[echo]");
            String text = echo >= 0 ? request.prompt().substring(echo + "[echo]".length()).trim()
                    : request.prompt().contains("[bad]") ? "meh" : "a good answer to " + request.prompt();
            return new ModelResponse(text, request.model(), latency, 10, 10, costPerCallUsd, 1, false);
        };
    }

    Judge judge() {
        return new Judge() {
            @Override
            public JudgeVerdict judgeWithReference(String prompt, String answer, String reference) {
                return judgeReferenceFree(prompt, answer);
            }

            @Override
            public JudgeVerdict judgeReferenceFree(String prompt, String answer) {
                long latency = sleep();
                if (prompt.contains("[judge-fail]")) {
                    return JudgeVerdict.failure("unparseable verdict", "not json", 3, latency);
                }
                double s = answer.startsWith("meh") ? 0.3 : 0.9;
                return new JudgeVerdict(s, s, s, s, "fake", 1, latency, false, null, "{}");
            }

            @Override
            public PairwiseVerdict judgePairwise(String prompt, String a, String b) {
                double sa = judgeReferenceFree(prompt, a).overall();
                double sb = judgeReferenceFree(prompt, b).overall();
                return new PairwiseVerdict(sa > sb ? "A" : sb > sa ? "B" : "tie", sa, sb, false, null);
            }
        };
    }

    /** Word-set overlap as both "metrics": cheap and predictable. */
    static final class JaccardMetrics implements TextMetricsFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public BertScorer bertScorer() {
            return pairs -> pairs.stream().map(p -> prf(p)).toList();
        }

        @Override
        public Function<TextPair, Prf> rougeL() {
            return JaccardMetrics::prf;
        }

        private static Prf prf(TextPair p) {
            double j = jaccard(p.candidate(), p.reference());
            return new Prf(j, j, j);
        }
    }

    private long sleep() {
        int ms = maxLatencyMs <= 0 ? 0 : ThreadLocalRandom.current().nextInt(minLatencyMs, maxLatencyMs + 1);
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ms;
    }

    static double jaccard(String a, String b) {
        Set<String> x = new HashSet<>(Arrays.asList(a.toLowerCase().split("\\s+")));
        Set<String> y = new HashSet<>(Arrays.asList(b.toLowerCase().split("\\s+")));
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return union.isEmpty() ? 0 : (double) x.size() / union.size();
    }
}
