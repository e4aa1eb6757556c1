package dev.driftgate.gate;

import static dev.driftgate.core.text.MarkdownText.code;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Lines up a baseline run and a current run example by example. Category deltas are only fair over
 * the examples both runs scored, so each side's category mean is recomputed over the shared ids;
 * everything that does not line up (a category on one side, other example ids, a new dataset
 * version) is written down as a note for the scorecard.
 */
public final class RunPairing {

    /** The result: paired categories (sorted by name) and what did not pair. */
    public record Pairing(
            List<PairedCategory> categories,
            SortedSet<String> onlyInBaseline,
            SortedSet<String> onlyInCurrent,
            boolean baselineHasExamples, // true when both runs carry per-example scores
            List<String> notes) {
    }

    private RunPairing() {
    }

    public static Pairing pair(EvalRun baseline, EvalRun current) {
        List<String> notes = new ArrayList<>();
        if (!Objects.equals(baseline.datasetVersion(), current.datasetVersion())) {
            notes.add("Dataset version changed: baseline " + code(baseline.datasetVersion()) + ", current "
                    + code(current.datasetVersion()) + ". Deltas use the examples both runs share.");
        }
        SortedSet<String> baseCats = categoriesOf(baseline);
        SortedSet<String> curCats = categoriesOf(current);
        SortedSet<String> onlyBase = new TreeSet<>(baseCats);
        onlyBase.removeAll(curCats);
        SortedSet<String> onlyCur = new TreeSet<>(curCats);
        onlyCur.removeAll(baseCats);
        for (String c : onlyBase) {
            notes.add("Category " + code(c) + " is in the baseline only: not compared.");
        }
        for (String c : onlyCur) {
            notes.add("Category " + code(c) + " is new in the current run: absolute thresholds only.");
        }

        boolean baselineHasExamples = hasExamples(baseline) && hasExamples(current);
        if (!baselineHasExamples) {
            notes.add("The " + (hasExamples(baseline) ? "current" : "baseline") + " run has no per-example scores: "
                    + "category deltas compare category means and have no confidence interval.");
        }
        Map<String, Map<String, ExampleResult>> baseByCat = byCategory(baseline.examples());
        Map<String, Map<String, ExampleResult>> curByCat = byCategory(current.examples());

        List<PairedCategory> paired = new ArrayList<>();
        int totalOnlyBase = 0;
        int totalOnlyCur = 0;
        for (String category : baseCats) {
            if (!curCats.contains(category)) {
                continue;
            }
            Map<String, ExampleResult> b = baseByCat.getOrDefault(category, Map.of());
            Map<String, ExampleResult> c = curByCat.getOrDefault(category, Map.of());
            List<String> ids = new ArrayList<>();
            List<double[]> pairs = new ArrayList<>();
            int failed = 0;
            int onlyB = 0;
            for (Map.Entry<String, ExampleResult> e : b.entrySet()) {
                ExampleResult other = c.get(e.getKey());
                if (other == null) {
                    onlyB++;
                } else if (!scored(e.getValue()) || !scored(other)) {
                    failed++;
                } else {
                    ids.add(e.getKey());
                    pairs.add(new double[] {e.getValue().composite(), other.composite()});
                }
            }
            int onlyC = 0;
            for (String id : c.keySet()) {
                if (!b.containsKey(id)) {
                    onlyC++;
                }
            }
            totalOnlyBase += onlyB;
            totalOnlyCur += onlyC;
            double[] base = new double[pairs.size()];
            double[] cur = new double[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                base[i] = pairs.get(i)[0];
                cur[i] = pairs.get(i)[1];
            }
            paired.add(new PairedCategory(category, List.copyOf(ids), base, cur, onlyB, onlyC, failed));
        }
        if (baselineHasExamples && (totalOnlyBase > 0 || totalOnlyCur > 0)) {
            notes.add("Example ids differ: " + totalOnlyBase + " only in the baseline, " + totalOnlyCur
                    + " only in the current run. Category deltas and the bootstrap use the shared ids only.");
        }
        int failedPairs = paired.stream().mapToInt(PairedCategory::failedOnEitherSide).sum();
        if (baselineHasExamples && failedPairs > 0) {
            notes.add(failedPairs + " shared example(s) failed to score on one side and are left out of the deltas.");
        }
        return new Pairing(List.copyOf(paired), onlyBase, onlyCur, baselineHasExamples, List.copyOf(notes));
    }

    private static boolean hasExamples(EvalRun run) {
        return run.examples() != null && !run.examples().isEmpty();
    }

    static boolean scored(ExampleResult r) {
        return !r.failed() && Double.isFinite(r.composite());
    }

    private static SortedSet<String> categoriesOf(EvalRun run) {
        SortedSet<String> cats = new TreeSet<>();
        if (run.categories() != null) {
            cats.addAll(run.categories().keySet());
        }
        if (run.examples() != null) {
            run.examples().forEach(e -> cats.add(e.category()));
        }
        return cats;
    }

    /** Category -> id -> result, in id order so the pairing (and the bootstrap) is deterministic. */
    private static Map<String, Map<String, ExampleResult>> byCategory(Collection<ExampleResult> examples) {
        Map<String, Map<String, ExampleResult>> out = new LinkedHashMap<>();
        if (examples == null) {
            return out;
        }
        for (ExampleResult e : examples) {
            out.computeIfAbsent(e.category(), k -> new TreeMap<>()).put(e.id(), e);
        }
        return out;
    }
}
