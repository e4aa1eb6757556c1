package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rougeL / rougeLsum cases of rouge_score 0.1.2's rouge_scorer_test.py, with the same inputs and
 * expected values (assertAlmostEqual: 7 places unless the original says otherwise). Note rouge_score's
 * argument order: score(target, prediction) == score(reference, candidate).
 */
class RougeScorerTest {

    private static final double SEVEN_PLACES = 0.5e-7;

    private final RougeScorer scorer = new RougeScorer(false);
    private final RougeScorer stemming = new RougeScorer(true);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void emptyPredictionScoresZero(boolean stem) {
        RougeScores scores = new RougeScorer(stem).score("testing one two", "");
        assertThat(scores.rougeL()).isEqualTo(Prf.ZERO);
        assertThat(scores.rougeLsum()).isEqualTo(Prf.ZERO);
    }

    @Test
    void rougeLConsecutive() {
        assertPrf(scorer.rougeL("testing one two", "testing one"), 1, 2.0 / 3, 4.0 / 5, SEVEN_PLACES);
    }

    @Test
    void rougeLNonConsecutive() {
        assertPrf(scorer.rougeL("testing one two", "testing two"), 1, 2.0 / 3, 4.0 / 5, SEVEN_PLACES);
    }

    @Test
    void rougeLAgainstRouge155() throws IOException {
        List<String> targets = lines("target.txt");
        List<String> predictions = lines("prediction.txt");
        assertPrf(scorer.rougeL(targets.get(0), predictions.get(0)), 0.68750, 0.40741, 0.51163, 0.5e-5);
        assertPrf(scorer.rougeL(targets.get(1), predictions.get(1)), 0.65385, 0.40476, 0.50000, 0.5e-5);
    }

    @Test
    void rougeLsumAgainstRouge155WithStemming() throws IOException {
        Prf prf = stemming.rougeLsum(text("target_multi.0.txt"), text("prediction_multi.0.txt"));
        assertPrf(prf, 0.66667, 0.36538, 0.47205, 0.5e-5);
    }

    /** testSummaryLevelLcs, on token ids: refs [[1..5]], cans [[1,2,6,7,8],[1,3,8,9,5]] -> 4 hits. */
    @Test
    void summaryLevelLcs() {
        Prf prf = RougeLsum.score(new int[][] {{1, 2, 3, 4, 5}}, new int[][] {{1, 2, 6, 7, 8}, {1, 3, 8, 9, 5}}, 10);
        assertThat(prf.recall()).isEqualTo(0.8);
        assertThat(prf.precision()).isEqualTo(0.4);
        assertThat(prf.f1()).isCloseTo(0.5333, within(0.5e-3));
        // the tokenizer may drop every token of a candidate sentence
        assertThat(RougeLsum.score(new int[][] {{0}}, new int[][] {{}}, 1).recall()).isZero();
    }

    @Test
    void rougeLsum() {
        assertPrf(scorer.rougeLsum("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5"), 0.4, 0.8, 0.5333, 0.5e-3);
        assertThat(scorer.rougeLsum("w1 w2 w3 w4 w5", "")).isEqualTo(Prf.ZERO);
        assertThat(scorer.rougeLsum("", "w1")).isEqualTo(Prf.ZERO);
        assertThat(scorer.rougeLsum("w1 w2 w3 w4 w5", "/")).isEqualTo(Prf.ZERO);
    }

    /** Hand-worked: the hit counting stops at the candidate's token counts. */
    @Test
    void rougeLsumDoesNotCountATokenMoreOftenThanTheCandidateHasIt() {
        // reference lines "a b" and "a c"; candidate one line "a b c": union LCS per line gives
        // [a, b] and [a, c], but the candidate has one "a": hits = a, b, c = 3 (not 4).
        Prf prf = scorer.rougeLsum("a b\na c", "a b c");
        assertThat(prf.precision()).isEqualTo(1.0);
        assertThat(prf.recall()).isEqualTo(0.75);
        assertThat(prf.f1()).isEqualTo(2 * 1.0 * 0.75 / 1.75);
    }

    @Test
    void fMeasureIsZeroWithoutOverlap() {
        assertThat(scorer.rougeL("alpha beta", "gamma delta")).isEqualTo(new Prf(0, 0, 0));
    }

    private static void assertPrf(Prf prf, double p, double r, double f, double tolerance) {
        assertThat(prf.precision()).as("precision").isCloseTo(p, within(tolerance));
        assertThat(prf.recall()).as("recall").isCloseTo(r, within(tolerance));
        assertThat(prf.f1()).as("fmeasure").isCloseTo(f, within(tolerance));
    }

    /** Python's f.readlines(): lines keep their "\n". */
    private static List<String> lines(String name) throws IOException {
        String text = text(name);
        return List.of(text.split("(?<=\n)"));
    }

    private static String text(String name) throws IOException {
        try (InputStream in = RougeScorerTest.class.getResourceAsStream("/metrics/rouge_score/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
