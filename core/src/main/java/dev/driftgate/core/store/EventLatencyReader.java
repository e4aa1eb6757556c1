package dev.driftgate.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How far behind the shadow job runs, from its own rows: event-to-row latency = shadow_evals.inserted_at
 * (the database clock when the row was first written) - ts (when the gateway saw the request). The p95
 * tells a user whether scores arrive in seconds or hours; nothing else needs to be deployed to read it.
 */
public final class EventLatencyReader {
    private static final String SQL = """
            SELECT count(*) AS n,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM inserted_at - ts)) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM inserted_at - ts)) AS p95,
                   max(EXTRACT(EPOCH FROM inserted_at - ts)) AS max_s
            FROM shadow_evals WHERE shadow_model = ? AND inserted_at >= ?""";

    private final DataSource dataSource;

    public EventLatencyReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Latency of the rows written since {@code from} for {@code shadowModel}; empty when there are none. */
    public Optional<EventLatency> since(String shadowModel, Instant from) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SQL)) {
            s.setString(1, shadowModel);
            s.setTimestamp(2, Timestamp.from(from));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long n = r.getLong("n");
                return n == 0 ? Optional.empty() : Optional.of(new EventLatency(n, seconds(r.getDouble("p50")),
                        seconds(r.getDouble("p95")), seconds(r.getDouble("max_s"))));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read event-to-row latency: " + e.getMessage(), e);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(Math.max(0, s) * 1000));
    }

    /** Rows counted and their event-to-row latency quantiles. */
    public record EventLatency(long rows, Duration p50, Duration p95, Duration max) {
        public String describe() {
            return String.format("event-to-row latency over %d rows: p50 %.1f s, p95 %.1f s, max %.1f s",
                    rows, p50.toMillis() / 1000.0, p95.toMillis() / 1000.0, max.toMillis() / 1000.0);
        }
    }
}
