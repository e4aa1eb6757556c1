package dev.driftgate.core.store;

import dev.driftgate.core.run.EvalRun;
import java.util.List;
import java.util.Optional;

/** Where evaluation runs are kept (PostgreSQL in production; see JdbcRunStore). */
public interface RunStore {
    /** Inserts or replaces the run with its category and example rows, in one transaction. */
    void saveRun(EvalRun run);

    Optional<EvalRun> findRun(String runId);

    /** The most recent finished run whose tags contain {@code key=value}, e.g. env=production. */
    Optional<EvalRun> latestWithTag(String key, String value);

    /** Newest first, without example rows. */
    List<RunSummary> recentRuns(int limit);

    /** Summary line of a run, for listings. */
    record RunSummary(String runId, java.time.Instant startedAt, EvalRun.Status status, String model,
                      String datasetVersion, double overall, java.util.Map<String, String> tags) {
    }
}
