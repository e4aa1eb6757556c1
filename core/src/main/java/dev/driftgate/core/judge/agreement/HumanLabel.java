package dev.driftgate.core.judge.agreement;

import java.util.Map;

/**
 * One line of a labels file (JSONL): a person's judgement of an answer. Either {@code scores} (rubric
 * dimension -> score in [0,1], for the answer against the optional reference) or {@code preference}
 * ("A", "B" or "tie" between {@code answer} as A and {@code answerB} as B).
 */
public record HumanLabel(String id, String prompt, String answer, String reference, Map<String, Double> scores,
                         String answerB, String preference) {
    public boolean pairwise() {
        return preference != null;
    }
}
