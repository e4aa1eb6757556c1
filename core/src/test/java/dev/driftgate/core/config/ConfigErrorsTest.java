package dev.driftgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad config is refused at start with the file, the key path and the line. */
class ConfigErrorsTest {
    private static final Path PROJECT_CONFIG = Path.of("..", "config");

    @TempDir
    Path dir;

    /** Copies the project's config and replaces {@code from} by {@code to} in one file. */
    private Path configWith(String file, String from, String to) throws IOException {
        for (String f : List.of(ConfigLoader.DATASET, ConfigLoader.SCORER, ConfigLoader.MODEL_VERSION,
                ConfigLoader.SHADOW)) {
            Files.copy(PROJECT_CONFIG.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path target = dir.resolve(file);
        String text = Files.readString(target);
        assertThat(text).as("test setup: %s must contain %s", file, from).contains(from);
        Files.writeString(target, text.replace(from, to));
        return dir;
    }

    private ConfigException failure(String file, String from, String to) throws IOException {
        Path config = configWith(file, from, to);
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> new ConfigLoader().load(config));
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    /** The error names {@code file}, {@code key} and the line holding {@code lineText}; its message is exact. */
    private void assertError(ConfigException e, String file, String key, String lineText, String reason)
            throws IOException {
        assertPlace(e, file, key, lineText);
        assertThat(e.getMessage()).isEqualTo(e.file() + ":" + e.line() + ": " + key + ": " + reason);
    }

    /** As {@link #assertError} where only part of the reason is ours (the rest is Jackson's wording). */
    private void assertErrorContaining(ConfigException e, String file, String key, String lineText,
                                       String reasonPart) throws IOException {
        assertPlace(e, file, key, lineText);
        assertThat(e.getMessage()).startsWith(e.file() + ":" + e.line() + ": " + key + ": ").contains(reasonPart);
    }

    private void assertPlace(ConfigException e, String file, String key, String lineText) throws IOException {
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.file()).endsWith(file);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.line()).isEqualTo(lineOf(dir.resolve(file), lineText));
    }

    @Test
    void projectConfigLoads() {
        assertThat(new ConfigLoader().load(PROJECT_CONFIG).dataset().limits().maxLineBytes()).isEqualTo(1048576);
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        ConfigException e = failure(ConfigLoader.SHADOW, "routing: hash", "routing: hash\nrouting_mode: hash");
        assertError(e, ConfigLoader.SHADOW, "routing_mode", "routing_mode:", "unknown key 'routing_mode'");
    }

