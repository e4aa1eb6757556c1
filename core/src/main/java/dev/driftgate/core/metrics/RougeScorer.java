package dev.driftgate.core.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes rougeL and rougeLsum as Google's rouge_score 0.1.2
 * ({@code RougeScorer(["rougeL", "rougeLsum"], use_stemmer=...).score(reference, candidate)}) with its
 * default tokenizer. Thread-safe.
 *
 * <p>Each text is tokenized once, line by line: because a newline is a separator, the whole-text tokens
 * of rougeL are exactly the concatenation of the line tokens rougeLsum uses. When each side has at most
 * one line with tokens, the union LCS of rougeLsum is the plain LCS and both rules give the same score,
 * which saves the quadratic table.
 */
public final class RougeScorer {

    private final RougeTokenizer tokenizer;

    public RougeScorer(boolean useStemmer) {
        this.tokenizer = new RougeTokenizer(useStemmer);
    }

    public boolean usesStemmer() {
        return tokenizer.usesStemmer();
    }

    public RougeScores score(String reference, String candidate) {
        Map<String, Integer> ids = new HashMap<>();
        int[][] referenceLines = tokenizeLines(reference, ids);
        int[][] candidateLines = tokenizeLines(candidate, ids);
        int alphabet = ids.size();
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

    /** rouge_score's get_sents: split on "\n" only, drop empty lines (a blank line is kept, tokenless). */
    private int[][] tokenizeLines(String text, Map<String, Integer> ids) {
        List<int[]> lines = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                tokens.clear();
                tokenizer.tokenizeInto(text, start, end, tokens);
                int[] line = new int[tokens.size()];
                for (int i = 0; i < line.length; i++) {
                    line[i] = ids.computeIfAbsent(tokens.get(i), k -> ids.size());
                }
                lines.add(line);
            }
            start = end + 1;
        }
        return lines.toArray(new int[0][]);
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
