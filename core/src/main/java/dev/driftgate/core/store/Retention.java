package dev.driftgate.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Nothing is kept forever: shadow rows (which may hold raw prompts when configured) older than
 * {@code shadowDays}, and cached responses older than {@code cacheDays}, are deleted. Where the
 * timescaledb extension exists, shadow_evals (a hypertable there) also gets a retention policy, so
 * TimescaleDB drops whole chunks on its own schedule; the delete still runs for plain PostgreSQL.
 */
public final class Retention {
    private Retention() {
    }

    public record Pruned(long shadowEvals, long deadLetters, long cachedResponses, boolean timescalePolicy) {
    }

    public static Pruned prune(DataSource dataSource, int shadowDays, int cacheDays) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean timescale = timescale(c);
            if (timescale) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT remove_retention_policy('shadow_evals', if_exists => true)");
                    s.execute("SELECT add_retention_policy('shadow_evals', INTERVAL '" + shadowDays + " days')");
                }
            }
            return new Pruned(
                    delete(c, "DELETE FROM shadow_evals WHERE ts < now() - make_interval(days => ?)", shadowDays),
                    delete(c, "DELETE FROM shadow_dead_letters WHERE dead_lettered_at < now() - make_interval(days => ?)",
                            shadowDays),
                    delete(c, "DELETE FROM response_cache WHERE created_at < now() - make_interval(days => ?)",
                            cacheDays),
                    timescale);
        }
    }

    private static boolean timescale(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return rs.next();
        }
    }

    private static long delete(Connection c, String sql, int days) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, days);
            return ps.executeUpdate();
        }
    }
}
