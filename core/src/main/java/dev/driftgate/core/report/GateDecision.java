package dev.driftgate.core.report;

import java.time.Instant;
import java.util.List;

/**
 * One decision of the quality gate, as stored in gate_decisions (V6).
 *
 * @param baselineRunId the production run compared against, or null (absolute thresholds only)
 * @param decision      "pass" or "blocked"
 * @param reasons       the blocking reasons (empty when passed), then notes such as why there was no baseline
 */
public record GateDecision(String runId, String baselineRunId, String decision, List<String> reasons, Instant at) {
    public GateDecision {
        reasons = List.copyOf(reasons);
    }
}
