package dev.driftgate.core.store;

import dev.driftgate.core.config.Environment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run store's PostgreSQL, migrated and ready. With {@code DRIFTGATE_DB_URL} set it connects
 * there (user and password from {@code DRIFTGATE_DB_USER}/{@code DRIFTGATE_DB_PASSWORD}); otherwise
 * it starts an embedded PostgreSQL whose data directory ({@code <stateDir>/pgdata}) survives
 * {@link #close()}, so runs recorded by one CLI invocation are there for the next. The password is
 * never logged and never part of {@link #describe()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String description;
    private final int migrationsApplied;

    private Database(DataSource dataSource, EmbeddedPostgres embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
        this.migrationsApplied = Migrations.apply(dataSource);
    }

    /**
     * Opens the configured database and applies pending migrations.
     *
     * @param stateDir where the embedded server keeps its data (the CLI uses ./.driftgate)
     */
    public static Database open(Environment env, Path stateDir) {
        var url = env.get(Environment.DB_URL);
        if (url.isPresent()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url.get());
            env.get(Environment.DB_USER).ifPresent(ds::setUser);
            env.get(Environment.DB_PASSWORD).ifPresent(ds::setPassword);
            String description = "PostgreSQL at " + redact(url.get())
                    + env.get(Environment.DB_USER).map(u -> " as " + u).orElse("");
            LOG.info("run store: {}", description);
            return new Database(ds, null, description);
        }
        Path dataDir = stateDir.resolve("pgdata").toAbsolutePath();
        try {
            Files.createDirectories(dataDir.getParent());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
            String description = "embedded PostgreSQL on 127.0.0.1:" + pg.getPort() + ", data in " + dataDir;
            LOG.info("run store: {}", description);
            try {
                return new Database(pg.getPostgresDatabase(), pg, description);
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir
                    + " (is another driftgate process using it?): " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Where the data lives, for messages; never contains a password. */
    public String describe() {
        return description;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** How many migrations {@link #open} applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Stops the embedded server (its data stays on disk); a no-op for an external database. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }

    /** Drops a password given inside the JDBC URL (?password=...) before the URL is shown anywhere. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
