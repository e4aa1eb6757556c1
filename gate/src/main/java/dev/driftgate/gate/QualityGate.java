package dev.driftgate.gate;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.text.MarkdownText;
import dev.driftgate.gate.GateReport.CategoryRow;
import dev.driftgate.gate.GateReport.ExampleChange;
import dev.driftgate.gate.GateReport.OverallRow;
import dev.driftgate.gate.GateReport.Status;
import dev.driftgate.gate.noise.NoiseCalibration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The regression gate (DESIGN "Gate" contract). Blocks when the current run's overall is below
 * thresholds.overall, when any of its categories is below thresholds.per_category_min, or when a
 * category's mean composite over the examples both runs share drops more than
 * thresholds.regression_alert_delta below the production baseline. With
 * gate.require_significance, such a drop blocks only when its bootstrap 95% interval lies wholly
 * below zero. Pure: no I/O, the same inputs give the same report.
 */
public final class QualityGate {
    static final int MOST_REGRESSED = 5;

    private final GatePolicy policy;
    private final NoiseCalibration calibration;

    public QualityGate(GatePolicy policy) {
        this(policy, null);
    }

    /** @param calibration A/A calibration for gate.noise_aware (null: none; the delta rule applies) */
    public QualityGate(GatePolicy policy, NoiseCalibration calibration) {
        this.policy = policy;
        this.calibration = calibration;
    }

    public GateReport decide(EvalRun current, Baseline baseline) {
        if (baseline instanceof Baseline.Found found) {
            GateReport report = compare(current, found.run());
            return withOrigin(report, found.origin());
        }
        return absoluteOnly(current, ((Baseline.Absent) baseline).reason());
    }

    private static GateReport withOrigin(GateReport r, String origin) {
        return new GateReport(r.verdict(), r.current(), r.baseline(), r.baselineAbsence(), r.categories(), r.overall(),
                r.mostRegressed(), r.blockingReasons(), r.notes(), r.policy(), origin);
    }

    private GateReport absoluteOnly(EvalRun current, String reason) {
        List<CategoryRow> rows = new ArrayList<>();
        for (String category : new TreeSet<>(categoryScores(current).keySet())) {
            double score = categoryScores(current).get(category).composite();
            List<Status> statuses = new ArrayList<>(List.of(Status.ABSOLUTE_ONLY));
            addBelowMin(statuses, score);
            rows.add(new CategoryRow(category, 0, null, score, score, null, null, List.copyOf(statuses)));
        }
        OverallRow overall = new OverallRow(current.overall(), null, null, null, null, overallBelowMin(current));
        List<String> notes = List.of("No baseline: " + MarkdownText.text(reason) + ". Only the absolute thresholds were applied.");
        return finish(current, null, reason, rows, overall, List.of(), notes);
    }

