package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LongestCommonSubsequenceTest {

    /** rouge_score rouge_scorer_test.py testLcsTable. */
    @Test
    void tableAndBacktrackAsRougeScore() {
        int[] ref = {1, 2, 3, 4, 5};
        int[] c1 = {2, 5, 3, 4};
        int[][] t = LongestCommonSubsequence.table(ref, c1);
        assertThat(t[ref.length][c1.length]).isEqualTo(3);
        int[] lcs = LongestCommonSubsequence.backtrack(t, ref, c1);
        assertThat(lcs).containsExactly(1, 2, 3);
        assertThat(new int[] {ref[lcs[0]], ref[lcs[1]], ref[lcs[2]]}).containsExactly(2, 3, 4);

        int[] c2 = {8, 9};
        t = LongestCommonSubsequence.table(ref, c2);
        assertThat(t[ref.length][c2.length]).isZero();
        assertThat(LongestCommonSubsequence.backtrack(t, ref, c2)).isEmpty();
    }

    @Test
    void backtrackPrefersMovingUpOnTies() {
        // ref "a b" vs can "b a": both [a] and [b] are longest; rouge_score's backtrack moves up (i--)
        // unless the left cell is strictly larger, so it reads out ref index 0 ("a").
        int[] ref = {0, 1};
        int[] can = {1, 0};
        assertThat(LongestCommonSubsequence.backtrack(LongestCommonSubsequence.table(ref, can), ref, can))
                .containsExactly(0);
    }

    @Test
    void bitParallelLengthEqualsTheTableOnRandomSequences() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            int alphabet = 1 + random.nextInt(12);
            int[] a = randomSequence(random, random.nextInt(200), alphabet);
            int[] b = randomSequence(random, random.nextInt(200), alphabet);
            int expected = LongestCommonSubsequence.table(a, b)[a.length][b.length];
            assertThat(LongestCommonSubsequence.length(a, b, alphabet)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void flatBacktrackMarksTheSameIndicesAsTheTableBacktrack() {
        Random random = new Random(11);
        int[] scratch = new int[4];
        for (int round = 0; round < 2_000; round++) {
            int alphabet = 1 + random.nextInt(6);
            int[] ref = randomSequence(random, random.nextInt(40), alphabet);
            int[] can = randomSequence(random, random.nextInt(40), alphabet);
            boolean[] marks = new boolean[ref.length];
            scratch = LongestCommonSubsequence.markBacktrack(ref, can, scratch, marks);
            boolean[] expected = new boolean[ref.length];
            for (int index : LongestCommonSubsequence.backtrack(LongestCommonSubsequence.table(ref, can), ref, can)) {
                expected[index] = true;
            }
            assertThat(marks).as("round %d", round).isEqualTo(expected);
        }
    }

    private static int[] randomSequence(Random random, int length, int alphabet) {
        int[] s = new int[length];
        for (int i = 0; i < length; i++) {
            s[i] = random.nextInt(alphabet);
        }
        return s;
    }
}
