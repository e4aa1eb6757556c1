package dev.driftgate.core.testing;

import dev.driftgate.core.store.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for a test class: the one way tests start an embedded server (io.zonky), so the
 * start/migrate/stop lines live here and not in every test. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase pg = TestDatabase.migrated();
 * }</pre>
 *
 * <p>One server per test class, not one per JVM: the store tests truncate and seed the shared tables
 * and some assert on an empty store, so a server shared across classes would couple their outcomes.
 * Starting a server costs a second or two, which is small next to what these classes do. A test that
 * needs isolation inside its class takes a {@link #freshDatabase()} (a new database on the same server,
 * which is much cheaper than a new server). Registered on an instance field instead, the server is
 * started and stopped around every test method.
 *
 * <p>The server is started before the class's own {@code @BeforeAll} methods and stopped after its
 * {@code @AfterAll} methods (JUnit runs extension callbacks outside the class's lifecycle methods), so
 * those may use it. It lives in core's test-jar because core's own store tests need it and every
 * other module already depends on core: in local-stack the Maven reactor would form a cycle.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** The superuser and maintenance database io.zonky's server comes with. */
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final boolean migrate;
    private final AtomicInteger freshCount = new AtomicInteger();
    private EmbeddedPostgres server;
    /** The context that started the server, the only one that stops it (nested classes and methods inherit it). */
    private String owner;

    private TestDatabase(boolean migrate) {
        this.migrate = migrate;
    }

    /** The {@code postgres} database has the full schema (Flyway, {@link Migrations}) before any test runs. */
    public static TestDatabase migrated() {
        return new TestDatabase(true);
    }

    /** An empty {@code postgres} database: for tests of the migrations themselves, or of code that migrates. */
    public static TestDatabase raw() {
        return new TestDatabase(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start(context); // a no-op when a static registration already started it
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop(context);
    }

    private void start(ExtensionContext context) throws Exception {
        if (server != null) {
            return;
        }
        server = EmbeddedPostgres.builder().start();
        owner = context.getUniqueId();
        if (migrate) {
            Migrations.apply(dataSource());
        }
    }

    private void stop(ExtensionContext context) throws IOException {
        if (server == null || !context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            server.close();
        } finally {
            server = null;
            owner = null;
        }
    }

    private EmbeddedPostgres server() {
        if (server == null) {
            throw new IllegalStateException("TestDatabase is not running: register it with @RegisterExtension");
        }
        return server;
    }

    /** The {@code postgres} database as the superuser. */
    public DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    /** Another database on the same server, as {@code user}. */
    public DataSource dataSource(String user, String database) {
        return server().getDatabase(user, database);
    }

    /** A JDBC URL of the {@code postgres} database that carries the user (no password needed). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return server().getJdbcUrl(USER, database);
    }

    public int port() {
        return server().getPort();
    }

    /** Runs each statement on the {@code postgres} database: setup and cleanup in one line. */
    public void execute(String... statements) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database: " + e.getMessage(), e);
        }
    }

    /**
     * A new, empty database on this server ({@code CREATE DATABASE}), migrated when this extension is:
     * isolation for a test without the cost of another server. Dropped with the server.
     */
    public Fresh freshDatabase() {
        String name = "test_" + freshCount.incrementAndGet();
        execute("CREATE DATABASE " + name);
        Fresh fresh = new Fresh(name, dataSource(USER, name), jdbcUrl(name));
        if (migrate) {
            Migrations.apply(fresh.dataSource());
        }
        return fresh;
    }

    /** A database made by {@link #freshDatabase()}. */
    public record Fresh(String name, DataSource dataSource, String jdbcUrl) {
    }
}
