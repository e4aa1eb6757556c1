package dev.driftgate.core.store;

import dev.driftgate.core.report.RunPoint;
import dev.driftgate.core.report.ShadowCategory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads what the report draws, with the same aggregations as the Grafana panels: runs with their
 * category scores (no example rows, so a long history stays cheap) and the shadow summary per
 * (category, candidate model).
 */
public final class ReportReader {
    private final DataSource dataSource;

    public ReportReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The latest {@code limit} runs, oldest first. */
    public List<RunPoint> runs(int limit) {
        String sql = """
                SELECT r.run_id, r.started_at, r.status, r.tags ->> 'env' AS env, r.model, r.prompt_template_version,
                       r.overall,
                       (SELECT coalesce(sum((u.value ->> 'cost_usd')::float8), 0) FROM jsonb_each(r.usage) u) AS cost_usd,
                       (SELECT coalesce(jsonb_object_agg(c.category, c.composite), '{}'::jsonb)
                          FROM eval_category_scores c WHERE c.run_id = r.run_id)::text AS categories
                FROM eval_runs r ORDER BY r.started_at DESC, r.created_at DESC LIMIT ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<RunPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunPoint(rs.getString("run_id"), rs.getTimestamp("started_at").toInstant(),
                            rs.getString("status"), rs.getString("env"), rs.getString("model"),
                            rs.getString("prompt_template_version"), nullableDouble(rs, "overall"),
                            categories(rs.getString("categories")), rs.getDouble("cost_usd")));
                }
            }
            Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read runs for the report", e);
        }
    }

    /** Shadow rows since {@code from}, per (category, shadow model). */
    public List<ShadowCategory> shadow(Instant from) {
        String sql = """
                SELECT category, shadow_model, count(*) AS sampled,
                       avg(prod_score) AS mean_prod, avg(shadow_score) AS mean_shadow,
                       percentile_cont(0.1) WITHIN GROUP (ORDER BY delta) AS p10,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY delta) AS p50,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY delta) AS p90,
                       avg(CASE WHEN judge_failed THEN 1.0 ELSE 0.0 END) AS judge_failure_rate
                FROM shadow_evals WHERE ts >= ? GROUP BY category, shadow_model ORDER BY category, shadow_model""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, java.sql.Timestamp.from(from));
            List<ShadowCategory> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ShadowCategory(rs.getString("category"), rs.getString("shadow_model"),
                            rs.getLong("sampled"), nullableDouble(rs, "mean_prod"), nullableDouble(rs, "mean_shadow"),
                            nullableDouble(rs, "p10"), nullableDouble(rs, "p50"), nullableDouble(rs, "p90"),
                            rs.getDouble("judge_failure_rate")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read shadow traffic for the report", e);
        }
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : RunPoint.finite(v);
    }

    private static Map<String, Double> categories(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            var node = dev.driftgate.core.json.Json.mapper().readTree(json);
            node.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isNumber() ? RunPoint.finite(e.getValue().asDouble()) : null));
        } catch (java.io.IOException e) {
            throw new StoreException("unreadable category scores " + json, e);
        }
        return out;
    }
}
