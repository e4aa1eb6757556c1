package dev.driftgate.cli;

import dev.driftgate.cli.local.StoreDatabase;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.text.Redaction;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.JdbcRunStore;
import javax.sql.DataSource;
import picocli.CommandLine.Mixin;

/**
 * The run store of every command that reads or writes runs: PostgreSQL at DRIFTGATE_DB_URL
 * (DRIFTGATE_DB_USER / DRIFTGATE_DB_PASSWORD) or, when unset, the embedded PostgreSQL under the state
 * directory ({@link StateDirOption}), migrated.
 */
public final class StoreOption {
    @Mixin
    private StateDirOption stateDir = new StateDirOption();

    /** An open store and what to close when done. */
    public record Opened(Database database, JdbcRunStore store) implements AutoCloseable {
        public DataSource dataSource() {
            return database.dataSource();
        }

        @Override
        public void close() {
            database.close();
        }
    }

    public StateDirOption stateDir() {
        return stateDir;
    }

    /** Whether a store exists to read (see {@link StoreDatabase#exists}); reading commands check before opening. */
    public boolean exists(Environment env) {
        return StoreDatabase.exists(env, stateDir.resolve(env));
    }

    public Database open(Environment env) {
        return StoreDatabase.open(env, stateDir.resolve(env));
    }

    public Opened openRunStore(Environment env) {
        Database db = open(env);
        return new Opened(db, new JdbcRunStore(db.dataSource()));
    }

    /** The first line of the root cause of a store failure, credentials removed: what a warning shows. */
    public static String describeFailure(Throwable e, Environment env) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return redact(m.lines().findFirst().orElse(m), env);
    }

    /** Removes credentials a JDBC URL or driver message may carry (password=..., user:pass@). */
    public static String redact(String message, Environment env) {
        return message == null ? "" : Redaction.redact(message, env.get(Environment.DB_PASSWORD).stream().toList());
    }
}
