package dev.driftgate.local.sim;

import java.util.SplittableRandom;

/**
 * A judge's rerun-to-rerun noise: the same answer judged again gets its score plus a normal draw
 * with this standard deviation, clamped to [0,1] and rounded to two decimals like the simulator's
 * verdicts. Used by the simulator's judge (simulator.yaml {@code verdict_noise}) and by the decision
 * harness, so both mean the same thing by "verdict noise".
 */
public record VerdictNoise(double sd) {
    public static final VerdictNoise NONE = new VerdictNoise(0);

    public VerdictNoise {
        if (!(sd >= 0 && sd <= 1)) {
            throw new IllegalArgumentException("verdict noise must be in [0,1], was " + sd);
        }
    }

    public double apply(double score, SplittableRandom random) {
        if (sd == 0) {
            return score;
        }
        return SimText.round2(Math.max(0, Math.min(1, score + sd * gaussian(random))));
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
