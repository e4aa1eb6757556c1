package dev.driftgate.local.db;

import dev.driftgate.core.store.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL (zonky's binaries from Maven Central) whose data directory
 * ({@code <stateDir>/pgdata}) survives a stop, so runs recorded by one CLI invocation are there for
 * the next. Only the local stack starts it; production points DRIFTGATE_DB_URL at a real server.
 */
public final class EmbeddedDatabase {
    private EmbeddedDatabase() {
    }

    /** Where the server under {@code stateDir} keeps its data (it exists once a server has run there). */
    public static Path dataDir(Path stateDir) {
        return stateDir.resolve("pgdata").toAbsolutePath();
    }

    /** Starts the server on a free loopback port; closing the target stops it and keeps the data. */
    public static DatabaseTarget start(Path stateDir) {
        return start(stateDir, 0);
    }

    /** As {@link #start(Path)} on a fixed port (0 picks a free one). */
    public static DatabaseTarget start(Path stateDir, int port) {
        Path dataDir = dataDir(stateDir);
        try {
            Files.createDirectories(dataDir.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            String description = "embedded PostgreSQL on 127.0.0.1:" + pg.getPort() + ", data in " + dataDir;
            return new DatabaseTarget(pg.getPostgresDatabase(), pg.getJdbcUrl("postgres", "postgres"), description, true,
                    pg::close);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir
                    + " (is another driftgate process using it?): " + e.getMessage(), e);
        }
    }
}