    @Test
    void unknownNestedKey() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  rouge_l: 0.20", "  rouge_l: 0.20\n  bleu: 0.0");
        assertError(e, ConfigLoader.SCORER, "metric_weights.bleu", "bleu:", "unknown key 'bleu'");
    }

    @Test
    void wrongTypeStringForNumber() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  overall: 0.80", "  overall: \"high\"");
        assertErrorContaining(e, ConfigLoader.SCORER, "thresholds.overall", "overall: \"high\"", "wrong type");
    }

    @Test
    void wrongTypeFractionForInteger() throws IOException {
        ConfigException e = failure(ConfigLoader.DATASET, "max_line_bytes: 1048576", "max_line_bytes: 1.5");
        assertErrorContaining(e, ConfigLoader.DATASET, "limits.max_line_bytes", "max_line_bytes: 1.5", "wrong type");
    }

    @Test
    void missingKey() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  regression_alert_delta: 0.05\n", "");
        // the key is not in the file, so the line is its parent's
        assertError(e, ConfigLoader.SCORER, "thresholds.regression_alert_delta", "thresholds:", "missing key");
    }

    @Test
    void metricWeightsWithinToleranceOfOneAreAccepted() throws IOException {
        // 0.3000000009 + 0.20 + 0.50 is 1 + 9e-10, inside the 1e-9 tolerance
        Path config = configWith(ConfigLoader.SCORER, "  bertscore: 0.30", "  bertscore: 0.3000000009");
        assertThat(new ConfigLoader().load(config).scorer().metricWeights().bertscore()).isEqualTo(0.3000000009);
    }

    @Test
    void metricWeightsJustAboveOneAreRejected() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  bertscore: 0.30", "  bertscore: 0.3000000011");
        assertErrorContaining(e, ConfigLoader.SCORER, "metric_weights", "metric_weights:",
                "weights must sum to 1 (+/- 1e-9), got 1.000000001");
    }

    @Test
    void metricWeightsJustBelowOneAreRejectedAndInsideAccepted() throws IOException {
        assertThat(failure(ConfigLoader.SCORER, "  bertscore: 0.30", "  bertscore: 0.2999999989").key())
                .isEqualTo("metric_weights");
        Path config = configWith(ConfigLoader.SCORER, "  bertscore: 0.30", "  bertscore: 0.2999999991");
        assertThat(new ConfigLoader().load(config).scorer().metricWeights().bertscore()).isEqualTo(0.2999999991);
    }

    @Test
    void categoryWeightsMustSumToOne() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  safety: 0.20", "  safety: 0.25");
        assertErrorContaining(e, ConfigLoader.SCORER, "category_weights", "category_weights:",
                "weights must sum to 1 (+/- 1e-9), got 1.05");
    }

    @Test
    void thresholdAboveOneIsRejected() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  per_category_min: 0.72", "  per_category_min: 1.01");
        assertError(e, ConfigLoader.SCORER, "thresholds.per_category_min", "per_category_min:",
                "must be within [0, 1], got 1.01");
    }

    @Test
    void decisionMethodsAreValidated() throws IOException {
        ConfigException promotion = failure(ConfigLoader.SHADOW, "  method: confidence_sequence ", "  method: peeking ");
        assertError(promotion, ConfigLoader.SHADOW, "promotion.method", "method: peeking",
                "must be one of [fixed_ci, confidence_sequence], got 'peeking'");
        ConfigException drift = failure(ConfigLoader.SHADOW, "  method: cusum ", "  method: ewma ");
        assertError(drift, ConfigLoader.SHADOW, "drift.method", "method: ewma",
                "must be one of [window_mean, cusum], got 'ewma'");
        ConfigException alpha = failure(ConfigLoader.SHADOW, "  alpha: 0.05 ", "  alpha: 0.5 ");
        assertError(alpha, ConfigLoader.SHADOW, "promotion.alpha", "alpha: 0.5", "must be within (0, 0.5), got 0.5");
        ConfigException days = failure(ConfigLoader.SHADOW, "  false_alarm_days: 30 ", "  false_alarm_days: 0.5 ");
        assertError(days, ConfigLoader.SHADOW, "drift.false_alarm_days", "false_alarm_days: 0.5", "must be >= 1, got 0.5");
    }

    @Test
    void overloadSheddingIsValidated() throws IOException {
        assertThat(new ConfigLoader().load(PROJECT_CONFIG).shadow().overload())
                .isEqualTo(new ShadowConfig.Overload(false, 30, 5));
        ConfigException lag = failure(ConfigLoader.SHADOW, "  target_lag_seconds: 30 ", "  target_lag_seconds: 0 ");
        assertError(lag, ConfigLoader.SHADOW, "overload.target_lag_seconds", "target_lag_seconds: 0",
                "must be >= 1, got 0");
        ConfigException every = failure(ConfigLoader.SHADOW, "  adjust_every_seconds: 5 ", "  adjust_every_seconds: 0 ");
        assertError(every, ConfigLoader.SHADOW, "overload.adjust_every_seconds", "adjust_every_seconds: 0",
                "must be >= 1, got 0");
        ConfigException flag = failure(ConfigLoader.SHADOW, "  shed: false ", "  shed: maybe ");
        assertThat(flag).isNotNull();
        assertThat(flag.key()).isEqualTo("overload.shed");
    }

    @Test
    void dailySpendBudgetIsReadAndValidated() throws IOException {
        assertThat(new ConfigLoader().load(PROJECT_CONFIG).shadow().overload().dailyBudgetUsd()).isZero();
        assertThat(new ConfigLoader().load(configWith(ConfigLoader.SHADOW, "  daily_budget_usd: 0 ",
                "  daily_budget_usd: 12.5 ")).shadow().overload()).isEqualTo(new ShadowConfig.Overload(false, 30, 5, 12.5));
        ConfigException negative = failure(ConfigLoader.SHADOW, "  daily_budget_usd: 0 ", "  daily_budget_usd: -1 ");
        assertError(negative, ConfigLoader.SHADOW, "overload.daily_budget_usd", "daily_budget_usd: -1",
                "must be a number >= 0 (0 = no budget), got -1.0");
        ConfigException notANumber = failure(ConfigLoader.SHADOW, "  daily_budget_usd: 0 ", "  daily_budget_usd: lots ");
        assertThat(notANumber).isNotNull();
        assertThat(notANumber.key()).isEqualTo("overload.daily_budget_usd");
    }

    @Test
    void thresholdBelowZeroIsRejected() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  overall: 0.80", "  overall: -0.01");
        assertError(e, ConfigLoader.SCORER, "thresholds.overall", "  overall:", "must be within [0, 1], got -0.01");
    }

    @Test
    void thresholdsOnTheBoundsAreAccepted() throws IOException {
        Path config = configWith(ConfigLoader.SCORER, "  overall: 0.80", "  overall: 1.0");
        Files.writeString(config.resolve(ConfigLoader.SCORER),
                Files.readString(config.resolve(ConfigLoader.SCORER)).replace("per_category_min: 0.72",
                        "per_category_min: 0.0"));
        ScorerConfig.Thresholds t = new ConfigLoader().load(config).scorer().thresholds();
        assertThat(t.overall()).isEqualTo(1.0);
        assertThat(t.perCategoryMin()).isEqualTo(0.0);
    }

    @Test
    void categoryWeightForAnUndefinedCategory() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  safety: 0.20", "  toxicity: 0.20");
        assertError(e, ConfigLoader.SCORER, "category_weights.toxicity", "toxicity:",
                "category 'toxicity' is not defined in dataset_config.yaml (defined: factual_qa, reasoning, "
                        + "summarization, instruction_following, safety)");
    }

    @Test
    void notYamlAtAll() throws IOException {
        ConfigException e = failure(ConfigLoader.SHADOW, "routing: hash", "routing: \"hash");
        assertThat(e.getMessage()).contains("shadow_config.yaml").contains("not valid YAML");
        assertThat(e.line()).isPositive();
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> new ConfigLoader().load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dataset_config.yaml").hasMessageContaining("cannot read");
    }

    // issue 18 item 13: duplicates, tabs, Java names; item 14: model names

    @Test
    void duplicateTopLevelKeyIsRefusedAtItsSecondLine() throws IOException {
        Path config = configWith(ConfigLoader.SHADOW, "candidate_model: openai/sim-candidate",
                "candidate_model: openai/sim-candidate\ncandidate_model: openai/other # second");
        ConfigException dup = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> new ConfigLoader().load(config));
        assertError(dup, ConfigLoader.SHADOW, "candidate_model", "# second",
                "duplicate key 'candidate_model' (each key may appear once)");
    }

    @Test
    void duplicateNestedKeyIsRefusedWithItsPath() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  rouge_l: 0.20", "  rouge_l: 0.20\n  rouge_l: 0.10 # again");
        assertError(e, ConfigLoader.SCORER, "metric_weights.rouge_l", "# again",
                "duplicate key 'rouge_l' (each key may appear once)");
    }

    @Test
    void aTabIsReportedOnItsOwnLine() throws IOException {
        ConfigException e = failure(ConfigLoader.SCORER, "  rouge_l: 0.20", "\trouge_l: 0.20");
        assertThat(e.line()).isEqualTo(lineOf(dir.resolve(ConfigLoader.SCORER), "\trouge_l"));
        assertThat(e.getMessage()).contains("tab").doesNotContain("\t");
    }

    @Test
    void typeErrorsSpeakInProductWordsNotJavaClasses() throws IOException {
        ConfigException fraction = failure(ConfigLoader.DATASET, "max_line_bytes: 1048576", "max_line_bytes: 1.5");
        assertError(fraction, ConfigLoader.DATASET, "limits.max_line_bytes", "max_line_bytes: 1.5",
                "wrong type: expected a whole number, got 1.5");
        ConfigException text = failure(ConfigLoader.SCORER, "  overall: 0.80", "  overall: \"high\"");
        assertError(text, ConfigLoader.SCORER, "thresholds.overall", "overall: \"high\"",
                "wrong type: expected a number, got \"high\"");
        ConfigException flag = failure(ConfigLoader.SHADOW, "store_raw_prompts: false", "store_raw_prompts: 7");
        assertThat(flag.getMessage()).contains("expected true or false");
        for (ConfigException e : java.util.List.of(fraction, text, flag)) {
            assertThat(e.getMessage()).doesNotContainPattern("java\\.|`int`|`double`|Integer|Double|Boolean");
        }
    }

    @Test
    void modelNamesWithControlCharactersOrNewlinesAreRefused() throws IOException {
        ConfigException esc = failure(ConfigLoader.MODEL_VERSION, "current_model: openai/sim-good\n",
                "current_model: \"openai/sim\\e[2Jgood\"\n");
        assertThat(esc.key()).isEqualTo("current_model");
        assertThat(esc.getMessage()).contains("control characters").contains("\\x1b").doesNotContain("\u001b");
        ConfigException newline = failure(ConfigLoader.SHADOW, "candidate_model: openai/sim-candidate",
                "candidate_model: \"openai/sim\\nINFO forged\"");
        assertThat(newline.key()).isEqualTo("candidate_model");
        assertThat(newline.getMessage()).doesNotContain("\n");
    }
}
