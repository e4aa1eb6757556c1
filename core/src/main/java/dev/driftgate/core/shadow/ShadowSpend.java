package dev.driftgate.core.shadow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What the streaming job's model calls cost since a moment: the sum of {@code shadow_evals.cost_usd}
 * (Flyway V10) over the rows inserted since then, the input of the daily spend budget
 * (shadow_config.yaml {@code overload.daily_budget_usd}). By insertion time, not event time: a backlog
 * of yesterday's events scored today is paid today. Rows without a cost (written before V10) count 0.
 */
public final class ShadowSpend {
    static final String SPENT_SINCE = """
            SELECT coalesce(sum(cost_usd), 0) FROM shadow_evals WHERE inserted_at >= ?""";
    /** The read runs on the job's shed stage: a slow database must not hold it for long. */
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    private static final long DAY_MS = 86_400_000L;

    private ShadowSpend() {
    }

    /** USD spent by the rows inserted at or after {@code from}. */
    public static double since(Connection c, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SPENT_SINCE)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    /** 00:00 UTC of the day holding {@code epochMillis}: the budget's day. */
    public static Instant dayStart(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis - Math.floorMod(epochMillis, DAY_MS));
    }

    /** How much of that UTC day has passed, in [0, 1). */
    public static double dayElapsed(long epochMillis) {
        return Math.floorMod(epochMillis, DAY_MS) / (double) DAY_MS;
    }
}
