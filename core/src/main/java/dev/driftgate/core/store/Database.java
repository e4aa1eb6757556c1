package dev.driftgate.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.sql.DataSource;

/**
 * The run store's PostgreSQL, migrated and ready: the one way every command and job opens it.
 * {@link #connect} applies pending Flyway migrations; {@link #close()} stops what the target started
 * (an embedded server keeps its data on disk). The password is never logged and never part of
 * {@link #describe()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseTarget target;
    private final int migrationsApplied;

    private Database(DatabaseTarget target) {
        this.target = target;
        this.migrationsApplied = Migrations.apply(target.dataSource());
    }

    /** Connects to the target and migrates it; on failure whatever the target started is stopped. */
    public static Database connect(DatabaseTarget target) {
        LOG.info("run store: {}", target.description());
        try {
            return new Database(target);
        } catch (RuntimeException e) {
            try {
                target.server().close();
            } catch (Exception closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    public DataSource dataSource() {
        return target.dataSource();
    }

    /** The JDBC URL, for components that connect by URL; may carry credentials: never print it. */
    public String jdbcUrl() {
        return target.jdbcUrl();
    }

    /** Where the data lives, for messages; never contains a password. */
    public String describe() {
        return target.description();
    }

    public boolean isEmbedded() {
        return target.embedded();
    }

    /** How many migrations {@link #connect} applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Stops the embedded server (its data stays on disk); a no-op for an external database. */
    @Override
    public void close() {
        try {
            target.server().close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("cannot stop " + target.description(), e);
        }
    }
}
