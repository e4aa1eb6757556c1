package dev.driftgate.core.store;

import dev.driftgate.core.text.Redaction;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Which PostgreSQL the run store uses: a data source, a description safe to print (never a
 * password), and what to stop when done (an embedded server started by the local stack; nothing for
 * an external database). Made by {@link #external} here or by the local stack's embedded database.
 * {@code jdbcUrl} is for components that connect by URL (the Flink JDBC sinks); it may carry
 * credentials, so messages use {@code description}, never the URL.
 */
public record DatabaseTarget(DataSource dataSource, String jdbcUrl, String description, boolean embedded,
                             AutoCloseable server) {
    public DatabaseTarget {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(description, "description");
        server = server == null ? () -> { } : server;
    }

    /** PostgreSQL (or TimescaleDB) at a JDBC URL; the password is handed to the driver, never shown. */
    public static DatabaseTarget external(String jdbcUrl, Optional<String> user, Optional<String> password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        user.ifPresent(ds::setUser);
        password.ifPresent(ds::setPassword);
        String description = "PostgreSQL at " + Redaction.redact(jdbcUrl) + user.map(u -> " as " + u).orElse("");
        return new DatabaseTarget(ds, jdbcUrl, description, false, null);
    }
}
