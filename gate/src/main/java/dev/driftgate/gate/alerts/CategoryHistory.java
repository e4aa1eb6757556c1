package dev.driftgate.gate.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads each category's composite over the most recent completed runs (eval_category_scores). */
public final class CategoryHistory {
    private static final String SQL = """
            SELECT category, composite FROM (
              SELECT s.category, s.composite,
                     row_number() OVER (PARTITION BY s.category ORDER BY r.started_at DESC, r.created_at DESC) AS rn,
                     r.started_at, r.created_at
              FROM eval_category_scores s JOIN eval_runs r ON r.run_id = s.run_id
              WHERE r.status = 'completed' AND s.composite IS NOT NULL AND (%s)
            ) recent
            WHERE rn <= ?
            ORDER BY category, rn
            """;

    private final DataSource dataSource;
    private final List<String> filters;

    /** @param filters {@code key=value} tags; a run counts when it carries any of them */
    public CategoryHistory(DataSource dataSource, List<String> filters) {
        this.dataSource = dataSource;
        this.filters = List.copyOf(filters);
    }

    /** Category -> composites of its last {@code window} runs, newest first. */
    public Map<String, List<Double>> lastRuns(int window) throws SQLException {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        String anyTag = String.join(" OR ", java.util.Collections.nCopies(filters.size(), "r.tags ->> ? = ?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(String.format(SQL, anyTag))) {
            int i = 1;
            for (String f : filters) {
                int eq = f.indexOf('=');
                ps.setString(i++, f.substring(0, eq));
                ps.setString(i++, f.substring(eq + 1));
            }
            ps.setInt(i, window);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getDouble(2));
                }
            }
        }
        return out;
    }
}
