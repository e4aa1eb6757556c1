package dev.driftgate.flink.shadow;

import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.io.Serializable;

/**
 * The recipes the shadow job ships to its tasks, the same factories the bounded job uses: the
 * shared operators build clients, judge and metrics in open() (they hold HTTP pools and models).
 */
public interface ScoringComponents extends Serializable {
    /** Clients for the candidate; they retry (inference.max_retries), the stage makes one attempt. */
    ModelClientFactory candidateClients();

    /** Clients under the judge (core's judge turns a failed call into a failed verdict: retries go below it). */
    ModelClientFactory judgeClients();

    JudgeFactory judges();

    /** BERTScore and ROUGE-L between the candidate's and production's answers. */
    TextMetricsFactory agreementMetrics();

    /** The longest one call stage can take per item with these clients, retries included (0: unknown). */
    default long callBudgetMs() {
        return 0;
    }
}
