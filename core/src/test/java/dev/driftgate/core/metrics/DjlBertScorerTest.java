package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BERTScore on the real all-MiniLM-L6-v2 model (DJL OnnxRuntime, plain-Java matching), offline. */
class DjlBertScorerTest {

    private static MiniLmEncoder encoder;
    private static DjlBertScorer scorer;

    @BeforeAll
    static void loadModelOnce() {
        // DJL must create its OrtEnvironment before langchain4j's model does (see DEPENDENCY_NOTES).
        encoder = MiniLmEncoder.shared();
        scorer = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 8, true));
    }

    @Test
    void meanPooledTokenEmbeddingsEqualLangchain4jSentenceEmbeddings() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (String text : List.of("The capital of France is Paris.",
                "A quick brown fox jumps over the lazy dog; it was not amused!",
                "BERTScore matches tokens greedily by cosine similarity.")) {
            TokenizedText tokens = encoder.tokenize(text);
            float[] out = encoder.forward(MiniLmEncoder.pad(List.of(tokens)));
            int d = MiniLmEncoder.HIDDEN_SIZE;
            double[] mean = new double[d];
            for (int t = 0; t < tokens.length(); t++) {
                for (int k = 0; k < d; k++) {
                    mean[k] += out[t * d + k] / tokens.length();
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
            float[] expected = reference.embed(text).content().vector();
            assertThat(expected).hasSize(d);
            for (int k = 0; k < d; k++) {
                assertThat(mean[k] / norm).as("dimension %d of '%s'", k, text).isCloseTo(expected[k], within(1e-4));
            }
        }
    }

    @Test
    void identicalTextsScoreOne() {
        List<Prf> scores = scorer.score(List.of(
                new TextPair("The cat sat on the mat.", "The cat sat on the mat."),
                new TextPair("Paris is the capital and largest city of France.",
                        "Paris is the capital and largest city of France.")));
        for (Prf prf : scores) {
            assertThat(prf.precision()).isCloseTo(1.0, within(1e-5));
            assertThat(prf.recall()).isCloseTo(1.0, within(1e-5));
            assertThat(prf.f1()).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aParaphraseScoresAboveAnUnrelatedSentence() {
        String reference = "The meeting was postponed because the manager was ill.";
        List<Prf> scores = scorer.score(List.of(
                new TextPair("The meeting got delayed since the manager was sick.", reference),
                new TextPair("Bananas are rich in potassium and grow in the tropics.", reference)));
        assertThat(scores.get(0).f1()).isGreaterThan(scores.get(1).f1() + 0.2);
    }

    @Test
    void emptyCandidateOrReferenceScoresZeroAndIsCounted() {
        BertScoreReport report = scorer.scoreWithReport(List.of(
                new TextPair("", "A reference."),
                new TextPair("A candidate.", "   "),
                new TextPair("A candidate.", "A reference.")));
        assertThat(report.scores().get(0)).isEqualTo(Prf.ZERO);
        assertThat(report.scores().get(1)).isEqualTo(Prf.ZERO);
        assertThat(report.scores().get(2).f1()).isGreaterThan(0.3);
        assertThat(report.emptyPairs()).isEqualTo(2);
    }

    @Test
    void textsLongerThan512TokensAreTruncatedAndCounted() {
        String longText = "word ".repeat(600);
        TokenizedText tokens = encoder.tokenize(longText);
        assertThat(tokens.length()).isEqualTo(512);
        assertThat(tokens.truncated()).isTrue();
        assertThat(tokens.ids()[511]).isEqualTo(encoder.sepId());
        long before = scorer.truncatedTexts();
        BertScoreReport report = scorer.scoreWithReport(List.of(new TextPair(longText, "word word word")));
        assertThat(report.truncatedTexts()).isEqualTo(1);
        assertThat(scorer.truncatedTexts()).isEqualTo(before + 1);
        assertThat(report.scores().get(0).precision()).isStrictlyBetween(0.0, 1.0);
    }

    /** The matching against a plain double-precision computation of bert_score's formulas. */
    @Test
    void matchingEqualsAHandComputationWithAndWithoutIdf() {
        List<TextPair> pairs = List.of(
                new TextPair("A dog runs in the park.", "A puppy is running through the park."),
                new TextPair("Stocks fell sharply on Monday.", "On Monday the stock market dropped a lot."),
                new TextPair("Water boils at 100 degrees.", "The park is open on Monday."));
        for (boolean idf : new boolean[] {false, true}) {
            DjlBertScorer withIdf = new DjlBertScorer(encoder, new BertScoreOptions(idf, null, 2, true));
            List<Prf> actual = withIdf.score(pairs);
            List<TokenizedText> refs = pairs.stream().map(p -> encoder.tokenize(p.reference())).toList();
            IdfWeights weights = idf ? IdfWeights.fromReferences(refs, encoder.clsId(), encoder.sepId())
                    : IdfWeights.uniform(encoder.clsId(), encoder.sepId());
            for (int i = 0; i < pairs.size(); i++) {
                double[] expected = handBertScore(encoder.tokenize(pairs.get(i).candidate()), refs.get(i), weights);
                assertThat(actual.get(i).precision()).as("idf=%s P %d", idf, i).isCloseTo(expected[0], within(1e-5));
                assertThat(actual.get(i).recall()).as("idf=%s R %d", idf, i).isCloseTo(expected[1], within(1e-5));
                assertThat(actual.get(i).f1()).as("idf=%s F %d", idf, i).isCloseTo(expected[2], within(1e-5));
            }
            if (idf) {
                assertThat(actual.get(0).f1()).isNotCloseTo(scorer.score(pairs).get(0).f1(), within(1e-4));
            }
        }
    }

    @Test
    void rescalingWithABaselineFileAppliesXMinusBOverOneMinusB(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("minilm.tsv");
        Files.writeString(baseline, "LAYER,P,R,F\n5,0.9,0.9,0.9\n6,0.30,0.20,0.25\n");
        DjlBertScorer rescaled = new DjlBertScorer(encoder, new BertScoreOptions(false, baseline, 8, true));
        List<TextPair> pairs = List.of(new TextPair("The train was late again.", "Again the train arrived late."));
        Prf raw = scorer.score(pairs).get(0);
        Prf got = rescaled.score(pairs).get(0);
        assertThat(got.precision()).isCloseTo((raw.precision() - 0.30) / 0.70, within(1e-9));
        assertThat(got.recall()).isCloseTo((raw.recall() - 0.20) / 0.80, within(1e-9));
        assertThat(got.f1()).isCloseTo((raw.f1() - 0.25) / 0.75, within(1e-9));
    }

    @Test
    void scoresDoNotDependOnBatchingOrBucketing() {
        List<TextPair> pairs = new ArrayList<>();
        String[] texts = {"Short.", "A somewhat longer sentence about the weather today.",
                "Medium length text here.", "The longest sentence of them all, which goes on and on about nothing much at all.",
                "Yes.", "Two words"};
        for (int i = 0; i < texts.length; i++) {
            pairs.add(new TextPair(texts[i], texts[(i + 2) % texts.length]));
        }
        List<Prf> bucketed = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 4, true)).score(pairs);
        List<Prf> unbucketed = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 3, false)).score(pairs);
        for (int i = 0; i < pairs.size(); i++) {
            Prf single = scorer.score(List.of(pairs.get(i))).get(0);
            assertThat(bucketed.get(i).f1()).isCloseTo(single.f1(), within(1e-5));
            assertThat(unbucketed.get(i).f1()).isCloseTo(single.f1(), within(1e-5));
        }
    }

    @Test
    void concurrentCallersGetTheSameScores() throws Exception {
        List<TextPair> pairs = List.of(new TextPair("Concurrency is hard.", "Parallel code is difficult."),
                new TextPair("It rained all day.", "The whole day was rainy."));
        List<Prf> expected = scorer.score(pairs);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Prf>>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> scorer.score(pairs)));
            }
            for (Future<List<Prf>> future : futures) {
                List<Prf> got = future.get();
                for (int i = 0; i < pairs.size(); i++) {
                    assertThat(got.get(i).f1()).isCloseTo(expected.get(i).f1(), within(1e-6));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] handBertScore(TokenizedText candidate, TokenizedText reference, IdfWeights weights) {
        double[][] c = unitRows(candidate);
        double[][] r = unitRows(reference);
        float[] wc = weights.normalised(candidate);
        float[] wr = weights.normalised(reference);
        double p = 0;
        for (int i = 0; i < c.length; i++) {
            double best = -2;
            for (double[] rj : r) {
                best = Math.max(best, dot(c[i], rj));
            }
            p += wc[i] * best;
        }
        double rec = 0;
        for (int j = 0; j < r.length; j++) {
            double best = -2;
            for (double[] ci : c) {
                best = Math.max(best, dot(ci, r[j]));
            }
            rec += wr[j] * best;
        }
        return new double[] {p, rec, 2 * p * rec / (p + rec)};
    }

    private static double[][] unitRows(TokenizedText text) {
        float[] out = encoder.forward(MiniLmEncoder.pad(List.of(text)));
        int d = MiniLmEncoder.HIDDEN_SIZE;
        double[][] rows = new double[text.length()][d];
        for (int t = 0; t < text.length(); t++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += out[t * d + k] * (double) out[t * d + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                rows[t][k] = out[t * d + k] / norm;
            }
        }
        return rows;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
