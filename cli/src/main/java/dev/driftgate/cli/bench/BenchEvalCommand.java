package dev.driftgate.cli.bench;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.metrics.BertScorer;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.TextPair;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.flink.eval.EvalRunner;
import dev.driftgate.flink.ops.EvalItemSteps;
import dev.driftgate.flink.ops.TextMetricsFactory;
import dev.driftgate.local.sim.LatencySpec;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimModel;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.flink.api.common.RuntimeExecutionMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate bench-eval}: the bounded eval job against the simulator at a fixed latency,
 * compared in the same run with the ideal (examples x 2 calls x latency / concurrency) plus the
 * measured startup, and with a sequential loop doing the same calls one at a time (timed on a
 * sample and scaled). Not a test; results go to benchmarks/flinkbatch.md.
 */
@Command(name = "bench-eval", mixinStandardHelpOptions = true,
        description = "Benchmark the eval job against the simulator (wall time vs ideal and vs a sequential loop).")
public final class BenchEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--examples", defaultValue = "1000") int examples;
    @Option(names = "--latency-ms", defaultValue = "200") long latencyMs;
    @Option(names = "--concurrency", defaultValue = "32") int concurrency;
    @Option(names = "--judge-samples", description = "judge.samples for the run (default: the config's).")
    Integer judgeSamples;
    @Option(names = "--baseline-sample", defaultValue = "40",
            description = "Examples the sequential loop runs (0: skip); its per-example time is scaled to --examples.")
    int baselineSample;
    @Option(names = "--bertscore", description = "Score with the real BERTScore (MiniLM on DJL) instead of "
            + "skipping text metrics; then the run is bound by BERTScore's CPU time, not the calls.")
    boolean bertscore;

    @Mixin
    ConfigDirOption.WithLegacyAlias configDirOption = new ConfigDirOption.WithLegacyAlias();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path configDir = configDirOption.dir();
        DriftgateConfig config = new ConfigLoader().load(configDir);
        Path work = Files.createTempDirectory("bench-eval");
        Path dataset = syntheticDataset(work, examples, Path.of(config.dataset().paths().golden()));
        List<SimModel> models = List.of(SimModel.of("bench-model", 0.9, LatencySpec.fixed(latencyMs)),
                SimModel.of("judge-bench", 1.0, LatencySpec.fixed(latencyMs)));
        try (LlmSimulator sim = new LlmSimulator(new SimulatorConfig(null, 512, models), ReferenceAnswers.none())
                .start(0)) {
            Map<String, String> endpoints = Map.of("OPENAI_BASE_URL", sim.baseUrl());
            DriftgateConfig benchConfig = withJudge(config, "openai/judge-bench");
            EvalRunner.Parts real = EvalRunner.Parts.real(benchConfig, configDir, endpoints, null);
            EvalRunner.Parts parts = bertscore ? real : new EvalRunner.Parts(real.inferenceClients(),
                    real.judgeClients(), real.judges(), new NoTextMetrics());

            // startup: the same job over 1 example with the simulator answering at once, run twice so the
            // second (the one counted) pays MiniCluster start and job deployment but not first-use class loading
            sim.setLatencyOverrideMs(0L);
            Path one = syntheticDataset(work.resolve("one"), 1, Path.of(config.dataset().paths().golden()));
            long t00 = System.nanoTime();
            run(benchConfig, parts, one, endpoints, work.resolve("warmup"));
            double firstJobS = (System.nanoTime() - t00) / 1e9;
            long t0 = System.nanoTime();
            run(benchConfig, parts, one, endpoints, work.resolve("startup"));
            double startupS = (System.nanoTime() - t0) / 1e9;
            sim.setLatencyOverrideMs(null);

            long t1 = System.nanoTime();
            EvalRun run = run(benchConfig, parts, dataset, endpoints, work.resolve("out"));
            double wallS = (System.nanoTime() - t1) / 1e9;
            long failed = run.examples().stream().filter(e -> e.failed()).count();

            double idealS = examples * 2.0 * latencyMs / 1000.0 / concurrency;
            out.printf("examples=%d latency=%dms concurrency=%d text_metrics=%s%n", examples, latencyMs, concurrency,
                    bertscore ? "rouge-l+bertscore" : "skipped");
            out.printf("startup (1-example job, 0 ms model) = %.2f s (first job in this JVM: %.2f s)%n", startupS,
                    firstJobS);
            out.printf("flink job wall = %.2f s, failed examples = %d%n", wallS, failed);
            out.printf("ideal = %.2f s; ideal + startup = %.2f s; wall / (ideal + startup) = %.3f (target <= 1.3 x ideal "
                    + "+ startup: %s)%n", idealS, idealS + startupS, wallS / (idealS + startupS),
                    wallS <= 1.3 * idealS + startupS ? "met" : "NOT met");
            if (baselineSample > 0) {
                double perExample = sequentialSecondsPerExample(benchConfig, endpoints, dataset, baselineSample);
                double sequentialS = perExample * examples;
                out.printf("sequential loop: %.3f s/example over %d examples -> %.1f s for %d; speedup = %.1fx "
                        + "(target >= 20x: %s)%n", perExample, baselineSample, sequentialS, examples,
                        sequentialS / wallS, sequentialS / wallS >= 20 ? "met" : "NOT met");
                out.printf("speedup excluding startup = %.1fx%n", sequentialS / Math.max(1e-9, wallS - startupS));
            }
            out.printf("heap: max %d MiB, peak used %d MiB; RSS peak %s%n",
                    Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed() >> 20, rssPeak());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private EvalRun run(DriftgateConfig config, EvalRunner.Parts parts, Path dataset, Map<String, String> endpoints,
                        Path outDir) throws Exception {
        EvalRunner runner = new EvalRunner(null, Clock.systemUTC(), Map.of());
        return runner.run(new EvalRunner.Request(configDirOption.dir(), config, dataset, "openai/bench-model", Map.of("env", "bench"),
                concurrency, null, outDir, endpoints, null, RuntimeExecutionMode.BATCH, 1), parts,
                new EvalRunner.Listener() { });
    }

    /** The same two calls per example, one at a time, through the same clients and judge. */
    private double sequentialSecondsPerExample(DriftgateConfig config, Map<String, String> endpoints, Path dataset,
                                               int sample) throws Exception {
        EvalRunner.Parts parts = EvalRunner.Parts.real(config, configDirOption.dir(), endpoints, null);
        var request = new EvalItemSteps.InferenceRequest("openai/bench-model", config.modelVersion().systemPrompt(),
                0.0, config.scorer().inference().maxTokens(), config.modelVersion().promptTemplateVersion());
        List<String> lines = Files.readAllLines(dataset).subList(0, Math.min(sample, examples));
        try (ModelClient inference = parts.inferenceClients().create();
             ModelClient judgeClient = parts.judgeClients().create()) {
            var judge = parts.judges().create(judgeClient);
            long t = System.nanoTime();
            for (String line : lines) {
                var ex = Json.mapper().readValue(line, dev.driftgate.core.dataset.GoldenExample.class);
                ModelRequest r = request.request(dev.driftgate.flink.ops.EvalItem.of(ex));
                String answer = inference.complete(r).text();
                judge.judgeWithReference(ex.prompt(), answer, ex.referenceResponse());
            }
            return (System.nanoTime() - t) / 1e9 / lines.size();
        }
    }

    static Path syntheticDataset(Path dir, int n, Path golden) throws Exception {
        Files.createDirectories(dir);
        List<String> source = Files.readAllLines(golden);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(source.get(i % source.size()));
            node.put("id", String.format("bench-%06d", i));
            node.put("prompt", node.get("prompt").asText() + " (variant " + i + ")");
            lines.add(Json.mapper().writeValueAsString(node));
        }
        Path file = dir.resolve("bench_dataset.jsonl");
        Files.write(file, lines);
        return file;
    }

    private DriftgateConfig withJudge(DriftgateConfig c, String judgeModel) {
        var s = c.scorer();
        var j = s.judge();
        var scorer = new dev.driftgate.core.config.ScorerConfig(
                new dev.driftgate.core.config.ScorerConfig.JudgeSettings(judgeModel, j.temperature(), j.maxRetries(),
                        j.rubricTemplateVersion(), j.pairwiseOrderSwap(), judgeSamples == null ? j.samples() : judgeSamples),
                s.inference(), s.thresholds(), s.metricWeights(), s.bertscore(), s.rouge(), s.categoryWeights(),
                s.gate(), s.tracking(), s.pricing());
        return new DriftgateConfig(c.dataset(), scorer, c.modelVersion(), c.shadow(), c.configHash());
    }

    private static long peakHeapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String rssPeak() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(6).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** Benchmark-only: isolates the async I/O by scoring every pair 0 (text metrics are benchmarked by wip/metrics). */
    static final class NoTextMetrics implements TextMetricsFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public BertScorer bertScorer() {
            return pairs -> pairs.stream().map(p -> Prf.ZERO).toList();
        }

        @Override
        public Function<TextPair, Prf> rougeL() {
            return p -> Prf.ZERO;
        }
    }
}
