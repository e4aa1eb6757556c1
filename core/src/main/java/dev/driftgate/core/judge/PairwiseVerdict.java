package dev.driftgate.core.judge;

/** A-vs-B judged in both orders; {@code winner} is "A", "B" or "tie" (a verdict that flips with order is a tie). */
public record PairwiseVerdict(String winner, double scoreA, double scoreB, boolean failed, String failureReason) {
}