    private GateReport compare(EvalRun current, EvalRun baseline) {
        RunPairing.Pairing pairing = RunPairing.pair(baseline, current);
        List<String> notes = new ArrayList<>(pairing.notes());
        boolean perExample = pairing.baselineHasExamples();
        PairedBootstrap.Result bootstrap = perExample && policy.bootstrapResamples() > 0
                ? new PairedBootstrap(policy.bootstrapResamples(), policy.bootstrapSeed())
                        .run(pairing.categories(), policy::weightOf)
                : new PairedBootstrap.Result(Map.of(), null);
        if (policy.bootstrapResamples() == 0) {
            notes.add("gate.bootstrap_resamples is 0: no confidence intervals.");
        }

        Map<String, CategoryScore> baseScores = categoryScores(baseline);
        Map<String, CategoryScore> curScores = categoryScores(current);
        List<CategoryRow> rows = new ArrayList<>();
        double weightSum = 0;
        double baseWeighted = 0;
        double curWeighted = 0;
        for (PairedCategory paired : pairing.categories()) {
            String category = paired.category();
            Double runScore = curScores.containsKey(category) ? curScores.get(category).composite() : null;
            double base;
            double cur;
            if (perExample) {
                if (paired.size() == 0) {
                    List<Status> statuses = new ArrayList<>(List.of(Status.NO_SHARED_EXAMPLES));
                    addBelowMin(statuses, runScore);
                    rows.add(new CategoryRow(category, 0, null, null, runScore, null, null, List.copyOf(statuses)));
                    continue;
                }
                base = paired.baselineMean();
                cur = paired.currentMean();
            } else {
                base = baseScores.get(category).composite();
                cur = curScores.get(category).composite();
            }
            double delta = cur - base;
            Interval ci = bootstrap.categories().get(category);
            List<Status> statuses = new ArrayList<>();
            statuses.add(noiseAware(category) ? classifyNoiseAware(category, delta, ci) : classifyDelta(delta, ci));
            addBelowMin(statuses, runScore);
            rows.add(new CategoryRow(category, paired.size(), base, cur, runScore, delta, ci, List.copyOf(statuses)));
            double w = policy.weightOf(category);
            weightSum += w;
            baseWeighted += w * base;
            curWeighted += w * cur;
        }
        for (String category : pairing.onlyInCurrent()) {
            Double runScore = curScores.containsKey(category) ? curScores.get(category).composite() : null;
            List<Status> statuses = new ArrayList<>(List.of(Status.NEW));
            addBelowMin(statuses, runScore);
            rows.add(new CategoryRow(category, 0, null, runScore, runScore, null, null, List.copyOf(statuses)));
        }
        for (String category : pairing.onlyInBaseline()) {
            Double baseScore = baseScores.containsKey(category) ? baseScores.get(category).composite() : null;
            rows.add(new CategoryRow(category, 0, baseScore, null, null, null, null, List.of(Status.MISSING)));
        }
        rows.sort(Comparator.comparing(CategoryRow::category));
        if (policy.noiseAware()) {
            notes.add(calibration == null
                    ? "gate.noise_aware is on but there is no calibration (driftgate calibrate): the delta rule applies."
                    : String.format(Locale.ROOT, "gate.noise_aware: a category drop blocks only beyond its noise floor "
                            + "(%d A/A reruns of %s) and when its bootstrap interval lies below zero.",
                            calibration.reruns(), MarkdownText.text(calibration.model())));
        }
        if (policy.requireSignificance() && bootstrap.categories().isEmpty()) {
            notes.add("gate.require_significance is on but there is no confidence interval: drops beyond the "
                    + "delta block regardless.");
        }

        Double baseShared = weightSum > 0 ? baseWeighted / weightSum : null;
        Double curShared = weightSum > 0 ? curWeighted / weightSum : null;
        OverallRow overall = new OverallRow(current.overall(), baseShared, curShared,
                baseShared == null ? null : curShared - baseShared, bootstrap.overall(), overallBelowMin(current));
        return finish(current, baseline, null, rows, overall,
                perExample ? mostRegressed(pairing, current) : List.of(), notes);
    }

    private Status classifyDelta(double delta, Interval ci) {
        if (delta < -policy.regressionDelta() - GatePolicy.EPSILON) {
            boolean withinNoise = ci != null && !ci.significantDrop();
            return policy.requireSignificance() && withinNoise ? Status.REGRESSED_WITHIN_NOISE : Status.REGRESSED;
        }
        if (delta < -GatePolicy.EPSILON) {
            if (ci == null) {
                return Status.OK;
            }
            return ci.significantDrop() ? Status.SIGNIFICANT_DROP : Status.DROP_WITHIN_NOISE;
        }
        return delta > GatePolicy.EPSILON ? Status.IMPROVED : Status.OK;
    }

    private boolean noiseAware(String category) {
        return policy.noiseAware() && calibration != null && calibration.categories().containsKey(category);
    }

