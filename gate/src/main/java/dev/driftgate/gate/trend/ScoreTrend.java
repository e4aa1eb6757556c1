package dev.driftgate.gate.trend;

import dev.driftgate.core.run.EvalRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The overall scores the scorecard's trend chart draws: production runs oldest first, then this
 * candidate. {@code source} says where the production points came from (shown under the chart).
 */
public record ScoreTrend(List<Point> production, Point candidate, String source) {

    /** One run on the chart. */
    public record Point(String runId, Instant startedAt, double overall) {
        public static Point of(EvalRun run) {
            return new Point(run.runId(), run.startedAt(), run.overall());
        }
    }

    public ScoreTrend {
        production = List.copyOf(production);
    }

    /** Without a store: the baseline run (when there is one) and the candidate. */
    public static ScoreTrend fromFiles(EvalRun baseline, EvalRun candidate) {
        return new ScoreTrend(baseline == null ? List.of() : List.of(Point.of(baseline)), Point.of(candidate),
                baseline == null ? "no production run available" : "the production baseline only (no run store)");
    }

    /**
     * Production history from the store; the candidate itself is left out if it is in there, and the
     * baseline is added when the history lacks it (a store that holds other runs than the file).
     */
    public static ScoreTrend fromHistory(List<Point> history, EvalRun baseline, EvalRun candidate, String source) {
        List<Point> points = new ArrayList<>(history.stream().filter(p -> !p.runId().equals(candidate.runId())).toList());
        if (baseline != null && points.stream().noneMatch(p -> p.runId().equals(baseline.runId()))) {
            points.add(Point.of(baseline));
        }
        points.sort(java.util.Comparator.comparing(Point::startedAt, java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder())));
        return new ScoreTrend(points, Point.of(candidate), source);
    }
}
