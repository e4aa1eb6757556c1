package dev.driftgate.core.store;

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
 * The one SQL path to the alerts table (V1, V4): run alerts write through {@link #record}, the
 * stream job's JDBC sink binds {@link #UPSERT} with {@link #bind}. Rows with an event_key (drift
 * alerts) are idempotent on it, so a replay after a restore marks the row delivered instead of
 * adding one; rows without (run alerts) always insert. Only delivered rows count as state, so a
 * failed delivery is retried on the next run instead of silently starting a cooldown.
 */
public final class AlertStore {
    public static final String KIND_ALERT = "alert";
    public static final String KIND_RECOVERY = "recovery";

    /** Upsert on event_key; a row once delivered stays delivered, without a stale error. */
    public static final String UPSERT = """
            INSERT INTO alerts (source, subject, category, kind, value, threshold, message, delivered,
                delivery_error, created_at, event_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO UPDATE SET
                delivered = alerts.delivered OR EXCLUDED.delivered,
                delivery_error = CASE WHEN alerts.delivered OR EXCLUDED.delivered THEN NULL
                                      ELSE EXCLUDED.delivery_error END
            """;

    /** Whether an alert with this event_key already reached its channel (see {@link #delivered}). */
    public static final String DELIVERED = "SELECT delivered FROM alerts WHERE event_key = ?";

    /**
     * True when the alert keyed {@code eventKey} was already delivered: a restore from a checkpoint
     * taken before its row was written replays the alert, and the sender must not post it twice.
     */
    public static boolean delivered(Connection c, String eventKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELIVERED)) {
            ps.setString(1, eventKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** One row of the alerts table; {@code eventKey} is null for run alerts. */
    public record AlertRow(String source, String subject, String category, String kind, double value,
                           double threshold, String message, boolean delivered, String deliveryError,
                           Instant createdAt, String eventKey) {

        public AlertRow(String source, String subject, String category, String kind, double value, double threshold,
                        String message, boolean delivered, String deliveryError, Instant createdAt) {
            this(source, subject, category, kind, value, threshold, message, delivered, deliveryError, createdAt,
                    null);
        }
    }

    private final DataSource dataSource;

    public AlertStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(AlertRow row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bind(ps, row);
            ps.executeUpdate();
        }
    }

    /** Binds {@code row} to {@link #UPSERT}; NaN and infinite values are stored as NULL. */
    public static void bind(PreparedStatement ps, AlertRow row) throws SQLException {
        ps.setString(1, row.source());
        ps.setString(2, row.subject());
        ps.setString(3, row.category());
        ps.setString(4, row.kind());
        number(ps, 5, row.value());
        number(ps, 6, row.threshold());
        ps.setString(7, row.message());
        ps.setBoolean(8, row.delivered());
        text(ps, 9, row.deliveryError());
        ps.setTimestamp(10, Timestamp.from(row.createdAt()));
        text(ps, 11, row.eventKey());
    }

    private static void number(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void text(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
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
                        rs.getString("delivery_error"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("event_key")));
            }
        }
    }
}
