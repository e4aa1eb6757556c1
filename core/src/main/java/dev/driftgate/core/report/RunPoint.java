package dev.driftgate.core.report;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ModelUsage;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run as the charts need it: no example rows. Scores that do not exist are null (not NaN), so
 * they serialise as JSON null and charts leave a gap instead of plotting 0.
 *
 * @param env        the run's env tag (ci, production, previous-production, ...) or null
 * @param categories category name to mean composite, sorted by name
 */
public record RunPoint(String runId, Instant startedAt, String status, String env, String model,
                       String promptTemplateVersion, Double overall, Map<String, Double> categories,
                       double costUsd) {
    public RunPoint {
        categories = java.util.Collections.unmodifiableMap(new TreeMap<>(categories));
    }

    public static RunPoint of(EvalRun run) {
        Map<String, Double> categories = new TreeMap<>();
        for (Map.Entry<String, CategoryScore> e : run.categories().entrySet()) {
            categories.put(e.getKey(), finite(e.getValue().composite()));
        }
        double cost = run.usage() == null ? 0 : run.usage().values().stream().mapToDouble(ModelUsage::costUsd).sum();
        String env = run.tags() == null ? null : run.tags().get("env");
        return new RunPoint(run.runId(), run.startedAt(), run.status().wire(), env, run.model(),
                run.promptTemplateVersion(), finite(run.overall()), categories, cost);
    }

    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
