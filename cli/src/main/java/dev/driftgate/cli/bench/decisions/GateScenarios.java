package dev.driftgate.cli.bench.decisions;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.GateReport;
import dev.driftgate.gate.QualityGate;
import java.util.SplittableRandom;

/**
 * The gate's error rates with the real {@link QualityGate}: A/A (two independent reruns of an
 * unchanged model, one as the production baseline) and power (the current run has a planted drop in
 * one category). Each trial draws both runs afresh, so the rate is not conditional on one lucky or
 * unlucky baseline.
 */
final class GateScenarios {
    private final SyntheticRuns runs;
    private final String dropCategory;

    GateScenarios(SyntheticRuns runs, String dropCategory) {
        this.runs = runs;
        this.dropCategory = dropCategory;
    }

    /** Share of trials the gate blocked. */
    Rate blockRate(GatePolicy policy, int trials, double drop, long seed) {
        QualityGate gate = new QualityGate(policy);
        SplittableRandom r = new SplittableRandom(seed);
        long blocked = 0;
        for (int t = 0; t < trials; t++) {
            EvalRun baseline = runs.run("base-" + t, r, null, 0);
            EvalRun current = runs.run("cur-" + t, r, drop == 0 ? null : dropCategory, drop);
            GateReport report = gate.decide(current, new Baseline.Found(baseline));
            if (report.verdict() == GateReport.Verdict.BLOCKED) {
                blocked++;
            }
        }
        return new Rate(blocked, trials);
    }
}
