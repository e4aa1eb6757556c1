package dev.driftgate.gate.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The alerts table (V1) as alert state: what was sent for a (source, subject, category), when, and
 * whether it reached Slack. Only delivered rows count as state, so a failed delivery is retried on
 * the next run instead of silently starting a cooldown.
 */
public final class AlertStore {
    public static final String KIND_ALERT = "alert";
    public static final String KIND_RECOVERY = "recovery";

    /** One row of the alerts table. */
    public record AlertRow(String source, String subject, String category, String kind, double value,
                           double threshold, String message, boolean delivered, String deliveryError,
                           Instant createdAt) {
    }

    private final DataSource dataSource;

    public AlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(AlertRow row) throws SQLException {
        String sql = "INSERT INTO alerts (source, subject, category, kind, value, threshold, message, delivered,"
                + " delivery_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, row.source());
            ps.setString(2, row.subject());
            ps.setString(3, row.category());
            ps.setString(4, row.kind());
            ps.setDouble(5, row.value());
            ps.setDouble(6, row.threshold());
            ps.setString(7, row.message());
            ps.setBoolean(8, row.delivered());
            if (row.deliveryError() == null) {
                ps.setNull(9, Types.VARCHAR);
            } else {
                ps.setString(9, row.deliveryError());
            }
            ps.setTimestamp(10, Timestamp.from(row.createdAt()));
            ps.executeUpdate();
        }
    }

    /** The newest delivered alert or recovery: whether the category is currently "in alert". */
    public Optional<AlertRow> latestDelivered(String source, String subject, String category) throws SQLException {
        return latest(source, subject, category, null);
    }

    /** The newest delivered alert (not recovery): the start of the cooldown. */
    public Optional<AlertRow> latestDeliveredAlert(String source, String subject, String category) throws SQLException {
        return latest(source, subject, category, KIND_ALERT);
    }

    private Optional<AlertRow> latest(String source, String subject, String category, String kind) throws SQLException {
        String sql = "SELECT * FROM alerts WHERE source = ? AND subject = ? AND category = ? AND delivered"
                + (kind == null ? "" : " AND kind = ?") + " ORDER BY created_at DESC, id DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            ps.setString(2, subject);
            ps.setString(3, category);
            if (kind != null) {
                ps.setString(4, kind);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AlertRow(rs.getString("source"), rs.getString("subject"),
                        rs.getString("category"), rs.getString("kind"), rs.getDouble("value"),
                        rs.getDouble("threshold"), rs.getString("message"), rs.getBoolean("delivered"),
                        rs.getString("delivery_error"), rs.getTimestamp("created_at").toInstant()));
            }
        }
    }
}
