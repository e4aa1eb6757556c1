package dev.driftgate.cli.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The checks a replay must pass, as SQL over the shadow job's tables. */
final class ShadowTables {
    private final String url;

    ShadowTables(String url) {
        this.url = url;
    }

    long evals() {
        return number("SELECT count(*) FROM shadow_evals");
    }

    long distinctEvents() {
        return number("SELECT count(DISTINCT event_id) FROM shadow_evals");
    }

    long windows() {
        return number("SELECT count(*) FROM drift_windows");
    }

    /** Windows whose n is not the number of shadow_evals rows inside them: must be none. */
    List<String> windowsWhoseNIsNotTheirRows() {
        return strings("SELECT w.shadow_model || '/' || w.category || '@' || w.window_start || ' n=' || w.n || ' rows='"
                + " || (SELECT count(*) FROM shadow_evals e WHERE e.shadow_model = w.shadow_model"
                + " AND e.category = w.category AND e.ts >= w.window_start AND e.ts < w.window_end)"
                + " FROM drift_windows w WHERE w.n <> (SELECT count(*) FROM shadow_evals e"
                + " WHERE e.shadow_model = w.shadow_model AND e.category = w.category"
                + " AND e.ts >= w.window_start AND e.ts < w.window_end)");
    }

    /** Alerts recorded more than once for the same event: must be none. */
    List<String> doubledAlerts() {
        return strings("SELECT coalesce(event_key, '<null>') || ' x' || count(*) FROM alerts"
                + " GROUP BY event_key HAVING count(*) > 1");
    }

    long number(String sql) {
        return Long.parseLong(strings(sql).get(0));
    }

    List<String> strings(String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
