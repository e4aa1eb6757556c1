package dev.driftgate.cli;

import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.store.Migrations;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the run store for the gate, promote and runs commands: PostgreSQL at DRIFTGATE_DB_URL
 * (DRIFTGATE_DB_USER / DRIFTGATE_DB_PASSWORD), migrated. TODO(lead): when core's Database lands on
 * main, replace the body of {@link #open} with {@code Database.open(Environment.of(env), Path.of(".driftgate"))}
 * so an unset URL falls back to the embedded PostgreSQL under ./.driftgate like the other commands.
 */
final class RunStoreAccess {
    static final String DB_URL = "DRIFTGATE_DB_URL";

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
        String url = env.get(DB_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(DB_URL + " is not set (no run store configured)");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setConnectTimeout(10);
        String user = env.get("DRIFTGATE_DB_USER");
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        String password = env.get("DRIFTGATE_DB_PASSWORD");
        if (password != null && !password.isBlank()) {
            ds.setPassword(password);
        }
        Migrations.apply(ds);
        return new Opened(ds, new JdbcRunStore(ds), () -> { });
    }

    /** Removes credentials a JDBC URL or driver message may carry (password=..., user:pass@). */
    static String redact(String message, Map<String, String> env) {
        if (message == null) {
            return "";
        }
        String out = message.replaceAll("(?i)(password=)[^&;\\s]*", "$1***").replaceAll("//[^/@\\s]+@", "//***@");
        String password = env.get("DRIFTGATE_DB_PASSWORD");
        return password == null || password.isBlank() ? out : out.replace(password, "***");
    }
}
