package dev.driftgate.flink.ops;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.LlmJudge;
import dev.driftgate.core.judge.RepeatedJudge;
import dev.driftgate.core.judge.RubricTemplate;
import dev.driftgate.core.llm.ModelClient;
import java.nio.file.Path;

/**
 * Builds core's {@link LlmJudge} on the task manager. The rubric text travels with the factory,
 * so a remote cluster needs no config folder. With judge.samples > 1 it is a {@link RepeatedJudge}.
 */
public record LlmJudgeFactory(String model, double temperature, int maxRetries, String rubricVersion, String rubric,
                              String pairwiseRubric, boolean orderSwap, int samples) implements JudgeFactory {
    private static final long serialVersionUID = 1L;

    /** One judge sample per answer. */
    public LlmJudgeFactory(String model, double temperature, int maxRetries, String rubricVersion, String rubric,
                           String pairwiseRubric, boolean orderSwap) {
        this(model, temperature, maxRetries, rubricVersion, rubric, pairwiseRubric, orderSwap, 1);
    }

    public static LlmJudgeFactory of(DriftgateConfig config, Path configDir) {
        ScorerConfig.JudgeSettings j = config.scorer().judge();
        RubricTemplate t = RubricTemplate.load(configDir.resolve("rubrics"), j.rubricTemplateVersion());
        return new LlmJudgeFactory(j.model(), j.temperature(), j.maxRetries(), t.version(), t.rubric(), t.pairwise(),
                j.pairwiseOrderSwap(), j.samples());
    }

    @Override
    public Judge create(ModelClient client) {
        LlmJudge judge = new LlmJudge(client, model, temperature, maxRetries, new RubricTemplate(rubricVersion, rubric,
                pairwiseRubric), true, orderSwap);
        return samples > 1 ? new RepeatedJudge(judge::forSample, samples) : judge;
    }
}
