package dev.driftgate.cli;

import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.Database;
import dev.driftgate.core.text.Redaction;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Opens the run store for the gate, promote and runs commands: PostgreSQL at DRIFTGATE_DB_URL
 * (DRIFTGATE_DB_USER / DRIFTGATE_DB_PASSWORD) or, when unset, the embedded PostgreSQL under the
 * state directory (DRIFTGATE_HOME, default ./.driftgate), migrated.
 */
final class RunStoreAccess {
    static final String DB_URL = Environment.DB_URL;

    /** An open store and what to close when done. */
    record Opened(DataSource dataSource, JdbcRunStore store, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    private RunStoreAccess() {
    }

    static Opened open(Map<String, String> env) {
        Environment environment = Environment.of(env);
        Database db = StoreDatabase.open(environment, environment.stateDir());
        return new Opened(db.dataSource(), new JdbcRunStore(db.dataSource()), db);
    }

    /** Removes credentials a JDBC URL or driver message may carry; the rules live in core's Redaction. */
    static String redact(String message, Map<String, String> env) {
        List<String> known = Environment.of(env).get(Environment.DB_PASSWORD).stream().toList();
        return message == null ? "" : Redaction.redact(message, known);
    }
}
