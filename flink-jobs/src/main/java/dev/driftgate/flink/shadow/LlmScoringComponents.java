package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.LlmJudge;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.metrics.BertScorer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * The real scoring components: the candidate through {@link ModelClients} (LangChain4j providers with
 * retries and rate limits, routed by the event's candidate_model), the {@link LlmJudge} of
 * scorer_config.yaml with its rubric. Built inside each task from the config directory and the
 * TaskManager's environment (API keys are read there and never shipped in the job graph).
 *
 * <p>Agreement metrics: BERTScore and ROUGE-L live on the metrics branch, not merged yet; until then
 * they are reported as missing (NULL in shadow_evals), never as a made-up number. The lead swaps
 * {@link #bertScorer()} to {@code new DjlBertScorer(BertScoreOptions.from(...))} and {@link #rougeL()}
 * to {@code new RougeScorer(true).rougeL(reference, candidate).f1()}.
 */
public final class LlmScoringComponents implements ScoringComponents {
    private final String configDir;
    private final Map<String, String> envOverrides;

    /** Config from DRIFTGATE_CONFIG_DIR (default {@code config}), everything else from the environment. */
    public LlmScoringComponents() {
        this(System.getenv().getOrDefault("DRIFTGATE_CONFIG_DIR", "config"), Map.of());
    }

    /** {@code envOverrides} are shipped with the job: endpoints such as OPENAI_BASE_URL, never secrets. */
    public LlmScoringComponents(String configDir, Map<String, String> envOverrides) {
        this.configDir = configDir;
        this.envOverrides = new HashMap<>(envOverrides);
    }

    private DriftgateConfig config() {
        return new ConfigLoader().load(Path.of(configDir));
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(envOverrides);
        return env;
    }

    @Override
    public ModelClient candidateClient() {
        return ModelClients.create(config(), env());
    }

    @Override
    public Judge judge() {
        DriftgateConfig c = config();
        return LlmJudge.create(c, Path.of(configDir), ModelClients.create(c, env()));
    }

    @Override
    public BertScorer bertScorer() {
        return pairs -> {
            throw new UnsupportedOperationException("BERTScore is not merged yet (metrics branch)");
        };
    }

    @Override
    public ToDoubleBiFunction<String, String> rougeL() {
        return (candidate, reference) -> Double.NaN;
    }

    /** For messages: which metrics are still missing. */
    public static List<String> missingMetrics() {
        return List.of("bertscore", "rouge_l");
    }
}
