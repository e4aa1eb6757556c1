package dev.driftgate.flink.eval;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.local.sim.LatencySpec;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimModel;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real config, a small slice of the real golden dataset, and a simulator with test models. */
final class EvalFixture {
    static final Path CONFIG_DIR = Path.of("..", "config");
    static final Path GOLDEN = Path.of("..", "data", "eval", "golden_dataset.jsonl");

    private EvalFixture() {
    }

    /** The first {@code perCategory} examples of each category, as a dataset file without a manifest. */
    static Path slice(Path dir, int perCategory) throws IOException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(GOLDEN)) {
            String category = line.replaceAll(".*\"category\":\"([a-z_]+)\".*", "$1");
            if (seen.merge(category, 1, Integer::sum) <= perCategory) {
                lines.add(line);
            }
        }
        Path file = dir.resolve("golden_slice.jsonl");
        Files.write(file, lines);
        return file;
    }

    static LlmSimulator simulator(Path dataset) {
        LatencySpec fast = LatencySpec.fixed(20);
        List<SimModel> models = List.of(
                SimModel.of("sim-good", 0.95, fast),
                SimModel.of("sim-degraded", 0.55, fast),
                SimModel.of("sim-candidate-cache", 0.85, fast),
                new SimModel("sim-flaky", 0.95, LatencySpec.fixed(5), 0.2, 0, 0.1, 0),
                SimModel.of("sim-slow", 0.95, LatencySpec.fixed(3_000)),
                SimModel.of("judge-sim", 1.0, fast),
                new SimModel("judge-broken", 1.0, LatencySpec.fixed(5), 0, 0, 0, 1.0));
        return new LlmSimulator(new SimulatorConfig(dataset.toString(), 64, models), ReferenceAnswers.load(dataset))
                .start(0);
    }

    static DriftgateConfig config() {
        return new ConfigLoader().load(CONFIG_DIR);
    }

    /** The config with another judge model and per-call timeout. */
    static DriftgateConfig with(DriftgateConfig c, String judgeModel, int timeoutSeconds, int maxRetries) {
        ScorerConfig s = c.scorer();
        ScorerConfig.JudgeSettings j = s.judge();
        ScorerConfig.InferenceSettings i = s.inference();
        ScorerConfig scorer = new ScorerConfig(
                new ScorerConfig.JudgeSettings(judgeModel, j.temperature(), j.maxRetries(), j.rubricTemplateVersion(),
                        j.pairwiseOrderSwap()),
                new ScorerConfig.InferenceSettings(i.temperature(), i.maxTokens(), timeoutSeconds, maxRetries,
                        i.concurrency(), i.maxFailedFraction()),
                s.thresholds(), s.metricWeights(), s.bertscore(), s.rouge(), s.categoryWeights(), s.gate(),
                s.tracking(), s.pricing());
        return new DriftgateConfig(c.dataset(), scorer, c.modelVersion(), c.shadow(), c.configHash());
    }
}
