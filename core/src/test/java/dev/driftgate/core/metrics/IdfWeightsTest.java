package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdfWeightsTest {

    private static final long CLS = 101;
    private static final long SEP = 102;

    @Test
    void uniformWeighsEveryTokenOneButClsAndSep() {
        IdfWeights weights = IdfWeights.uniform(CLS, SEP);
        float[] w = weights.normalised(new TokenizedText(new long[] {CLS, 7, 8, 9, 7, SEP}, false));
        assertThat(w).containsExactly(0f, 0.25f, 0.25f, 0.25f, 0.25f, 0f);
    }

    /** M = 2 references; df(5) = 2, df(6) = df(7) = 1, [CLS]/[SEP] in both; 9 in none. */
    @Test
    void idfIsLnOfMPlusOneOverDfPlusOne() {
        IdfWeights weights = IdfWeights.fromReferences(List.of(
                new TokenizedText(new long[] {CLS, 5, 6, 6, SEP}, false),
                new TokenizedText(new long[] {CLS, 5, 7, SEP}, false)), CLS, SEP);
        assertThat(weights.weight(5)).isEqualTo(Math.log(3.0 / 3.0));
        assertThat(weights.weight(6)).isEqualTo(Math.log(3.0 / 2.0)); // counted once per reference
        assertThat(weights.weight(7)).isEqualTo(Math.log(3.0 / 2.0));
        assertThat(weights.weight(CLS)).isZero();
        assertThat(weights.weight(SEP)).isZero();
        assertThat(weights.weight(9)).isEqualTo(Math.log(3.0));

        float[] w = weights.normalised(new TokenizedText(new long[] {CLS, 6, 9, SEP}, false));
        double sum = Math.log(1.5) + Math.log(3.0);
        assertThat((double) w[1]).isCloseTo(Math.log(1.5) / sum, within(1e-7));
        assertThat((double) w[2]).isCloseTo(Math.log(3.0) / sum, within(1e-7));
        assertThat(w[0]).isZero();
        assertThat(w[3]).isZero();
    }

    @Test
    void allZeroWeightsStayZeroInsteadOfNaN() {
        float[] w = IdfWeights.uniform(CLS, SEP).normalised(new TokenizedText(new long[] {CLS, SEP}, false));
        assertThat(w).containsExactly(0f, 0f);
    }
}
