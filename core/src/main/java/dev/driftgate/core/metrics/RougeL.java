package dev.driftgate.core.metrics;

/**
 * ROUGE-L at sentence level: precision = LCS / |candidate|, recall = LCS / |reference|, F = 2PR/(P+R)
 * over the whole texts as single token sequences.
 *
 * <p>Lin, Chin-Yew. 2004. "ROUGE: A Package for Automatic Evaluation of Summaries", section 3.1.
 * Replicates Google's rouge_score 0.1.2 {@code rougeL} ({@code _score_lcs}) bit for bit: an empty side
 * scores (0, 0, 0).
 */
public final class RougeL {

    private RougeL() {
    }

    /** Scores candidate tokens against reference tokens; ids in {@code [0, alphabetSize)}. */
    public static Prf score(int[] reference, int[] candidate, int alphabetSize) {
        if (reference.length == 0 || candidate.length == 0) {
            return Prf.ZERO;
        }
        int lcs = LongestCommonSubsequence.length(reference, candidate, alphabetSize);
        return RougeFMeasure.of((double) lcs / candidate.length, (double) lcs / reference.length);
    }
}
