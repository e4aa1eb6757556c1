package dev.driftgate.cli.score;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.judge.Judge;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How {@code driftgate score --judge MODEL} gets an LLM judge: implementations are found with
 * {@link ServiceLoader} ({@code META-INF/services/dev.driftgate.cli.ScoreJudgeFactory}); this build
 * registers {@link LlmScoreJudgeFactory}. Without any, {@code --judge} stops with "judge not available
 * in this build". A returned judge that is also {@link AutoCloseable} is closed after scoring.
 */
public interface ScoreJudgeFactory {

    /**
     * A judge for the model string (e.g. {@code openai/gpt-4o-mini}) with the judge settings and rubric
     * of the config; {@code env} holds the provider base URLs and API keys.
     */
    Judge create(String model, DriftgateConfig config, Path configDir, Map<String, String> env);

    static Optional<ScoreJudgeFactory> find() {
        return ServiceLoader.load(ScoreJudgeFactory.class).findFirst();
    }
}
