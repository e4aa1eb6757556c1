package dev.driftgate.cli.bench.decisions;

import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.flink.shadow.PromotionRule;
import dev.driftgate.flink.shadow.ShadowReport;
import dev.driftgate.flink.shadow.ShadowReport.CategoryLine;
import dev.driftgate.flink.shadow.ShadowReport.Decision;
import dev.driftgate.local.sim.VerdictNoise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shadow promotion campaigns under continuous peeking: every category receives paired samples
 * (noisy verdicts of production and candidate on the same prompt), and after every {@code lookEvery}
 * samples per category someone reads the report, which runs the real {@link PromotionRule} per
 * category and {@link ShadowReport#decide} across them. A campaign counts as wrong when any look
 * shows the wrong decision (that is what a team watching the report would act on); it also records
 * the samples per category at the first decisive look (PROMOTE or BLOCK).
 */
final class PromotionScenarios {
    /** Outcome of a batch of campaigns. */
    record Result(Rate everWrong, Rate firstWrong, Rate undecided, double medianSamples) {
    }

    private final VerdictNoise noise;
    private final int categories;
    private final int lookEvery;
    private final int horizon;

    PromotionScenarios(VerdictNoise noise, int categories, int lookEvery, int horizon) {
        this.noise = noise;
        this.categories = categories;
        this.lookEvery = lookEvery;
        this.horizon = horizon;
    }

    /**
     * @param shift  the candidate's true delta in category 0 (the others have 0)
     * @param wrong  the decision that would be wrong in this scenario
     */
    Result run(ShadowConfig.Promotion promotion, int campaigns, double shift, Decision wrong, long seed) {
        PromotionRule rule = new PromotionRule(promotion);
        SplittableRandom r = new SplittableRandom(seed);
        long everWrong = 0;
        long firstWrong = 0;
        long undecided = 0;
        List<Double> samples = new ArrayList<>();
        for (int k = 0; k < campaigns; k++) {
            double[] sum = new double[categories];
            double[] sumSq = new double[categories];
            boolean sawWrong = false;
            Decision first = null;
            for (int n = 1; n <= horizon; n++) {
                for (int c = 0; c < categories; c++) {
                    double q = 0.75 + 0.20 * r.nextDouble();
                    double d = noise.apply(q + (c == 0 ? shift : 0), r) - noise.apply(q, r);
                    sum[c] += d;
                    sumSq[c] += d * d;
                }
                if (n % lookEvery != 0) {
                    continue;
                }
                Decision now = look(rule, n, sum, sumSq);
                if (now == wrong) {
                    sawWrong = true;
                }
                if (first == null && now != Decision.UNDECIDED) {
                    first = now;
                    samples.add((double) n);
                }
                if (sawWrong && first != null) {
                    break; // nothing left to learn from this campaign
                }
            }
            everWrong += sawWrong ? 1 : 0;
            firstWrong += first == wrong ? 1 : 0;
            undecided += first == null ? 1 : 0;
        }
        samples.sort(Double::compare);
        double median = samples.isEmpty() ? Double.NaN : samples.get(samples.size() / 2);
        return new Result(new Rate(everWrong, campaigns), new Rate(firstWrong, campaigns),
                new Rate(undecided, campaigns), median);
    }

    private Decision look(PromotionRule rule, int n, double[] sum, double[] sumSq) {
        List<CategoryLine> lines = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            double mean = sum[c] / n;
            double sd = Math.sqrt(Math.max(0, (sumSq[c] - n * mean * mean) / (n - 1)));
            PromotionRule.Outcome o = rule.decide(n, mean, sd, categories);
            lines.add(new CategoryLine("c" + c, n, n, mean, o.low(), o.high(), 0, 0, 0, 0, o.decision(), o.reason()));
        }
        return ShadowReport.decide("sim/candidate", Instant.EPOCH, lines).decision();
    }
}
