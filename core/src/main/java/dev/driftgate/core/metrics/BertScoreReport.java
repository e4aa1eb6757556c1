package dev.driftgate.core.metrics;

import java.util.List;

/**
 * Scores of one {@link DjlBertScorer#scoreWithReport} call, in input order, with what had to be bent:
 * texts cut at 512 tokens and pairs scored 0 because a side was empty.
 */
public record BertScoreReport(List<Prf> scores, int truncatedTexts, int emptyPairs) {
}
