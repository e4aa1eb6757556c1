package dev.driftgate.core.run;

import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ModelVersionConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.llm.LlmSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every parameter that shaped a run's scores, as a flat sorted key -> value map ({@link EvalRun#params}):
 * two runs with the same config hash can still differ in --limit, --sim, the endpoint or the branch,
 * and a reviewer must be able to see that. Only endpoint hosts are recorded, never URLs with
 * credentials, paths or keys.
 */
public final class RunParameters {
    /** What the eval command knows beyond the config files. */
    public record Inputs(Path configDir, String model, String judgeModel, String datasetVersion, Integer limit,
                         boolean simulated, Map<String, String> env, String gitSha, Integer prNumber) {
    }

    private RunParameters() {
    }

    public static SortedMap<String, String> of(DriftgateConfig config, Inputs in) {
        ScorerConfig s = config.scorer();
        ModelVersionConfig mv = config.modelVersion();
        LlmSettings endpoints = LlmSettings.from(s, in.env());
        SortedMap<String, String> p = new TreeMap<>();
        put(p, "model", in.model());
        put(p, "model.temperature", s.inference().temperature());
        put(p, "model.max_tokens", s.inference().maxTokens());
        put(p, "endpoint.host", in.model() == null ? null : endpoints.hostFor(in.model()));
        put(p, "judge.model", in.judgeModel());
        put(p, "judge.temperature", s.judge().temperature());
        put(p, "judge.max_tokens", dev.driftgate.core.judge.LlmJudge.MAX_TOKENS);
        put(p, "judge.endpoint.host", in.judgeModel() == null ? null : endpoints.hostFor(in.judgeModel()));
        put(p, "rubric.version", s.judge().rubricTemplateVersion());
        put(p, "rubric.hash", shortHash(ConfigLoader.rubricsHash(in.configDir())));
        put(p, "metric_weights.bertscore", s.metricWeights().bertscore());
        put(p, "metric_weights.rouge_l", s.metricWeights().rougeL());
        put(p, "metric_weights.judge", s.metricWeights().judgeScore());
        if (s.categoryWeights() != null) {
            s.categoryWeights().forEach((k, v) -> put(p, "category_weights." + k, v));
        }
        put(p, "thresholds.overall", s.thresholds().overall());
        put(p, "thresholds.per_category_min", s.thresholds().perCategoryMin());
        put(p, "thresholds.regression_alert_delta", s.thresholds().regressionAlertDelta());
        put(p, "bertscore.model", s.bertscore().model());
        put(p, "bertscore.idf", s.bertscore().idf());
        put(p, "bertscore.rescale_with_baseline", s.bertscore().rescaleWithBaseline());
        put(p, "bertscore.baseline_file", s.bertscore().baselineFile());
        put(p, "rouge.use_stemmer", s.rouge().useStemmer());
        put(p, "dataset.version", in.datasetVersion());
        put(p, "limit", in.limit() == null ? "all" : in.limit());
        put(p, "sim", in.simulated());
        put(p, "model_version.current_model", mv.currentModel());
        put(p, "model_version.baseline_model", mv.baselineModel());
        put(p, "model_version.last_updated", mv.lastUpdated());
        put(p, "model_version.updated_by", mv.updatedBy());
        put(p, "git.sha", in.gitSha());
        put(p, "git.branch", branch(in.env()));
        put(p, "git.pr", in.prNumber());
        return p;
    }

    private static String branch(Map<String, String> env) {
        String head = env.get(Environment.GITHUB_HEAD_REF);
        return head != null && !head.isBlank() ? head : env.get(Environment.GITHUB_REF_NAME);
    }

    private static String shortHash(String hash) {
        return hash == null || hash.isEmpty() ? null : hash.substring(0, Math.min(16, hash.length()));
    }

    private static void put(Map<String, String> p, String key, Object value) {
        if (value != null) {
            p.put(key, String.valueOf(value));
        }
    }
}
