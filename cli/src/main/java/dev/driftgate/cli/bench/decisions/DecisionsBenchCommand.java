package dev.driftgate.cli.bench.decisions;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.flink.shadow.DriftRule;
import dev.driftgate.flink.shadow.ShadowJobOptions;
import dev.driftgate.flink.shadow.ShadowReport.Decision;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.noise.NoiseCalibration;
import dev.driftgate.gate.noise.NoiseSection;
import dev.driftgate.local.sim.VerdictNoise;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate bench decisions}: the error rates of the gate, the drift detector and the shadow
 * promotion rule, old rules against new in the same run, on seeded synthetic data whose judge has a
 * configurable verdict noise. Drives the real decision code (QualityGate, DriftTracker, PromotionRule
 * and ShadowReport.decide) with the rules built from config/ exactly as the product builds them.
 * Not a test: it prints a Markdown table for benchmarks/decisions.md.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
        description = "Measure false-alarm rates and power of the gate, drift detector and promotion rule.")
public final class DecisionsBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigDirOption configDir;

    @Option(names = "--noise", defaultValue = "0.15", description = "Judge verdict noise (sd on [0,1]).")
    double noise;
    @Option(names = "--seed", defaultValue = "13") long seed;
    @Option(names = "--only", description = "gate, drift or promotion (default: all)") String only;
    @Option(names = "--reruns", defaultValue = "100", description = "Gate trials per scenario.") int reruns;
    @Option(names = "--per-category", defaultValue = "32", description = "Gate examples per category.") int perCategory;
    @Option(names = "--judge-samples", defaultValue = "1",
            description = "Gate: judge verdicts averaged per example (judge.samples), 1-20.") int judgeSamples;
    @Option(names = "--drop", defaultValue = "0.05", description = "Planted drop (gate, drift, promotion).") double drop;
    @Option(names = "--calibration-reruns", defaultValue = "5", description = "Gate: A/A reruns for the calibration.")
    int calibrationReruns;
    @Option(names = "--rate", defaultValue = "10", description = "Drift: events per minute per category.") int rate;
    @Option(names = "--drift-days", defaultValue = "30") double driftDays;
    @Option(names = "--drift-periods", defaultValue = "2", description = "Drift A/A: periods of --drift-days.") int driftPeriods;
    @Option(names = "--detect-trials", defaultValue = "50") int detectTrials;
    @Option(names = "--campaigns", defaultValue = "1000") int campaigns;
    @Option(names = "--look-every", defaultValue = "10", description = "Promotion: samples per category between looks.") int lookEvery;
    @Option(names = "--horizon", defaultValue = "3000", description = "Promotion: max samples per category.") int horizon;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DriftgateConfig config = new ConfigLoader().load(configDir.dir());
        List<String> categories = new ArrayList<>(config.dataset().categories().keySet());
        VerdictNoise verdictNoise = new VerdictNoise(noise);
        out.printf(Locale.ROOT, "# Decision error rates (seed %d, judge verdict noise sd %.2f, %d categories)%n%n",
                seed, noise, categories.size());
        if (only == null || only.equals("gate")) {
            gate(out, config, categories, verdictNoise);
        }
        if (only == null || only.equals("drift")) {
            drift(out, config, categories.size(), verdictNoise);
        }
        if (only == null || only.equals("promotion")) {
            promotion(out, config, categories.size(), verdictNoise);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void gate(PrintWriter out, DriftgateConfig config, List<String> categories, VerdictNoise vn) {
        if (judgeSamples < 1 || judgeSamples > 20) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--judge-samples must be within 1-20 (as judge.samples), got " + judgeSamples);
        }
        SyntheticRuns runs = new SyntheticRuns(categories, perCategory, config.scorer(), vn, judgeSamples, seed);
        GateScenarios s = new GateScenarios(runs, categories.get(0));
        GatePolicy base = GatePolicy.from(config.scorer());
        out.printf(Locale.ROOT, "## Gate (%d examples per category, %d judge sample(s) each, %d reruns, drop %.2f"
                        + " planted in %s)%n%n", perCategory, judgeSamples, reruns, drop, categories.get(0));
        out.println("| rule | A/A false-block rate | power at the planted drop |");
        out.println("| --- | --- | --- |");
        for (GatePolicy p : List.of(base.withRequireSignificance(false), base.withRequireSignificance(true))) {
            String name = p.requireSignificance() ? "delta + bootstrap CI (require_significance)" : "delta only (default)";
            out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, s.blockRate(p, null, reruns, 0, seed + 1),
                    s.blockRate(p, null, reruns, drop, seed + 2));
            out.flush();
        }
        NoiseCalibration calibration = s.calibrate(calibrationReruns, config.scorer().gate().confidence(),
                config.scorer().gate().power(), seed + 6);
        GatePolicy aware = base.withNoiseAware(true);
        out.printf(Locale.ROOT, "| noise_aware (calibrated from %d A/A reruns) | %s | %s |%n", calibrationReruns,
                s.blockRate(aware, calibration, reruns, 0, seed + 1), s.blockRate(aware, calibration, reruns, drop, seed + 2));
        out.print(NoiseSection.render(calibration, base.regressionDelta(), true));
        out.println();
    }

    private void drift(PrintWriter out, DriftgateConfig config, int categories, VerdictNoise vn) {
        long windowMillis = config.shadow().windows().sizeMinutes() * 60_000L;
        DriftScenarios s = new DriftScenarios(vn, rate, windowMillis);
        out.printf(Locale.ROOT, "## Drift detector (%d events/min/category, %d-minute windows, drop %.2f in mean delta)%n%n",
                rate, config.shadow().windows().sizeMinutes(), drop);
        out.println("| method | false alerts per " + (int) driftDays + " days (all categories) | median / p90 time to detect | not detected in 24 h |");
        out.println("| --- | --- | --- | --- |");
        for (String method : List.of(ShadowConfig.Drift.WINDOW_MEAN, ShadowConfig.Drift.CUSUM)) {
            DriftRule rule = driftRule(config, method, categories);
            SplittableRandom r = new SplittableRandom(seed + 3);
            long alerts = 0;
            for (int p = 0; p < driftPeriods; p++) {
                alerts += s.falseAlerts(rule, categories, driftDays, r);
            }
            List<Double> times = new ArrayList<>();
            int missed = 0;
            for (int t = 0; t < detectTrials; t++) {
                double m = s.minutesToDetect(rule, -drop, 6, 24, r);
                if (Double.isNaN(m)) {
                    missed++;
                } else {
                    times.add(m);
                }
            }
            List<Double> sorted = DriftScenarios.sorted(times);
            out.printf(Locale.ROOT, "| %s | %.2f (%d in %d periods) | %s / %s min | %d/%d |%n", method,
                    (double) alerts / driftPeriods, alerts, driftPeriods,
                    sorted.isEmpty() ? "-" : fmt(sorted.get(sorted.size() / 2)),
                    sorted.isEmpty() ? "-" : fmt(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(0.9 * sorted.size())))),
                    missed, detectTrials);
            out.flush();
        }
        out.println();
    }

    private void promotion(PrintWriter out, DriftgateConfig config, int categories, VerdictNoise vn) {
        ShadowConfig.Promotion p = config.shadow().promotion();
        PromotionScenarios s = new PromotionScenarios(vn, categories, lookEvery, horizon);
        out.printf(Locale.ROOT, "## Shadow promotion (%d campaigns, a look every %d samples per category up to %d, "
                        + "min_samples %d, max_allowed_drop %.2f; worse = candidate %.2f worse in one category)%n%n",
                campaigns, lookEvery, horizon, p.minSamples(), p.maxAllowedDrop(), drop);
        out.println("| method | wrong BLOCK at delta 0 (any look) | first decision BLOCK at delta 0 | wrong PROMOTE when worse (any look) "
                + "| first decision PROMOTE when worse | median samples/category to decision (delta 0 / worse) | undecided at horizon (0 / worse) |");
        out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String method : List.of(ShadowConfig.Promotion.FIXED_CI, ShadowConfig.Promotion.CONFIDENCE_SEQUENCE)) {
            ShadowConfig.Promotion rule = new ShadowConfig.Promotion(p.minSamples(), p.maxAllowedDrop(),
                    p.requireCiClear(), method, p.alpha());
            PromotionScenarios.Result aa = s.run(rule, campaigns, 0, Decision.BLOCK, seed + 4);
            PromotionScenarios.Result worse = s.run(rule, campaigns, -drop, Decision.PROMOTE, seed + 5);
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s / %s | %s / %s |%n", method, aa.everWrong(),
                    aa.firstWrong(), worse.everWrong(), worse.firstWrong(), fmt(aa.medianSamples()),
                    fmt(worse.medianSamples()), aa.undecided(), worse.undecided());
            out.flush();
        }
        out.println();
    }

    /** The detector's rule for a method, built by the job's own options code. */
    private static DriftRule driftRule(DriftgateConfig config, String method, int categories) {
        ShadowConfig s = config.shadow();
        ShadowConfig.Drift d = s.drift();
        ShadowConfig.Drift drift = new ShadowConfig.Drift(d.threshold(), d.windowsInMean(), d.maxMeanDeltaDrop(),
                d.alertCooldownMinutes(), method, d.falseAlarmDays());
        ShadowConfig changed = new ShadowConfig(s.shadowPct(), s.routing(), s.candidateModel(), s.productionModel(),
                s.maxPromptBytes(), s.storeRawPrompts(), s.kafka(), s.judge(), s.windows(), drift, s.promotion(),
                s.candidateOverrides(), s.retention());
        return ShadowJobOptions.from(changed, categories, null).driftRule();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
