package dev.driftgate.cli.eval;

import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.store.RunStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The run store as eval uses it: optional. A store outage must never fail CI, because scores.json (and
 * the committed baseline the gate falls back to) is enough to decide. So an external store that cannot
 * be opened, or that fails when the run is saved, is one warning, and eval exits by its own result.
 */
final class RecordingStore implements RunStore, AutoCloseable {
    private final Database database;
    private final RunStore delegate;
    private final PrintWriter err;
    private final Environment env;
    private boolean warned;

    private RecordingStore(Database database, PrintWriter err, Environment env) {
        this.database = database;
        this.delegate = database == null ? null : new JdbcRunStore(database.dataSource());
        this.err = err;
        this.env = env;
    }

    /** Opens the store; an unreachable DRIFTGATE_DB_URL gives a store that records nothing (warned once). */
    static RecordingStore open(StoreOption option, Environment env, PrintWriter err) {
        try {
            return new RecordingStore(option.open(env), err, env);
        } catch (RuntimeException e) {
            if (env.get(Environment.DB_URL).isEmpty()) {
                throw e; // the embedded store failing is a local problem worth stopping for
            }
            RecordingStore none = new RecordingStore(null, err, env);
            none.warn(e);
            return none;
        }
    }

    /** The open database, or empty when the store is unavailable (no cache, no alerts). */
    Optional<Database> database() {
        return Optional.ofNullable(database);
    }

    String describe() {
        return database == null ? "no run store (unavailable; scores.json only)" : database.describe();
    }

    @Override
    public void saveRun(EvalRun run) {
        if (delegate == null) {
            return;
        }
        try {
            delegate.saveRun(run);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public Optional<EvalRun> findRun(String runId) {
        return delegate == null ? Optional.empty() : delegate.findRun(runId);
    }

    @Override
    public Optional<EvalRun> latestWithTag(String key, String value) {
        return delegate == null ? Optional.empty() : delegate.latestWithTag(key, value);
    }

    @Override
    public List<RunSummary> recentRuns(int limit) {
        return delegate == null ? List.of() : delegate.recentRuns(limit);
    }

    private void warn(RuntimeException e) {
        if (warned) {
            return;
        }
        warned = true;
        err.println("driftgate eval: warning: run store unavailable (" + StoreOption.describeFailure(e, env)
                + "); the run is not recorded, scores.json is "
                + "written and the gate falls back to the committed baseline");
        err.flush();
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
