package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.stats.ConfidenceSequence;
import dev.driftgate.flink.shadow.ShadowReport.Decision;
import java.util.Locale;

/**
 * The promotion decision for one category from its paired deltas (shadow - prod): plain Java, so the
 * report and the decision harness ({@code driftgate bench decisions}) run the very same rule.
 *
 * <p>{@code fixed_ci}: after min_samples, BLOCK when the mean or (require_ci_clear) the 95% normal
 * interval's lower bound is below -max_allowed_drop, else PROMOTE. Valid for one look at a fixed n;
 * re-checked at every look it is not.
 *
 * <p>{@code confidence_sequence}: an always-valid interval at level alpha / categories (Bonferroni);
 * BLOCK when its upper bound is below -max_allowed_drop (surely worse than allowed), PROMOTE when its
 * lower bound is above it (surely not), otherwise UNDECIDED: keep collecting. Each wrong call needs
 * the interval to miss the true mean at some look, which happens with probability at most alpha.
 */
public final class PromotionRule {
    private static final double Z95 = 1.959964;

    /** What the rule says, with the interval it used. */
    public record Outcome(Decision decision, double low, double high, String reason) {
    }

    private final ShadowConfig.Promotion promotion;

    public PromotionRule(ShadowConfig.Promotion promotion) {
        this.promotion = promotion;
    }

    /**
     * @param scored     paired deltas the judge scored
     * @param mean       their mean (NaN for none)
     * @param sd         their sample standard deviation (NaN for fewer than two)
     * @param categories how many categories the decision covers (the Bonferroni divisor)
     */
    public Outcome decide(long scored, double mean, double sd, int categories) {
        return ShadowConfig.Promotion.CONFIDENCE_SEQUENCE.equals(promotion.method())
                ? sequential(scored, mean, sd, categories)
                : fixed(scored, mean, sd);
    }

    private Outcome fixed(long scored, double mean, double sd) {
        double half = scored >= 2 && !Double.isNaN(sd) ? Z95 * sd / Math.sqrt(scored) : Double.NaN;
        double low = mean - half;
        double high = mean + half;
        double maxDrop = promotion.maxAllowedDrop();
        if (scored < promotion.minSamples()) {
            return new Outcome(Decision.UNDECIDED, low, high,
                    scored + " scored samples, fewer than min_samples " + promotion.minSamples());
        }
        if (mean < -maxDrop) {
            return new Outcome(Decision.BLOCK, low, high,
                    fmt("mean delta %+.4f is worse than the allowed drop -%.4f", mean, maxDrop));
        }
        if (promotion.requireCiClear() && low < -maxDrop) {
            return new Outcome(Decision.BLOCK, low, high,
                    fmt("95%% CI lower bound %+.4f does not clear the allowed drop -%.4f", low, maxDrop));
        }
        return new Outcome(Decision.PROMOTE, low, high, promotion.requireCiClear()
                ? fmt("95%% CI lower bound %+.4f clears -%.4f", low, maxDrop)
                : fmt("mean delta %+.4f within the allowed drop -%.4f", mean, maxDrop));
    }

    private Outcome sequential(long scored, double mean, double sd, int categories) {
        double alpha = promotion.alpha() / Math.max(1, categories);
        double half = new ConfidenceSequence(alpha, promotion.minSamples()).halfWidth(scored, sd);
        double low = mean - half;
        double high = mean + half;
        double maxDrop = promotion.maxAllowedDrop();
        String level = fmt("always-valid %.1f%% interval", 100 * (1 - alpha));
        if (scored < promotion.minSamples()) {
            return new Outcome(Decision.UNDECIDED, low, high,
                    scored + " scored samples, fewer than min_samples " + promotion.minSamples());
        }
        if (high < -maxDrop) {
            return new Outcome(Decision.BLOCK, low, high,
                    fmt("%s upper bound %+.4f is below the allowed drop -%.4f", level, high, maxDrop));
        }
        if (low > -maxDrop) {
            return new Outcome(Decision.PROMOTE, low, high,
                    fmt("%s lower bound %+.4f clears -%.4f", level, low, maxDrop));
        }
        return new Outcome(Decision.UNDECIDED, low, high,
                fmt("%s [%+.4f, %+.4f] still contains -%.4f: keep collecting", level, low, high, maxDrop));
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
