package dev.driftgate.cli;

import dev.driftgate.cli.local.StoreDatabase;

import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.Database;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Opens the run store for the gate, promote and runs commands: PostgreSQL at DRIFTGATE_DB_URL
 * (DRIFTGATE_DB_USER / DRIFTGATE_DB_PASSWORD) or, when unset, the embedded PostgreSQL under the
 * state directory (DRIFTGATE_HOME, default ./.driftgate), migrated.
 */
public final class RunStoreAccess {
    public static final String DB_URL = Environment.DB_URL;

    /** An open store and what to close when done. */
    public record Opened(DataSource dataSource, JdbcRunStore store, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    private RunStoreAccess() {
    }

    public static Opened open(Map<String, String> env) {
        Environment environment = Environment.of(env);
        Database db = StoreDatabase.open(environment, environment.stateDir());
        return new Opened(db.dataSource(), new JdbcRunStore(db.dataSource()), db);
    }

    /** Removes credentials a JDBC URL or driver message may carry (password=..., user:pass@). */
    public static String redact(String message, Map<String, String> env) {
        if (message == null) {
            return "";
        }
        String out = message.replaceAll("(?i)(password=)[^&;\\s]*", "$1***").replaceAll("//[^/@\\s]+@", "//***@");
        String password = env.get("DRIFTGATE_DB_PASSWORD");
        return password == null || password.isBlank() ? out : out.replace(password, "***");
    }
}
