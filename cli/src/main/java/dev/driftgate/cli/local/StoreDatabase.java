package dev.driftgate.cli.local;

import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.store.DatabaseTarget;
import dev.driftgate.local.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run store every command uses: PostgreSQL at DRIFTGATE_DB_URL (DRIFTGATE_DB_USER,
 * DRIFTGATE_DB_PASSWORD) when set, otherwise the embedded PostgreSQL under the state directory.
 */
public final class StoreDatabase {
    private StoreDatabase() {
    }

    public static Database open(Environment env, Path stateDir) {
        return Database.connect(target(env, stateDir));
    }

    /** Whether there is a store to open: DRIFTGATE_DB_URL is set, or an embedded one has run under the state dir. */
    public static boolean exists(Environment env, Path stateDir) {
        return env.get(Environment.DB_URL).isPresent() || Files.isDirectory(EmbeddedDatabase.dataDir(stateDir));
    }

    static DatabaseTarget target(Environment env, Path stateDir) {
        return env.get(Environment.DB_URL)
                .map(url -> DatabaseTarget.external(url, env.get(Environment.DB_USER), env.get(Environment.DB_PASSWORD)))
                .orElseGet(() -> EmbeddedDatabase.start(stateDir));
    }
}
