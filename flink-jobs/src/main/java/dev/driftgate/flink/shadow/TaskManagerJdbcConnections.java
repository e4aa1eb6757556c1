package dev.driftgate.flink.shadow;

import dev.driftgate.core.config.Environment;
import dev.driftgate.flink.ops.TaskEnvironment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * A JDBC connection provider that ships only the URL, the user and the NAME of the password variable;
 * the password is read from the task manager's environment ({@link TaskEnvironment}) when the sink
 * first connects, so it never enters the job graph. A URL that itself carries a password is refused.
 */
public final class TaskManagerJdbcConnections implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final String user;
    private final String passwordVariable;
    private transient SimpleJdbcConnectionProvider delegate;

    public TaskManagerJdbcConnections(String url, String user, String passwordVariable) {
        if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("the JDBC URL carries a password; set it in "
                    + Environment.DB_PASSWORD + " instead so it stays out of the job graph");
        }
        this.url = url;
        this.user = user;
        this.passwordVariable = passwordVariable;
    }

    /** The options with the password as the task manager sees it (package-private for tests). */
    JdbcConnectionOptions resolve() {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(url).withDriverName("org.postgresql.Driver");
        if (user != null) {
            b.withUsername(user);
        }
        if (passwordVariable != null) {
            TaskEnvironment.get().get(passwordVariable).ifPresent(b::withPassword);
        }
        return b.build();
    }

    private SimpleJdbcConnectionProvider delegate() {
        if (delegate == null) {
            delegate = new SimpleJdbcConnectionProvider(resolve());
        }
        return delegate;
    }

    @Override
    public Connection getConnection() {
        return delegate == null ? null : delegate.getConnection();
    }

    @Override
    public Properties getProperties() {
        return delegate().getProperties();
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return delegate != null && delegate.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return delegate().getOrEstablishConnection();
    }

    @Override
    public void closeConnection() {
        if (delegate != null) {
            delegate.closeConnection();
        }
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return delegate().reestablishConnection();
    }
}
