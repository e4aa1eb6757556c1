package dev.driftgate.flink.shadow;

import java.io.Serializable;
import java.time.Instant;

/**
 * Where the {@code shed-overload} stage reads what the job's model calls have cost since a moment (the
 * start of the UTC day), for the daily budget. Every subtask of every task manager reads the same
 * total ({@link JdbcSpendSource}: the cost_usd of the shadow_evals rows), so the cap is one budget for
 * the whole job. Serializable: it travels in the job graph, without secrets.
 */
@FunctionalInterface
public interface SpendSource extends Serializable {
    /** USD spent since {@code from}; throws when it cannot be read (the stage then keeps its last cap). */
    double spentSince(Instant from) throws Exception;

    /** Releases what a read opened (also after a failed read, so the next one starts afresh). */
    default void close() {
    }
}