    /**
     * Blocks when the drop exceeds the calibrated threshold ({@link NoiseCalibration#blockAbove}) and the
     * bootstrap interval lies below zero; a drop beyond regression_alert_delta that does not is within
     * noise. Smaller drops are classified as by the delta rule.
     */
    private Status classifyNoiseAware(String category, double delta, Interval ci) {
        double above = calibration.blockAbove(category, policy.regressionDelta());
        boolean significant = ci == null || ci.significantDrop();
        if (-delta > above + GatePolicy.EPSILON && significant) {
            return Status.REGRESSED;
        }
        if (delta < -policy.regressionDelta() - GatePolicy.EPSILON) {
            return Status.REGRESSED_WITHIN_NOISE;
        }
        return classifyDelta(delta, ci);
    }

    private void addBelowMin(List<Status> statuses, Double runScore) {
        if (runScore != null && runScore < policy.perCategoryMin() - GatePolicy.EPSILON) {
            statuses.add(Status.BELOW_MIN);
        }
    }

    private boolean overallBelowMin(EvalRun current) {
        return !(current.overall() >= policy.overallMin() - GatePolicy.EPSILON);
    }

    private GateReport finish(EvalRun current, EvalRun baseline, String absence, List<CategoryRow> rows,
                              OverallRow overall, List<ExampleChange> mostRegressed, List<String> notes) {
        List<String> reasons = new ArrayList<>();
        if (overall.belowMin()) {
            reasons.add(String.format(Locale.ROOT, "overall %.4f is below thresholds.overall %.2f",
                    overall.currentRunScore(), policy.overallMin()));
        }
        for (CategoryRow row : rows) {
            if (row.statuses().contains(Status.BELOW_MIN)) {
                reasons.add(String.format(Locale.ROOT, "%s %.4f is below thresholds.per_category_min %.2f",
                        row.category(), row.currentRunScore(), policy.perCategoryMin()));
            }
            if (row.statuses().contains(Status.REGRESSED) && noiseAware(row.category())) {
                reasons.add(String.format(Locale.ROOT,
                        "%s dropped %.4f below the production baseline, beyond its noise floor %.4f (gate.noise_aware)",
                        row.category(), -row.delta(), calibration.blockAbove(row.category(), policy.regressionDelta())));
            } else if (row.statuses().contains(Status.REGRESSED)) {
                reasons.add(String.format(Locale.ROOT,
                        "%s dropped %.4f below the production baseline (more than regression_alert_delta %.2f)%s",
                        row.category(), -row.delta(), policy.regressionDelta(),
                        row.ci() == null ? "" : row.ci().significantDrop() ? ", significant" : ", within noise"));
            }
        }
        GateReport.Verdict verdict = reasons.isEmpty() ? GateReport.Verdict.PASS : GateReport.Verdict.BLOCKED;
        return new GateReport(verdict, current, baseline, absence, List.copyOf(rows), overall,
                List.copyOf(mostRegressed), List.copyOf(reasons), List.copyOf(notes), policy, null);
    }

    private static List<ExampleChange> mostRegressed(RunPairing.Pairing pairing, EvalRun current) {
        Map<String, String> prompts = new HashMap<>();
        for (ExampleResult e : current.examples()) {
            prompts.put(e.id(), e.prompt());
        }
        List<ExampleChange> drops = new ArrayList<>();
        for (PairedCategory c : pairing.categories()) {
            for (int i = 0; i < c.size(); i++) {
                if (c.current()[i] < c.baseline()[i] - GatePolicy.EPSILON) {
                    String id = c.ids().get(i);
                    drops.add(new ExampleChange(id, c.category(), prompts.get(id), c.baseline()[i], c.current()[i]));
                }
            }
        }
        drops.sort(Comparator.comparingDouble(ExampleChange::delta).thenComparing(ExampleChange::id));
        return drops.subList(0, Math.min(MOST_REGRESSED, drops.size()));
    }

    private static Map<String, CategoryScore> categoryScores(EvalRun run) {
        return run.categories() == null ? Map.of() : run.categories();
    }
}
