package dev.driftgate.core.store;

import dev.driftgate.core.judge.agreement.JudgeAgreement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** judge_agreement (V8): one row per rubric dimension per measurement, so the trend can be drawn. */
public final class AgreementStore {
    /** A stored measurement of one dimension. */
    public record Stored(String judgeModel, String rubricVersion, String dimension, int n, double kappa,
                         double low, double high, java.time.Instant measuredAt) {
    }

    private final DataSource dataSource;

    public AgreementStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(String judgeModel, String rubricVersion, String labelsSha256, List<JudgeAgreement.Row> rows)
            throws SQLException {
        String sql = "INSERT INTO judge_agreement (judge_model, rubric_version, dimension, weighting, n, kappa, ci_low,"
                + " ci_high, labels_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (JudgeAgreement.Row r : rows) {
                ps.setString(1, judgeModel);
                ps.setString(2, rubricVersion);
                ps.setString(3, r.dimension());
                ps.setString(4, r.weighting());
                ps.setInt(5, r.estimate().n());
                setNullable(ps, 6, r.estimate().kappa());
                setNullable(ps, 7, r.estimate().low());
                setNullable(ps, 8, r.estimate().high());
                ps.setString(9, labelsSha256);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The latest measurement of each dimension for this judge model and rubric version. */
    public List<Stored> latest(String judgeModel, String rubricVersion) throws SQLException {
        String sql = "SELECT DISTINCT ON (dimension) dimension, n, kappa, ci_low, ci_high, measured_at"
                + " FROM judge_agreement WHERE judge_model = ? AND rubric_version = ?"
                + " ORDER BY dimension, measured_at DESC, id DESC";
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, judgeModel);
            ps.setString(2, rubricVersion);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(judgeModel, rubricVersion, rs.getString(1), rs.getInt(2), nullable(rs, 3),
                            nullable(rs, 4), nullable(rs, 5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }

    private static void setNullable(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static double nullable(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }
}
