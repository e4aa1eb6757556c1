package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.LlmClientFactory;
import dev.driftgate.flink.ops.LlmJudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TaskEnvironment;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real scoring components, the same factories as the bounded job: core's model clients
 * (LangChain4j, per-provider rate limits; the request names the event's candidate_model), the LLM
 * judge of scorer_config.yaml with its rubric, and core's BERTScore (scorer_config's bertscore
 * section) and ROUGE-L (rouge.use_stemmer). Config is read where the job is built; API keys are
 * read on the task managers and never shipped in the job graph.
 */
public final class LlmScoringComponents implements ScoringComponents {
    private static final long serialVersionUID = 1L;

    private final String configDir;
    private final Map<String, String> endpointOverrides;

    /** Config from DRIFTGATE_CONFIG_DIR (default {@code config}), everything else from the environment. */
    public LlmScoringComponents() {
        this(TaskEnvironment.get().get(Environment.CONFIG_DIR).orElse("config"), Map.of());
    }

    /** {@code endpointOverrides} are shipped with the job: endpoints such as OPENAI_BASE_URL, never secrets. */
    public LlmScoringComponents(String configDir, Map<String, String> endpointOverrides) {
        this.configDir = configDir;
        this.endpointOverrides = new HashMap<>(endpointOverrides);
    }

    private DriftgateConfig config() {
        return new ConfigLoader().load(Path.of(configDir));
    }

    @Override
    public ModelClientFactory candidateClients() {
        ScorerConfig scorer = config().scorer();
        return LlmClientFactory.of(scorer, endpointOverrides, scorer.inference().maxRetries());
    }

    @Override
    public ModelClientFactory judgeClients() {
        ScorerConfig scorer = config().scorer();
        return LlmClientFactory.of(scorer, endpointOverrides, scorer.inference().maxRetries());
    }

    @Override
    public long callBudgetMs() {
        return AsyncCallOptions.budgetMs(config().scorer());
    }

    @Override
    public JudgeFactory judges() {
        return LlmJudgeFactory.of(config(), Path.of(configDir));
    }

    @Override
    public TextMetricsFactory agreementMetrics() {
        return CoreTextMetricsFactory.of(config().scorer(), Path.of(configDir));
    }
}
