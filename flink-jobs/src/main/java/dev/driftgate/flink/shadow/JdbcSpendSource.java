package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowSpend;
import java.time.Instant;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * The day's spend from the database the job writes shadow_evals to (core's {@link ShadowSpend}),
 * through the sinks' {@link JdbcConnectionProvider}: normally {@link TaskManagerJdbcConnections}, so
 * the password is read on the task manager and never enters the job graph. A failed read drops the
 * connection; the next read reconnects.
 */
public final class JdbcSpendSource implements SpendSource {
    private static final long serialVersionUID = 1L;
    private final JdbcConnectionProvider db;

    public JdbcSpendSource(JdbcConnectionProvider db) {
        if (db == null) {
            throw new IllegalArgumentException("a daily spend budget needs the database the job writes shadow_evals "
                    + "to (overload.daily_budget_usd > 0 without a JDBC connection)");
        }
        this.db = db;
    }

    @Override
    public double spentSince(Instant from) throws Exception {
        try {
            return ShadowSpend.since(db.getOrEstablishConnection(), from);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        db.closeConnection();
    }
}
