package dev.driftgate.gate;

import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds EvalRuns whose category scores and overall are consistent with their examples. */
public final class TestRuns {
    public static final Map<String, Double> WEIGHTS = Map.of(
            "factual_qa", 0.25, "reasoning", 0.20, "summarization", 0.15,
            "instruction_following", 0.20, "safety", 0.20);

    private final String runId;
    private final Map<String, double[]> composites = new LinkedHashMap<>();
    private String datasetVersion = "ds-1";
    private Map<String, String> tags = Map.of("env", "ci");
    private Instant startedAt = Instant.parse("2026-11-27T10:00:00Z");
    private String idPrefix = "";

    private TestRuns(String runId) {
        this.runId = runId;
    }

    public static TestRuns run(String runId) {
        return new TestRuns(runId);
    }

    /** Every category at the same constant composite, n examples each. */
    public static TestRuns uniform(String runId, double composite, int n) {
        TestRuns r = run(runId);
        for (String c : WEIGHTS.keySet().stream().sorted().toList()) {
            r.category(c, constant(composite, n));
        }
        return r;
    }

    public TestRuns category(String name, double[] values) {
        composites.put(name, values);
        return this;
    }

    public TestRuns without(String name) {
        composites.remove(name);
        return this;
    }

    public TestRuns datasetVersion(String v) {
        datasetVersion = v;
        return this;
    }

    public TestRuns tags(Map<String, String> t) {
        tags = t;
        return this;
    }

    public TestRuns startedAt(Instant t) {
        startedAt = t;
        return this;
    }

    /** Changes the example ids (e.g. "v2-") so they no longer match another run's. */
    public TestRuns idPrefix(String prefix) {
        idPrefix = prefix;
        return this;
    }

    public static double[] constant(double value, int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** n values around mean with uniform noise of +-spread, deterministic per seed, clamped to [0,1]. */
    public static double[] noisy(double mean, double spread, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.max(0, Math.min(1, mean + (r.nextDouble() * 2 - 1) * spread));
        }
        return a;
    }

    public static double[] shifted(double[] values, double by) {
        double[] a = values.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] += by;
        }
        return a;
    }

    public EvalRun build() {
        List<ExampleResult> examples = new ArrayList<>();
        Map<String, CategoryScore> cats = new LinkedHashMap<>();
        double weighted = 0;
        double weightSum = 0;
        for (Map.Entry<String, double[]> e : composites.entrySet()) {
            double sum = 0;
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                String id = idPrefix + e.getKey() + "-" + i;
                double c = v[i];
                examples.add(new ExampleResult(id, e.getKey(), "Prompt number " + i + " about " + e.getKey(),
                        "reference", "response", new Prf(c, c, c), new Prf(c, c, c),
                        new JudgeVerdict(c, c, c, c, "ok", 1, 5, false, null, null), c, 10, 5, false, null, null));
                sum += c;
            }
            double mean = sum / v.length;
            cats.put(e.getKey(), new CategoryScore(e.getKey(), v.length, 0, mean, mean, mean, mean));
            double w = WEIGHTS.getOrDefault(e.getKey(), 0.0);
            weighted += w * mean;
            weightSum += w;
        }
        return new EvalRun(runId, startedAt, startedAt.plusSeconds(60), EvalRun.Status.COMPLETED, "abc123", 7,
                "openai/sim-good", "openai/judge-sim", "chat-v1", "sp-hash", datasetVersion, "cfg-hash", tags,
                weightSum == 0 ? 0 : weighted / weightSum, cats, examples, Map.of(), 0);
    }

    public static GatePolicy policy(boolean requireSignificance) {
        return new GatePolicy(0.80, 0.72, 0.05, requireSignificance, 10_000, 42L, WEIGHTS);
    }
}
