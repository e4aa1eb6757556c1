package dev.driftgate.core.metrics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * BERTScore's greedy matching (Zhang et al. 2020, section 3; bert_score 0.3.x {@code greedy_cos_idf}) on
 * DJL's PyTorch engine: L2-normalise token embeddings, take the cosine similarity of every candidate token
 * with every reference token, then P = sum_i w_i max_j sim(c_i, r_j) over the candidate tokens and
 * R = sum_j w_j max_i sim(c_i, r_j) over the reference tokens (weights from {@link IdfWeights}, summing to
 * 1 per text), F = 2PR/(P+R). [CLS] and [SEP] take part in the max but weigh 0. Float32 throughout, as
 * bert_score on torch.
 *
 * <p>One difference, on purpose: bert_score fills padding with similarity 0, so within a padded batch a
 * token whose real similarities are all negative gets 0 from a padding position and the score depends
 * on what else is in the batch. Here padding is pushed to -10 and never wins, so a pair scores the same
 * in any batch; the two agree whenever a token's best similarity is non-negative.
 */
final class GreedyMatcher {

    private static final float PADDING_PENALTY = -10f;
    private static volatile NDManager pytorch;

    private GreedyMatcher() {
    }

    /** Token embeddings of one text ([length, 384] row-major, unnormalised) and its normalised weights. */
    record Embedded(float[] vectors, float[] weights, int length) {
    }

    /** Raw P, R and F of each pair: {@code [3][pairs]}. */
    static float[][] match(List<Embedded> candidates, List<Embedded> references) {
        int batch = candidates.size();
        int d = MiniLmEncoder.HIDDEN_SIZE;
        int lc = maxLength(candidates);
        int lr = maxLength(references);
        float[] c = new float[batch * lc * d];
        float[] r = new float[batch * lr * d];
        float[] cw = new float[batch * lc];
        float[] rw = new float[batch * lr];
        float[] cPenalty = new float[batch * lc];
        float[] rPenalty = new float[batch * lr];
        for (int b = 0; b < batch; b++) {
            fill(candidates.get(b), b, lc, c, cw, cPenalty);
            fill(references.get(b), b, lr, r, rw, rPenalty);
        }
        try (NDManager m = manager().newSubManager()) {
            NDArray ce = unit(m.create(c, new Shape(batch, lc, d)));
            NDArray re = unit(m.create(r, new Shape(batch, lr, d)));
            NDArray sim = ce.matMul(re.transpose(0, 2, 1));
            NDArray wordPrecision = sim.add(m.create(rPenalty, new Shape(batch, 1, lr))).max(new int[] {2});
            NDArray wordRecall = sim.add(m.create(cPenalty, new Shape(batch, lc, 1))).max(new int[] {1});
            NDArray p = wordPrecision.mul(m.create(cw, new Shape(batch, lc))).sum(new int[] {1});
            NDArray rec = wordRecall.mul(m.create(rw, new Shape(batch, lr))).sum(new int[] {1});
            NDArray f = p.mul(rec).mul(2f).div(p.add(rec));
            return new float[][] {p.toFloatArray(), rec.toFloatArray(), f.toFloatArray()};
        }
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {2}, true).maximum(1e-12f));
    }

    private static void fill(Embedded text, int b, int maxLength, float[] vectors, float[] weights, float[] penalty) {
        int d = MiniLmEncoder.HIDDEN_SIZE;
        System.arraycopy(text.vectors(), 0, vectors, b * maxLength * d, text.length() * d);
        System.arraycopy(text.weights(), 0, weights, b * maxLength, text.length());
        java.util.Arrays.fill(penalty, b * maxLength + text.length(), (b + 1) * maxLength, PADDING_PENALTY);
    }

    private static int maxLength(List<Embedded> texts) {
        int max = 1;
        for (Embedded text : texts) {
            max = Math.max(max, text.length());
        }
        return max;
    }

    private static NDManager manager() {
        NDManager m = pytorch;
        if (m == null) {
            synchronized (GreedyMatcher.class) {
                m = pytorch;
                if (m == null) {
                    m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                    pytorch = m;
                }
            }
        }
        return m;
    }
}
