package dev.driftgate.flink.ops;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.llm.ModelClient;
import java.io.Serializable;

/** Builds a {@link Judge} over a model client the operator owns (and meters). */
@FunctionalInterface
public interface JudgeFactory extends Serializable {
    Judge create(ModelClient client);
}
