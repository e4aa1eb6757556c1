package dev.driftgate.core.metrics;

/**
 * Longest common subsequence over token ids, as Google's rouge_score 0.1.2 computes it
 * ({@code _lcs_table}, {@code _backtrack_norec}): the DP table with the reference on the rows, and
 * the backtrack that prefers moving left only when the cell to the left is strictly larger. Which of
 * several longest subsequences the backtrack returns changes rougeLsum's union, so it is kept exact.
 *
 * <p>{@link #length} is the bit-parallel algorithm (Hyyro 2004, after Allison and Dix 1986), which gives
 * the same length as the table in O(n * ceil(m / 64)) word operations.
 */
public final class LongestCommonSubsequence {

    private LongestCommonSubsequence() {
    }

    /** The (|ref|+1) x (|can|+1) table; {@code table[i][j]} is the LCS length of ref[0,i) and can[0,j). */
    public static int[][] table(int[] ref, int[] can) {
        int[][] t = new int[ref.length + 1][can.length + 1];
        for (int i = 1; i <= ref.length; i++) {
            int[] row = t[i];
            int[] above = t[i - 1];
            int r = ref[i - 1];
            for (int j = 1; j <= can.length; j++) {
                row[j] = r == can[j - 1] ? above[j - 1] + 1 : Math.max(above[j], row[j - 1]);
            }
        }
        return t;
    }

    /** Indices into {@code ref} of the LCS that rouge_score's {@code _backtrack_norec} reads out, ascending. */
    public static int[] backtrack(int[][] t, int[] ref, int[] can) {
        int i = ref.length;
        int j = can.length;
        int[] lcs = new int[t[i][j]];
        int k = lcs.length;
        while (i > 0 && j > 0) {
            if (ref[i - 1] == can[j - 1]) {
                lcs[--k] = i - 1;
                i--;
                j--;
            } else if (t[i][j - 1] > t[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        return lcs;
    }

    /**
     * Marks in {@code marks} the reference indices of the same LCS as {@link #backtrack}, building the
     * table in {@code scratch} (row-major, (|ref|+1) x (|can|+1)) to avoid allocating one per sentence
     * pair. Returns the scratch array to reuse (grown if it was too small).
     */
    static int[] markBacktrack(int[] ref, int[] can, int[] scratch, boolean[] marks) {
        int cols = can.length + 1;
        int cells = (ref.length + 1) * cols;
        int[] t = scratch.length >= cells ? scratch : new int[Math.max(cells, scratch.length * 2)];
        java.util.Arrays.fill(t, 0, cols, 0);
        for (int i = 1; i <= ref.length; i++) {
            int row = i * cols;
            int above = row - cols;
            int r = ref[i - 1];
            t[row] = 0;
            for (int j = 1; j <= can.length; j++) {
                t[row + j] = r == can[j - 1] ? t[above + j - 1] + 1 : Math.max(t[above + j], t[row + j - 1]);
            }
        }
        int i = ref.length;
        int j = can.length;
        while (i > 0 && j > 0) {
            if (ref[i - 1] == can[j - 1]) {
                marks[i - 1] = true;
                i--;
                j--;
            } else if (t[i * cols + j - 1] > t[(i - 1) * cols + j]) {
                j--;
            } else {
                i--;
            }
        }
        return t;
    }

    /**
     * The LCS length. Token ids must be in {@code [0, alphabetSize)}.
     */
    public static int length(int[] a, int[] b, int alphabetSize) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        if (a.length > b.length) {
            int[] swap = a;
            a = b;
            b = swap;
        }
        int m = a.length;
        int words = (m + 63) >>> 6;
        long[] matchMasks = new long[alphabetSize * words];
        for (int i = 0; i < m; i++) {
            matchMasks[a[i] * words + (i >>> 6)] |= 1L << (i & 63);
        }
        long[] v = new long[words];
        java.util.Arrays.fill(v, -1L);
        for (int symbol : b) {
            int base = symbol * words;
            long carry = 0;
            for (int w = 0; w < words; w++) {
                long vw = v[w];
                long u = vw & matchMasks[base + w];
                // v' = (v + u) | (v - u) == (v + u) | (v & ~m), with the addition carried across words
                long sum = vw + u + carry;
                carry = Long.compareUnsigned(sum, vw) < 0 || (carry != 0 && sum == vw) ? 1 : 0;
                v[w] = sum | (vw - u);
            }
        }
        int zeros = 0;
        for (int w = 0; w < words; w++) {
            long word = v[w];
            int bits = w == words - 1 && (m & 63) != 0 ? m & 63 : 64;
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            zeros += Long.bitCount(~word & mask);
        }
        return zeros;
    }
}
