package dev.driftgate.local.traffic;

import java.util.Random;
import java.util.function.LongSupplier;

/**
 * A fixed pool of {@code distinct} sampled questions, asked with Zipf popularity: the question of
 * rank k (1-based) with probability proportional to 1 / k^exponent. Exponent 0 is uniform; around 1
 * is the usual shape of search and chat query logs, where a few questions are asked very often and
 * most rarely. The pool is the first {@code distinct} fresh questions; the draws come from a seeded
 * {@link Random}, so two generators with the same arguments send the same sequence of requests.
 */
public final class PopularQuestions implements Questions {
    private final long[] pool;
    private final double[] cumulative;
    private final Random random;
    private boolean filled;

    public PopularQuestions(int distinct, double exponent, long seed) {
        if (distinct < 1) {
            throw new IllegalArgumentException("popular questions: distinct must be >= 1, got " + distinct);
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("popular questions: exponent must be >= 0, got " + exponent);
        }
        this.pool = new long[distinct];
        this.cumulative = new double[distinct];
        double sum = 0;
        for (int k = 0; k < distinct; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < distinct; k++) {
            cumulative[k] /= sum;
        }
        this.random = new Random(seed);
    }

    @Override
    public synchronized long next(LongSupplier fresh) {
        if (!filled) {
            for (int k = 0; k < pool.length; k++) {
                pool[k] = fresh.getAsLong();
            }
            filled = true;
        }
        return pool[rank(random.nextDouble())];
    }

    /** The 0-based rank whose cumulative probability first exceeds u. */
    private int rank(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
