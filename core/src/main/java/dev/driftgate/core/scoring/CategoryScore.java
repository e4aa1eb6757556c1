package dev.driftgate.core.scoring;

/** Means over the scored (non-failed) examples of one category; {@code failed} counts the rest. */
public record CategoryScore(
        String category,
        int n,
        int failed,
        double bertscore,
        double rougeL,
        double judge,
        double composite) {
}
