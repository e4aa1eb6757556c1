package dev.driftgate.gate.trend;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * The overall score of the most recent completed production-history runs (the runs that carry any
 * of the {@code tracking.alert_history} tags, as the run alerts use), newest first.
 */
public final class OverallHistory {
    private static final String SQL = """
            SELECT run_id, started_at, overall FROM eval_runs r
            WHERE r.status = 'completed' AND r.overall IS NOT NULL AND (%s)
            ORDER BY r.started_at DESC, r.created_at DESC LIMIT ?
            """;
    private final DataSource dataSource;
    private final List<String> filters;

    /** @param filters {@code key=value} tags; a run counts when it carries any of them */
    public OverallHistory(DataSource dataSource, List<String> filters) {
        this.dataSource = dataSource;
        this.filters = List.copyOf(filters);
    }

    public List<ScoreTrend.Point> lastRuns(int limit) throws SQLException {
        String anyTag = String.join(" OR ", Collections.nCopies(filters.size(), "r.tags ->> ? = ?"));
        List<ScoreTrend.Point> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(SQL, anyTag))) {
            int i = 1;
            for (String f : filters) {
                int eq = f.indexOf('=');
                ps.setString(i++, f.substring(0, eq));
                ps.setString(i++, f.substring(eq + 1));
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScoreTrend.Point(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            }
        }
        return out;
    }
}
