package dev.driftgate.core.metrics;

/**
 * BERTScore's greedy matching (Zhang et al. 2020, section 3; bert_score 0.3.x {@code greedy_cos_idf}):
 * L2-normalise token embeddings, take the cosine similarity of every candidate token with every reference
 * token, then P = sum_i w_i max_j sim(c_i, r_j) over the candidate tokens and R = sum_j w_j max_i
 * sim(c_i, r_j) over the reference tokens (weights from {@link IdfWeights}, summing to 1 per text),
 * F = 2PR/(P+R). [CLS] and [SEP] take part in the max but weigh 0.
 *
 * <p>Plain Java on purpose: this used to run on DJL's PyTorch engine, whose natives exist for no Intel
 * Mac and weigh ~445 MB in the cache elsewhere. A ~100 x 384 by ~100 x 384 product is a few million
 * multiply-adds, small next to the ONNX forward pass that produced the embeddings. Vectors and scores
 * are float32 as in bert_score on torch; dot products and sums accumulate in double and round once,
 * which keeps the results within ~1e-7 of the torch version (BertScoreGoldenTest pins them).
 *
 * <p>Each pair is matched on its own, so there is no padding: bert_score fills padding with similarity
 * 0, so within a padded batch a token whose real similarities are all negative gets 0 from a padding
 * position and the score depends on what else is in the batch. Here a pair scores the same in any
 * batch; the two agree whenever a token's best similarity is non-negative.
 */
final class GreedyMatcher {

    /** bert_score (torch) clamps the norm here so an all-zero vector stays zero instead of NaN. */
    private static final double MIN_NORM = 1e-12;

    private GreedyMatcher() {
    }

    /** Token embeddings of one text ([length, 384] row-major, unnormalised) and its normalised weights. */
    record Embedded(float[] vectors, float[] weights, int length) {
    }

    /** Raw P, R and F of one candidate against its reference (F is NaN when P + R is 0). */
    static float[] match(Embedded candidate, Embedded reference) {
        int d = MiniLmEncoder.HIDDEN_SIZE;
        int lc = candidate.length();
        int lr = reference.length();
        float[] c = unitRows(candidate.vectors(), lc, d);
        float[] r = unitRows(reference.vectors(), lr, d);
        float[] bestForCandidate = filled(lc);
        float[] bestForReference = filled(lr);
        for (int i = 0; i < lc; i++) {
            for (int j = 0; j < lr; j++) {
                float sim = dot(c, i * d, r, j * d, d);
                if (sim > bestForCandidate[i]) {
                    bestForCandidate[i] = sim;
                }
                if (sim > bestForReference[j]) {
                    bestForReference[j] = sim;
                }
            }
        }
        float p = weightedSum(bestForCandidate, candidate.weights());
        float rec = weightedSum(bestForReference, reference.weights());
        float f = p * rec * 2f / (p + rec);
        return new float[] {p, rec, f};
    }

    private static float[] unitRows(float[] x, int rows, int d) {
        float[] unit = new float[rows * d];
        for (int t = 0; t < rows; t++) {
            double norm = Math.sqrt(dotDouble(x, t * d, x, t * d, d));
            float divisor = (float) Math.max(norm, MIN_NORM);
            for (int k = t * d; k < (t + 1) * d; k++) {
                unit[k] = x[k] / divisor;
            }
        }
        return unit;
    }

    private static float dot(float[] a, int aFrom, float[] b, int bFrom, int d) {
        return (float) dotDouble(a, aFrom, b, bFrom, d);
    }

    /** Four accumulators: independent adds let the CPU pipeline them (d = 384 is a multiple of 4). */
    private static double dotDouble(float[] a, int aFrom, float[] b, int bFrom, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = 0; k < d; k += 4) {
            s0 += (double) a[aFrom + k] * b[bFrom + k];
            s1 += (double) a[aFrom + k + 1] * b[bFrom + k + 1];
            s2 += (double) a[aFrom + k + 2] * b[bFrom + k + 2];
            s3 += (double) a[aFrom + k + 3] * b[bFrom + k + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float weightedSum(float[] values, float[] weights) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += (double) values[i] * weights[i];
        }
        return (float) sum;
    }

    private static float[] filled(int length) {
        float[] best = new float[length];
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        return best;
    }
}
