package dev.driftgate.cli;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.judge.Judge;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The seam through which {@code driftgate score --judge MODEL} gets an LLM judge. The judge and model
 * clients live on another branch; a build that has them registers an implementation in
 * {@code META-INF/services/dev.driftgate.cli.ScoreJudgeFactory}. Without one, {@code --judge} fails with
 * "judge not available in this build".
 */
public interface ScoreJudgeFactory {

    /** A judge for the model string (e.g. {@code openai/gpt-4o-mini}); config may be null when none was loaded. */
    Judge create(String model, DriftgateConfig config);

    static Optional<ScoreJudgeFactory> find() {
        return ServiceLoader.load(ScoreJudgeFactory.class).findFirst();
    }
}
