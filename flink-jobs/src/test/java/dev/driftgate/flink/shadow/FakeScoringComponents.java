package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleBiFunction;

/**
 * Deterministic stand-ins for the candidate model, the judge and the agreement metrics, whose real
 * implementations (LangChain4j clients + simulator, LLM judge, DJL BERTScore, ROUGE-L) live on other
 * branches. Behaviour is driven by markers in the prompt:
 * "[bad]" -> the candidate answers poorly (judge 0.3 instead of 0.9), "[judge-fail]" -> the judge fails
 * after 3 attempts, "[infer-fail]" -> the candidate call fails.
 */
public final class FakeScoringComponents implements ScoringComponents {
    private final int minLatencyMs;
    private final int maxLatencyMs;

    public FakeScoringComponents(int minLatencyMs, int maxLatencyMs) {
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
    }

    @Override
    public ModelClient candidateClient() {
        return request -> {
            long latency = sleep();
            if (request.prompt().contains("[infer-fail]")) {
                throw new dev.driftgate.core.llm.ModelCallException("HTTP 500 from candidate", true, 3, null);
            }
            String text = request.prompt().contains("[bad]") ? "meh" : "a good answer to " + request.prompt();
            return new ModelResponse(text, request.model(), latency, 10, 10, 0.0, 1, false);
        };
    }

    @Override
    public Judge judge() {
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

    @Override
    public BertScorer bertScorer() {
        return pairs -> pairs.stream().map(p -> {
            double j = jaccard(p.candidate(), p.reference());
            return new Prf(j, j, j);
        }).toList();
    }

    @Override
    public ToDoubleBiFunction<String, String> rougeL() {
        return FakeScoringComponents::jaccard;
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

    static List<String> markers() {
        return List.of("[bad]", "[judge-fail]", "[infer-fail]");
    }
}
