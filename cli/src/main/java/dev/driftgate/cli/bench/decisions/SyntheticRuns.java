package dev.driftgate.cli.bench.decisions;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.local.sim.VerdictNoise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded eval runs of one fixed golden set. Each example has a true quality q in [0.75, 0.95]
 * (BERTScore and ROUGE-L are deterministic for a fixed answer, so they equal q on every rerun); the
 * judge's verdict is q plus {@link VerdictNoise}, fresh on every rerun. A planted drop lowers the true
 * quality of one category's examples, so its composite drops by exactly that much before noise.
 * Composite and category means follow the scorer's weights as in the real eval. With
 * {@code judgeSamples} > 1 the verdict is the mean of that many noisy verdicts, as {@code judge.samples}
 * makes the real eval do.
 */
final class SyntheticRuns {
    private final List<String> categories;
    private final int perCategory;
    private final double[][] quality;
    private final ScorerConfig scorer;
    private final VerdictNoise noise;
    private final int judgeSamples;

    SyntheticRuns(List<String> categories, int perCategory, ScorerConfig scorer, VerdictNoise noise, long seed) {
        this(categories, perCategory, scorer, noise, 1, seed);
    }

    SyntheticRuns(List<String> categories, int perCategory, ScorerConfig scorer, VerdictNoise noise, int judgeSamples,
                  long seed) {
        if (judgeSamples < 1) {
            throw new IllegalArgumentException("judge samples must be >= 1, got " + judgeSamples);
        }
        this.judgeSamples = judgeSamples;
        this.categories = List.copyOf(categories);
        this.perCategory = perCategory;
        this.scorer = scorer;
        this.noise = noise;
        SplittableRandom r = new SplittableRandom(seed);
        quality = new double[categories.size()][perCategory];
        for (double[] row : quality) {
            for (int i = 0; i < row.length; i++) {
                row[i] = 0.75 + 0.20 * r.nextDouble();
            }
        }
    }

    /** One rerun; {@code dropCategory} (or null) loses {@code drop} of true quality. */
    EvalRun run(String runId, SplittableRandom r, String dropCategory, double drop) {
        ScorerConfig.MetricWeights mw = scorer.metricWeights();
        List<ExampleResult> examples = new ArrayList<>();
        Map<String, CategoryScore> cats = new LinkedHashMap<>();
        double weighted = 0;
        double weightSum = 0;
        for (int c = 0; c < categories.size(); c++) {
            String category = categories.get(c);
            double sum = 0;
            for (int i = 0; i < perCategory; i++) {
                double q = quality[c][i] - (category.equals(dropCategory) ? drop : 0);
                double judge = judgeMean(q, r);
                double composite = mw.bertscore() * q + mw.rougeL() * q + mw.judgeScore() * judge;
                examples.add(new ExampleResult(category + "-" + i, category, "prompt " + i, "reference", "response",
                        new Prf(q, q, q), new Prf(q, q, q), new JudgeVerdict(judge, judge, judge, judge, "sim", 1, 0,
                        false, null, null), composite, 0, 0, false, null, null));
                sum += composite;
            }
            double mean = sum / perCategory;
            cats.put(category, new CategoryScore(category, perCategory, 0, mean, mean, mean, mean));
            double w = scorer.categoryWeights().getOrDefault(category, 0.0);
            weighted += w * mean;
            weightSum += w;
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new EvalRun(runId, at, at.plusSeconds(60), EvalRun.Status.COMPLETED, null, null, "sim/model",
                "sim/judge", "v1", "sp", "dataset-v1", "cfg", Map.of(), weightSum == 0 ? 0 : weighted / weightSum,
                cats, examples, Map.of(), 0);
    }

    private double judgeMean(double q, SplittableRandom r) {
        double sum = 0;
        for (int k = 0; k < judgeSamples; k++) {
            sum += noise.apply(q, r);
        }
        return sum / judgeSamples;
    }
}
