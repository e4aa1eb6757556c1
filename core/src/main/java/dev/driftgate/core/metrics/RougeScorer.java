package dev.driftgate.core.metrics;

/**
 * Computes rougeL and rougeLsum as Google's rouge_score 0.1.2
 * ({@code RougeScorer(["rougeL", "rougeLsum"], use_stemmer=...).score(reference, candidate)}) with its
 * default tokenizer. Thread-safe.
 *
 * <p>Each text is tokenized once, line by line: because a newline is a separator, the whole-text tokens
 * of rougeL are exactly the concatenation of the line tokens rougeLsum uses. When each side has at most
 * one line with tokens, the union LCS of rougeLsum is the plain LCS and both rules give the same score,
 * which saves the quadratic table. Tokens become per-call int ids without a String per token
 * ({@link RougeTokenInterner}); {@link RougeTokenizer} is the same tokenizer with String output.
 */
public final class RougeScorer {

    private final RougeTokenizer tokenizer;
    private final ThreadLocal<RougeTokenInterner> interners;

    public RougeScorer(boolean useStemmer) {
        this.tokenizer = new RougeTokenizer(useStemmer);
        this.interners = ThreadLocal.withInitial(() -> new RougeTokenInterner(useStemmer ? tokenizer::stem : null));
    }

    public boolean usesStemmer() {
        return tokenizer.usesStemmer();
    }

    public RougeScores score(String reference, String candidate) {
        RougeTokenInterner interner = interners.get();
        interner.reset();
        int[][] referenceLines = interner.tokenizeLines(reference);
        int[][] candidateLines = interner.tokenizeLines(candidate);
        int alphabet = interner.alphabetSize();
        int[] referenceTokens = concat(referenceLines);
        int[] candidateTokens = concat(candidateLines);
        Prf rougeL = RougeL.score(referenceTokens, candidateTokens, alphabet);
        Prf rougeLsum = linesWithTokens(referenceLines) <= 1 && linesWithTokens(candidateLines) <= 1
                ? rougeL
                : RougeLsum.score(referenceLines, candidateLines, alphabet);
        return new RougeScores(rougeL, rougeLsum);
    }

    public Prf rougeL(String reference, String candidate) {
        return score(reference, candidate).rougeL();
    }

    public Prf rougeLsum(String reference, String candidate) {
        return score(reference, candidate).rougeLsum();
    }

    private static int[] concat(int[][] lines) {
        int total = 0;
        for (int[] line : lines) {
            total += line.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] line : lines) {
            System.arraycopy(line, 0, all, at, line.length);
            at += line.length;
        }
        return all;
    }

    private static int linesWithTokens(int[][] lines) {
        int count = 0;
        for (int[] line : lines) {
            if (line.length > 0) {
                count++;
            }
        }
        return count;
    }
}
