package dev.driftgate.cli.score;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.LlmJudge;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.judge.RubricTemplate;
import dev.driftgate.core.llm.ModelClients;
import java.nio.file.Path;
import java.util.Map;

/** The LLM judge of core (LlmJudge over ModelClients, no response cache) for {@code score --judge MODEL}. */
public final class LlmScoreJudgeFactory implements ScoreJudgeFactory {

    @Override
    public Judge create(String model, DriftgateConfig config, Path configDir, Map<String, String> env) {
        ModelClients clients = ModelClients.create(config, env);
        try {
            clients.stack(model); // a bad model string or a missing API key fails here, before any scoring
            ScorerConfig.JudgeSettings settings = config.scorer().judge();
            RubricTemplate template = RubricTemplate.load(configDir.resolve("rubrics"), settings.rubricTemplateVersion());
            return new ClosingJudge(new LlmJudge(clients, model, settings.temperature(), settings.maxRetries(), template,
                    true, settings.pairwiseOrderSwap()), clients);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /** Closes the model clients with the judge. */
    private record ClosingJudge(Judge judge, ModelClients clients) implements Judge, AutoCloseable {
        @Override
        public JudgeVerdict judgeWithReference(String prompt, String answer, String reference) {
            return judge.judgeWithReference(prompt, answer, reference);
        }

        @Override
        public JudgeVerdict judgeReferenceFree(String prompt, String answer) {
            return judge.judgeReferenceFree(prompt, answer);
        }

        @Override
        public PairwiseVerdict judgePairwise(String prompt, String answerA, String answerB) {
            return judge.judgePairwise(prompt, answerA, answerB);
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
