package dev.driftgate.cli.bench.decisions;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.GateReport;
import dev.driftgate.gate.QualityGate;
import dev.driftgate.gate.noise.NoiseCalibration;
import java.util.ArrayList;
import java.util.List;
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

    /** Calibration from R A/A reruns, as {@code driftgate calibrate} measures it. */
    NoiseCalibration calibrate(int reruns, double confidence, double power, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<EvalRun> aa = new ArrayList<>();
        for (int i = 0; i < reruns; i++) {
            aa.add(runs.run("calib-" + i, r, null, 0));
        }
        return NoiseCalibration.measure(aa, confidence, power);
    }

    /** Share of trials the gate blocked. */
    Rate blockRate(GatePolicy policy, NoiseCalibration calibration, int trials, double drop, long seed) {
        QualityGate gate = new QualityGate(policy, calibration);
        SplittableRandom r = new SplittableRandom(seed);
        long blocked = 0;
        for (int t = 0; t < trials; t++) {
            EvalRun baseline = runs.run("base-" + t, r, null, 0);
            EvalRun current = runs.run("cur-" + t, r, drop == 0 ? null : dropCategory, drop);
            GateReport report = gate.decide(current, new Baseline.Found(baseline, null));
            if (report.verdict() == GateReport.Verdict.BLOCKED) {
                blocked++;
            }
        }
        return new Rate(blocked, trials);
    }
}
