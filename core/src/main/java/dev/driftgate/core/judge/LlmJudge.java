package dev.driftgate.core.judge;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.ModelResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * LLM-as-judge over the versioned rubric. A verdict that does not parse or validate is asked for
 * again up to {@code maxRetries} times, then recorded as a failure with the raw text: never a silent
 * 0. Model-call failures (after the client's own retries) are failures too. Each attempt is a
 * distinct request (its number is in the cache scope), so a cached bad answer does not repeat.
 * Pairwise runs both orders; a winner that flips with the order is a tie.
 */
public final class LlmJudge implements Judge {
    static final String SYSTEM_PROMPT = "You are an impartial, strict grader. Respond with a single JSON object and nothing else.";
    public static final int MAX_TOKENS = 512;

    private final ModelClient client;
    private final String model;
    private final double temperature;
    private final int maxRetries;
    private final RubricTemplate template;
    private final boolean jsonMode;
    private final boolean orderSwap;
    private final int sample;

    public LlmJudge(ModelClient client, String model, double temperature, int maxRetries, RubricTemplate template,
                    boolean jsonMode, boolean orderSwap) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("judge.max_retries must be >= 0, got " + maxRetries);
        }
        this.client = client;
        this.model = model;
        this.temperature = temperature;
        this.maxRetries = maxRetries;
        this.template = template;
        this.jsonMode = jsonMode;
        this.orderSwap = orderSwap;
        this.sample = 0;
    }

    private LlmJudge(LlmJudge base, int sample) {
        this.client = base.client;
        this.model = base.model;
        this.temperature = base.temperature;
        this.maxRetries = base.maxRetries;
        this.template = base.template;
        this.jsonMode = base.jsonMode;
        this.orderSwap = base.orderSwap;
        this.sample = sample;
    }

    /**
     * The same judge for repeated sample {@code i} (judge.samples): its requests carry the sample index
     * in the cache scope, so each sample is its own cache entry and a rerun with the cache on is free.
     * Sample 0 keeps the key it always had, so existing caches stay valid.
     */
    public LlmJudge forSample(int i) {
        return new LlmJudge(this, i);
    }

    /**
     * The judge of scorer_config.yaml's judge section, with its rubric read from
     * {@code <configDir>/rubrics/<rubric_template_version>.txt}. JSON response format is requested
     * (providers that lack it get the same prompt without it).
     */
    public static LlmJudge create(DriftgateConfig config, Path configDir, ModelClient client) {
        ScorerConfig.JudgeSettings j = config.scorer().judge();
        RubricTemplate template = RubricTemplate.load(configDir.resolve("rubrics"), j.rubricTemplateVersion());
        return new LlmJudge(client, j.model(), j.temperature(), j.maxRetries(), template, true, j.pairwiseOrderSwap());
    }

    public String rubricVersion() {
        return template.version();
    }

    @Override
    public JudgeVerdict judgeWithReference(String prompt, String answer, String reference) {
        return judgeOne(prompt, answer, reference);
    }

    @Override
    public JudgeVerdict judgeReferenceFree(String prompt, String answer) {
        return judgeOne(prompt, answer, null);
    }

    private JudgeVerdict judgeOne(String prompt, String answer, String reference) {
        String text = template.single(prompt, answer, reference);
        String mode = reference == null ? "reference-free" : "reference";
        long start = System.nanoTime();
        String lastRaw = null;
        String lastError = null;
        int attempts = 0;
        for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
            attempts = attempt;
            ModelResponse response;
            try {
                response = client.complete(request(text, mode, attempt));
            } catch (ModelCallException e) {
                return JudgeVerdict.failure("judge call failed: " + e.getMessage(), lastRaw, attempt, elapsedMs(start));
            }
            lastRaw = response.text();
            VerdictParser.Rubric r = VerdictParser.parseRubric(lastRaw);
            if (r.ok()) {
                return new JudgeVerdict(r.factualAccuracy(), r.instructionFollowing(), r.safety(), r.overall(),
                        r.rationale(), attempt, elapsedMs(start), false, null, null);
            }
            lastError = r.error();
        }
        return JudgeVerdict.failure("unusable verdict after " + attempts + " attempts: " + lastError, lastRaw, attempts,
                elapsedMs(start));
    }

    @Override
    public PairwiseVerdict judgePairwise(String prompt, String answerA, String answerB) {
        VerdictParser.Pair forward = pairOnce(prompt, answerA, answerB, "pairwise-ab");
        if (!forward.ok()) {
            return new PairwiseVerdict(null, Double.NaN, Double.NaN, true, "A-then-B order: " + forward.error());
        }
        if (!orderSwap) {
            return new PairwiseVerdict(forward.winner(), forward.scoreA(), forward.scoreB(), false, null);
        }
        VerdictParser.Pair swapped = pairOnce(prompt, answerB, answerA, "pairwise-ba");
        if (!swapped.ok()) {
            return new PairwiseVerdict(null, Double.NaN, Double.NaN, true, "B-then-A order: " + swapped.error());
        }
        // In the swapped prompt "A" is answer B: map its winner back to the caller's labels.
        String backWinner = switch (swapped.winner()) {
            case "A" -> "B";
            case "B" -> "A";
            default -> "tie";
        };
        String winner = forward.winner().equals(backWinner) ? backWinner : "tie";
        double scoreA = (forward.scoreA() + swapped.scoreB()) / 2.0;
        double scoreB = (forward.scoreB() + swapped.scoreA()) / 2.0;
        return new PairwiseVerdict(winner, scoreA, scoreB, false, null);
    }

    private VerdictParser.Pair pairOnce(String prompt, String first, String second, String mode) {
        String text = template.pair(prompt, first, second, null);
        VerdictParser.Pair last = null;
        for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
            ModelResponse response;
            try {
                response = client.complete(request(text, mode, attempt));
            } catch (ModelCallException e) {
                return new VerdictParser.Pair(null, Double.NaN, Double.NaN, "judge call failed: " + e.getMessage());
            }
            last = VerdictParser.parsePair(response.text());
            if (last.ok()) {
                return last;
            }
        }
        return new VerdictParser.Pair(null, Double.NaN, Double.NaN,
                "unusable verdict after " + (maxRetries + 1) + " attempts: " + last.error());
    }

    private ModelRequest request(String text, String mode, int attempt) {
        Map<String, String> scope = sample == 0
                ? Map.of("rubric_version", template.version(), "judge_mode", mode,
                        "judge_attempt", Integer.toString(attempt))
                : Map.of("rubric_version", template.version(), "judge_mode", mode,
                        "judge_attempt", Integer.toString(attempt), "judge_sample", Integer.toString(sample));
        return new ModelRequest(model, SYSTEM_PROMPT, text, temperature, MAX_TOKENS, jsonMode, "judge", scope);
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
