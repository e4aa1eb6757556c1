package dev.driftgate.core.report;

import java.time.Instant;
import java.util.List;

/**
 * What the HTML report (and the Grafana dashboards) show: runs over time, the gate's decisions and the
 * shadow-traffic summary. Read from the store ({@code core.store.ReportReader}) or built from
 * scores.json files ({@link #fromRuns}); rendered by the gate module's HtmlReport.
 *
 * @param runs      oldest first, so charts draw left to right without re-sorting
 * @param decisions newest first
 * @param shadow    empty when no shadow traffic was recorded
 */
public record ReportData(String title, Instant generatedAt, Thresholds thresholds, List<RunPoint> runs,
                         List<GateDecision> decisions, List<ShadowCategory> shadow) {
    public ReportData {
        runs = List.copyOf(runs);
        decisions = List.copyOf(decisions);
        shadow = List.copyOf(shadow);
    }

    /** The gate's absolute thresholds, drawn as lines on the score chart. */
    public record Thresholds(double overallMin, double perCategoryMin) {
    }
}
