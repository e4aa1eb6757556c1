package dev.driftgate.core.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-category and overall scores of a run.
 *
 * <ul>
 *   <li>A category score holds the means of bertscore F1, ROUGE-L F, judge overall and composite over
 *       the category's non-failed examples; {@code n} counts those, {@code failed} counts the rest.
 *   <li>Overall is the category composites weighted by {@code category_weights}, renormalized over the
 *       categories present: a category is present when it has at least one scored example. So a run
 *       over a subset of categories (or where one category failed entirely) still yields a score on the
 *       same 0-1 scale; the missing category shows up as n=0 plus its failed count, and the failure
 *       fraction check of the caller decides whether the run is trusted at all.
 *   <li>A category without a configured weight is an error, never silently weight 0.
 * </ul>
 */
public final class RunAggregator {
    private final Map<String, Double> categoryWeights;

    public RunAggregator(Map<String, Double> categoryWeights) {
        // keeps the caller's (configuration file) order for reports
        this.categoryWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categoryWeights));
    }

    /** The aggregate: categories in configured order, and overall. */
    public record Aggregate(Map<String, CategoryScore> categories, double overall, int failed, int total) {
        public double failedFraction() {
            return total == 0 ? 0.0 : (double) failed / total;
        }
    }

    public Aggregate aggregate(Collection<ExampleResult> results) {
        Map<String, List<ExampleResult>> byCategory = new TreeMap<>();
        for (ExampleResult r : results) {
            if (!categoryWeights.containsKey(r.category())) {
                throw new IllegalArgumentException("example " + r.id() + ": category '" + r.category()
                        + "' has no weight in scorer_config.yaml category_weights");
            }
            byCategory.computeIfAbsent(r.category(), c -> new ArrayList<>()).add(r);
        }
        Map<String, CategoryScore> categories = new LinkedHashMap<>();
        int failed = 0;
        double weighted = 0;
        double weightSum = 0;
        for (String category : orderedCategories(byCategory)) {
            CategoryScore score = categoryScore(category, byCategory.get(category));
            categories.put(category, score);
            failed += score.failed();
            if (score.n() > 0) {
                double w = categoryWeights.get(category);
                weighted += w * score.composite();
                weightSum += w;
            }
        }
        double overall = weightSum > 0 ? weighted / weightSum : Double.NaN;
        return new Aggregate(categories, overall, failed, results.size());
    }

    static CategoryScore categoryScore(String category, List<ExampleResult> results) {
        int n = 0;
        int failed = 0;
        double bert = 0;
        double rouge = 0;
        double judge = 0;
        double composite = 0;
        for (ExampleResult r : results) {
            if (r.failed()) {
                failed++;
                continue;
            }
            n++;
            bert += r.bertscore().f1();
            rouge += r.rougeL().f1();
            judge += r.judge().overall();
            composite += r.composite();
        }
        if (n == 0) {
            return new CategoryScore(category, 0, failed, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new CategoryScore(category, n, failed, bert / n, rouge / n, judge / n, composite / n);
    }

    private List<String> orderedCategories(Map<String, List<ExampleResult>> byCategory) {
        List<String> ordered = new ArrayList<>();
        for (String category : categoryWeights.keySet()) {
            if (byCategory.containsKey(category)) {
                ordered.add(category);
            }
        }
        return ordered;
    }
}
