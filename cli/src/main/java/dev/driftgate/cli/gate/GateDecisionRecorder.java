package dev.driftgate.cli.gate;

import dev.driftgate.cli.StoreOption;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.report.GateDecision;
import dev.driftgate.core.store.GateDecisionStore;
import dev.driftgate.gate.GateReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores what the gate decided and why (gate_decisions), for the Grafana "latest gate status" card and
 * the report. Best effort: a store that cannot be reached is a warning, never a different verdict.
 */
final class GateDecisionRecorder {
    private GateDecisionRecorder() {
    }

    static GateDecision decisionOf(GateReport report, Instant at) {
        List<String> reasons = new ArrayList<>(report.blockingReasons());
        if (report.baseline() == null && report.baselineAbsence() != null) {
            reasons.add("no baseline: " + report.baselineAbsence());
        }
        return new GateDecision(report.current().runId(), report.baseline() == null ? null : report.baseline().runId(),
                report.passed() ? "pass" : "blocked", reasons, at);
    }

    static void record(StoreOption store, Environment env, GateReport report, Path scorecard, PrintWriter stderr) {
        try (StoreOption.Opened opened = store.openRunStore(env)) {
            new GateDecisionStore(opened.dataSource()).record(decisionOf(report, Instant.now()),
                    scorecard.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            stderr.println("driftgate gate: warning: decision not recorded in the run store: "
                    + StoreOption.redact(e.getMessage(), env) + " (the verdict is unchanged)");
        }
    }
}
