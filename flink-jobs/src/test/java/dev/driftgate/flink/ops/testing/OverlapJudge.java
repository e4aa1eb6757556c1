package dev.driftgate.flink.ops.testing;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import dev.driftgate.flink.ops.JudgeFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * TEMPORARY test-scope judge until wip/llm's LLM judge lands: it makes one call through the client
 * (so transport errors, retries and usage metering run through the operator) and expects the reply
 * to be a number in [0,1]; anything else is a failed verdict, as the real judge records it.
 */
public final class OverlapJudge implements Judge {
    private final ModelClient client;
    private final String model;

    public OverlapJudge(ModelClient client, String model) {
        this.client = client;
        this.model = model;
    }

    /** Serializable recipe. */
    public record Factory(String model) implements JudgeFactory {
        @Override
        public Judge create(ModelClient client) {
            return new OverlapJudge(client, model);
        }
    }

    @Override
    public JudgeVerdict judgeWithReference(String prompt, String answer, String reference) {
        ModelResponse r = client.complete(new ModelRequest(model, "judge", "JUDGE " + prompt, 0, 64, true, "judge",
                java.util.Map.of()));
        double score;
        try {
            score = r.text().startsWith("answer: ") ? overlap(answer, reference) : Double.parseDouble(r.text().trim());
        } catch (NumberFormatException e) {
            return JudgeVerdict.failure("unparseable verdict", r.text(), 1, r.latencyMs());
        }
        return new JudgeVerdict(score, score, score, score, "overlap", 1, r.latencyMs(), false, null, null);
    }

    @Override
    public JudgeVerdict judgeReferenceFree(String prompt, String answer) {
        return judgeWithReference(prompt, answer, prompt);
    }

    @Override
    public PairwiseVerdict judgePairwise(String prompt, String answerA, String answerB) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    static double overlap(String a, String b) {
        Set<String> x = tokens(a);
        Set<String> y = tokens(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        return 2.0 * both.size() / (x.size() + y.size());
    }

    static Set<String> tokens(String s) {
        return new HashSet<>(Arrays.asList(s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ")));
    }
}
