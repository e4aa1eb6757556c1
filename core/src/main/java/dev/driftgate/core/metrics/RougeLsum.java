package dev.driftgate.core.metrics;

/**
 * ROUGE-Lsum: summary-level LCS over sentences (Lin 2004, "ROUGE: A Package for Automatic Evaluation of
 * Summaries", section 3.2), exactly as Google's rouge_score 0.1.2 {@code _summary_level_lcs} computes it.
 *
 * <p>Sentences are the newline-separated lines of each text (empty lines dropped). For every reference
 * sentence, the union of the reference indices of its LCS with each candidate sentence (the LCS that
 * rouge_score's backtrack reads out) is taken in ascending order; each token of that union is a hit only
 * while both the reference's and the candidate's remaining count of that token is positive, and each hit
 * decrements both counts (ROUGE-1.5.5's guard against double counting). P = hits / candidate tokens,
 * R = hits / reference tokens. No sentences or no tokens on either side scores (0, 0, 0).
 */
public final class RougeLsum {

    private RougeLsum() {
    }

    /** Scores; token ids in {@code [0, alphabetSize)}. */
    public static Prf score(int[][] referenceSentences, int[][] candidateSentences, int alphabetSize) {
        if (referenceSentences.length == 0 || candidateSentences.length == 0) {
            return Prf.ZERO;
        }
        int[] referenceCounts = new int[alphabetSize];
        int[] candidateCounts = new int[alphabetSize];
        int m = count(referenceSentences, referenceCounts);
        int n = count(candidateSentences, candidateCounts);
        if (m == 0 || n == 0) {
            return Prf.ZERO;
        }
        int hits = 0;
        int[] scratch = new int[1024];
        for (int[] reference : referenceSentences) {
            boolean[] inUnion = new boolean[reference.length];
            for (int[] candidate : candidateSentences) {
                scratch = LongestCommonSubsequence.markBacktrack(reference, candidate, scratch, inUnion);
            }
            for (int i = 0; i < reference.length; i++) {
                int token = reference[i];
                if (inUnion[i] && candidateCounts[token] > 0 && referenceCounts[token] > 0) {
                    hits++;
                    candidateCounts[token]--;
                    referenceCounts[token]--;
                }
            }
        }
        return RougeFMeasure.of((double) hits / n, (double) hits / m);
    }

    private static int count(int[][] sentences, int[] counts) {
        int total = 0;
        for (int[] sentence : sentences) {
            total += sentence.length;
            for (int token : sentence) {
                counts[token]++;
            }
        }
        return total;
    }
}
