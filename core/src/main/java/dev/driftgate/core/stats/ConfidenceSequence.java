package dev.driftgate.core.stats;

/**
 * A confidence sequence for a mean: an interval that covers the true mean at every sample size at
 * once with probability 1 - alpha, so it may be looked at after every new sample and acted on the
 * first time it excludes a value, without the false-decision rate growing with the number of looks
 * (a fixed-n 95% interval re-checked hourly is eventually wrong with probability near 1).
 *
 * <p>The boundary is the two-sided normal-mixture boundary of the asymptotic confidence sequence of
 * Waudby-Smith, Arnold, Wu and Ramdas ("Time-uniform central limit theory and asymptotic confidence
 * sequences", 2021, Theorem 2.2), with the sample standard deviation plugged in:
 * mean ± sd · sqrt( 2(nρ²+1) / (n²ρ²) · ln( sqrt(nρ²+1) / alpha ) ).
 * ρ is fixed in advance so that the interval is narrowest at {@code tunedFor} samples.
 * Assumptions: i.i.d. observations with finite variance (paired deltas in [-1,1] qualify); the
 * guarantee is asymptotic because sd is estimated, which is why callers wait for a minimum sample
 * count before deciding. The harness ({@code driftgate bench decisions}) measures the real error.
 */
public final class ConfidenceSequence {
    private final double alpha;
    private final double rhoSquared;

    public ConfidenceSequence(double alpha, long tunedFor) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0,1), was " + alpha);
        }
        if (tunedFor < 1) {
            throw new IllegalArgumentException("tunedFor must be >= 1, was " + tunedFor);
        }
        this.alpha = alpha;
        double l = -2 * Math.log(alpha);
        this.rhoSquared = (l + Math.log(l + 1)) / tunedFor;
    }

    /** Half-width of the interval after n observations with sample standard deviation sd. */
    public double halfWidth(long n, double sd) {
        if (n < 1 || Double.isNaN(sd)) {
            return Double.NaN;
        }
        double v = n * rhoSquared + 1;
        return sd * Math.sqrt(2 * v / ((double) n * n * rhoSquared) * Math.log(Math.sqrt(v) / alpha));
    }

    public double alpha() {
        return alpha;
    }
}
