package dev.driftgate.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.report.GateDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The gate_decisions table (V6): every decision of `driftgate gate` with its reasons. */
public final class GateDecisionStore {
    private static final TypeReference<List<String>> REASONS = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public GateDecisionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param scorecard where the scorecard was written (path or URL), or null */
    public void record(GateDecision decision, String scorecard) {
        String sql = "INSERT INTO gate_decisions (run_id, baseline_run_id, decision, reasons, scorecard, decided_at)"
                + " VALUES (?, ?, ?, ?::jsonb, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, decision.runId());
            ps.setString(2, decision.baselineRunId());
            ps.setString(3, decision.decision());
            ps.setString(4, Json.mapper().writeValueAsString(decision.reasons()));
            ps.setString(5, scorecard);
            ps.setTimestamp(6, Timestamp.from(decision.at()));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot record the gate decision for run " + decision.runId(), e);
        }
    }

    /** Newest first. */
    public List<GateDecision> recent(int limit) {
        String sql = "SELECT run_id, baseline_run_id, decision, reasons::text AS reasons, decided_at FROM gate_decisions"
                + " ORDER BY decided_at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<GateDecision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GateDecision(rs.getString("run_id"), rs.getString("baseline_run_id"),
                            rs.getString("decision"), Json.mapper().readValue(rs.getString("reasons"), REASONS),
                            rs.getTimestamp("decided_at").toInstant()));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read gate decisions", e);
        }
    }
}
