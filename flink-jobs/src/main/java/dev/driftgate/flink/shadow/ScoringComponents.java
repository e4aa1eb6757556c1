package dev.driftgate.flink.shadow;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.metrics.BertScorer;
import java.io.Serializable;
import java.util.function.ToDoubleBiFunction;

/**
 * Creates the non-serialisable collaborators inside each Flink task (clients hold HTTP pools and
 * models). The job ships only this factory; open() calls it once per subtask.
 */
public interface ScoringComponents extends Serializable {
    ModelClient candidateClient();

    Judge judge();

    BertScorer bertScorer();

    /** ROUGE-L F1 of (candidate, reference). */
    ToDoubleBiFunction<String, String> rougeL();
}
