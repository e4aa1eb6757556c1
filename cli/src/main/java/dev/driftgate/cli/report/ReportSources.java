package dev.driftgate.cli.report;

import dev.driftgate.core.report.GateDecision;
import dev.driftgate.core.report.ReportData;
import dev.driftgate.core.report.RunPoint;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.store.GateDecisionStore;
import dev.driftgate.core.store.ReportReader;
import dev.driftgate.gate.Baseline;
import dev.driftgate.gate.GatePolicy;
import dev.driftgate.gate.GateReport;
import dev.driftgate.gate.QualityGate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/** Where a report's data comes from: the run store, or scores.json files. */
final class ReportSources {
    private ReportSources() {
    }

    static ReportData fromStore(DataSource ds, int limit, int shadowDays, ReportData.Thresholds thresholds, Instant now) {
        ReportReader reader = new ReportReader(ds);
        return new ReportData("driftgate report", now, thresholds, reader.runs(limit),
                new GateDecisionStore(ds).recent(limit),
                reader.shadow(now.minus(Duration.ofDays(shadowDays))));
    }

    /**
     * Baselines and the candidate as runs; with both, the gate's decision for the candidate against the
     * newest baseline (the same QualityGate as `driftgate gate`), so the file shows the verdict too.
     */
    static ReportData fromFiles(Path scores, List<Path> baselineFiles, GatePolicy policy,
                                ReportData.Thresholds thresholds, Instant now) {
        List<EvalRun> baselines = baselineFiles.stream().map(ScoresFile::readCompleted)
                .sorted(Comparator.comparing(EvalRun::startedAt)).toList();
        List<EvalRun> all = new ArrayList<>(baselines);
        List<GateDecision> decisions = new ArrayList<>();
        if (scores != null) {
            EvalRun candidate = ScoresFile.readCompleted(scores);
            all.add(candidate);
            Baseline baseline = baselines.isEmpty() ? Baseline.absent("no baseline file given")
                    : Baseline.of(baselines.get(baselines.size() - 1));
            GateReport report = new QualityGate(policy).decide(candidate, baseline);
            decisions.add(new GateDecision(candidate.runId(), report.baseline() == null ? null : report.baseline().runId(),
                    report.passed() ? "pass" : "blocked", report.blockingReasons(), now));
        }
        all.sort(Comparator.comparing(EvalRun::startedAt));
        return new ReportData("driftgate report", now, thresholds, all.stream().map(RunPoint::of).toList(),
                decisions, List.of());
    }
}
