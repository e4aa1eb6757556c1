package dev.driftgate.core.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token weights for BERTScore (Zhang et al. 2020, "BERTScore: Evaluating Text Generation with BERT",
 * section 3), as bert_score 0.3.x computes them.
 *
 * <p>Without IDF every token weighs 1 except [CLS] and [SEP], which weigh 0. With IDF the weights come from
 * the M reference texts of the call: {@code ln((M + 1) / (df + 1))}, where df counts the references that
 * contain the token id at least once, and a token no reference has weighs {@code ln(M + 1)}
 * ({@code get_idf_dict}). [CLS] and [SEP] are in every reference, so they weigh ln(1) = 0 there too.
 * A text's weights are divided by their sum before use.
 */
public final class IdfWeights {

    private final Map<Long, Double> idf;
    private final double unseen;
    private final long clsId;
    private final long sepId;

    private IdfWeights(Map<Long, Double> idf, double unseen, long clsId, long sepId) {
        this.idf = idf;
        this.unseen = unseen;
        this.clsId = clsId;
        this.sepId = sepId;
    }

    /** Uniform weights: 1 per token, 0 for [CLS] and [SEP]. */
    public static IdfWeights uniform(long clsId, long sepId) {
        return new IdfWeights(null, 1.0, clsId, sepId);
    }

    public static IdfWeights fromReferences(List<TokenizedText> references, long clsId, long sepId) {
        Map<Long, Integer> documentFrequency = new HashMap<>();
        for (TokenizedText reference : references) {
            Set<Long> seen = new HashSet<>();
            for (long id : reference.ids()) {
                if (seen.add(id)) {
                    documentFrequency.merge(id, 1, Integer::sum);
                }
            }
        }
        int m = references.size();
        Map<Long, Double> idf = new HashMap<>();
        documentFrequency.forEach((id, df) -> idf.put(id, Math.log((m + 1.0) / (df + 1.0))));
        return new IdfWeights(idf, Math.log(m + 1.0), clsId, sepId);
    }

    public double weight(long tokenId) {
        if (idf == null) {
            return tokenId == clsId || tokenId == sepId ? 0.0 : 1.0;
        }
        Double w = idf.get(tokenId);
        return w == null ? unseen : w;
    }

    /** The normalised weights of a text's tokens (they sum to 1, or are all 0 when every weight is 0). */
    public float[] normalised(TokenizedText text) {
        long[] ids = text.ids();
        double[] raw = new double[ids.length];
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            raw[i] = weight(ids[i]);
            sum += raw[i];
        }
        float[] weights = new float[ids.length];
        if (sum > 0) {
            for (int i = 0; i < ids.length; i++) {
                weights[i] = (float) (raw[i] / sum);
            }
        }
        return weights;
    }
}
