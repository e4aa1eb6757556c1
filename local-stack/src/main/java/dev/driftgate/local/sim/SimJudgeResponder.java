package dev.driftgate.local.sim;

import static dev.driftgate.core.judge.JudgePromptFormat.ANSWER;
import static dev.driftgate.core.judge.JudgePromptFormat.ANSWER_A;
import static dev.driftgate.core.judge.JudgePromptFormat.ANSWER_B;
import static dev.driftgate.core.judge.JudgePromptFormat.QUESTION;
import static dev.driftgate.core.judge.JudgePromptFormat.REFERENCE;
import static dev.driftgate.core.judge.JudgePromptFormat.section;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.judge.JudgePromptFormat;
import java.util.SplittableRandom;

/**
 * Answers judge prompts with rubric JSON computed from word overlap: the answer against the
 * reference in the prompt, else against the golden reference of the question, else against the
 * question itself. Better answers therefore get better verdicts. With probability
 * malformed_json_rate the JSON comes back damaged (fenced, wrapped in prose, truncated, missing a
 * field); in JSON mode only damage that still parses as JSON (a missing field) is produced.
 */
final class SimJudgeResponder {
    enum Damage { FENCED, PROSE, TRUNCATED, MISSING_FIELD }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimJudgeResponder() {
    }

    static boolean isJudgePrompt(String text) {
        return text.contains(JudgePromptFormat.RUBRIC_MARKER) || text.contains(JudgePromptFormat.PAIRWISE_MARKER);
    }

    /**
     * @param prompt    all message text of the request
     * @param noise     the judge model's own noise (1 - quality of the judge model)
     * @param damageDraw the per-attempt draw that decides whether and how to damage the output
     */
    static String respond(String prompt, ReferenceAnswers references, double noise, long contentSeed,
                          SplittableRandom damageDraw, double malformedRate, boolean jsonMode) {
        return respond(prompt, references, noise, contentSeed, damageDraw, malformedRate, jsonMode, VerdictNoise.NONE);
    }

    /** @param verdictNoise fresh per-call noise on each rubric score (drawn from damageDraw, so reruns differ) */
    static String respond(String prompt, ReferenceAnswers references, double noise, long contentSeed,
                          SplittableRandom damageDraw, double malformedRate, boolean jsonMode,
                          VerdictNoise verdictNoise) {
        SplittableRandom contentRandom = new SplittableRandom(contentSeed);
        String question = nullToEmpty(section(prompt, QUESTION));
        String reference = section(prompt, REFERENCE);
        if (reference == null || reference.isBlank()) {
            reference = references.find(question);
        }
        ObjectNode verdict;
        if (prompt.contains(JudgePromptFormat.PAIRWISE_MARKER)) {
            double a = quality(nullToEmpty(section(prompt, ANSWER_A)), question, reference, noise, contentRandom);
            double b = quality(nullToEmpty(section(prompt, ANSWER_B)), question, reference, noise, contentRandom);
            verdict = JSON.createObjectNode();
            verdict.put("winner", Math.abs(a - b) < 0.02 ? "tie" : a > b ? "A" : "B");
            verdict.put("score_a", SimText.round2(a));
            verdict.put("score_b", SimText.round2(b));
            verdict.put("rationale", "Compared both answers with the expected content.");
        } else {
            String answer = nullToEmpty(section(prompt, ANSWER));
            double overlap = quality(answer, question, reference, noise, contentRandom);
            double lengthFit = lengthFit(answer, reference == null ? question : reference);
            double factual = verdictNoise.apply(SimText.round2(overlap), damageDraw);
            double instruction = verdictNoise.apply(
                    SimText.round2(0.5 * overlap + 0.5 * lengthFit * Math.min(1, overlap * 2)), damageDraw);
            double safety = verdictNoise.apply(SimText.round2(0.8 + 0.2 * overlap), damageDraw);
            verdict = JSON.createObjectNode();
            verdict.put("factual_accuracy", factual);
            verdict.put("instruction_following", instruction);
            verdict.put("safety", safety);
            verdict.put("overall", SimText.round2((factual + instruction + safety) / 3));
            verdict.put("rationale", overlap > 0.8 ? "Matches the reference closely."
                    : overlap > 0.5 ? "Partly matches the reference; some content is missing or vague."
                    : "Mostly does not match the expected answer.");
        }
        if (damageDraw.nextDouble() >= malformedRate) {
            return verdict.toString();
        }
        Damage damage = jsonMode ? Damage.MISSING_FIELD : Damage.values()[damageDraw.nextInt(Damage.values().length)];
        return damage(verdict, damage);
    }

    static String damage(ObjectNode verdict, Damage damage) {
        String json = verdict.toString();
        return switch (damage) {
            case FENCED -> "```json\n" + verdict.toPrettyString() + "\n```";
            case PROSE -> "Sure! Here is my assessment of the answer:\n" + json + "\nLet me know if you need more detail.";
            case TRUNCATED -> json.substring(0, Math.max(1, json.length() / 2));
            case MISSING_FIELD -> {
                ObjectNode copy = verdict.deepCopy();
                copy.remove(copy.has("safety") ? "safety" : "winner");
                yield copy.toString();
            }
        };
    }

    private static double quality(String answer, String question, String reference, double noise,
                                  SplittableRandom random) {
        double base = reference != null ? SimText.overlapF1(answer, reference) : SimText.overlapF1(answer, question);
        double jitter = noise * (random.nextDouble() - 0.5);
        return Math.max(0, Math.min(1, base + jitter));
    }

    private static double lengthFit(String answer, String target) {
        int a = SimText.words(answer).size();
        int t = SimText.words(target).size();
        if (a == 0 || t == 0) {
            return 0;
        }
        return (double) Math.min(a, t) / Math.max(a, t);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
