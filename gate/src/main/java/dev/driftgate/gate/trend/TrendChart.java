package dev.driftgate.gate.trend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trend as a Mermaid {@code xychart-beta} block, which GitHub draws inside a PR comment: one line
 * of overall scores (production runs, then this candidate) and one of the overall threshold.
 *
 * <p>Run ids come from files and the store, so they are reduced to a short, safe alphabet before
 * they go into the chart source: a quote, bracket or newline in a label would end the Mermaid
 * string and could inject chart directives. Values are finite numbers only; a missing score is left out.
 */
public final class TrendChart {
    static final int LABEL_CHARS = 12;

    public String render(ScoreTrend trend, double threshold) {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ScoreTrend.Point p : trend.production()) {
            if (Double.isFinite(p.overall())) {
                labels.add(label(p.runId()));
                values.add(p.overall());
            }
        }
        if (!Double.isFinite(trend.candidate().overall())) {
            return "";
        }
        labels.add("candidate");
        values.add(trend.candidate().overall());
        double low = Math.min(threshold, values.stream().mapToDouble(Double::doubleValue).min().orElse(threshold));
        double high = Math.max(threshold, values.stream().mapToDouble(Double::doubleValue).max().orElse(threshold));
        double min = Math.max(0, Math.floor((low - 0.05) * 20) / 20);
        double max = Math.min(1, Math.ceil((high + 0.05) * 20) / 20);
        StringBuilder md = new StringBuilder("```mermaid\nxychart-beta\n");
        md.append("    title \"Overall score: last production runs and this candidate\"\n");
        md.append("    x-axis [").append(String.join(", ", labels.stream().map(l -> "\"" + l + "\"").toList())).append("]\n");
        md.append("    y-axis \"overall\" ").append(num(min)).append(" --> ").append(num(max)).append('\n');
        md.append("    line [").append(String.join(", ", values.stream().map(TrendChart::num).toList())).append("]\n");
        md.append("    line [").append(String.join(", ", values.stream().map(v -> num(threshold)).toList())).append("]\n");
        md.append("```\n");
        return md.toString();
    }

    /** Letters, digits, '-', '_' and '.' only, at most {@link #LABEL_CHARS}; never empty. */
    static String label(String runId) {
        String safe = runId == null ? "" : runId.replaceAll("[^A-Za-z0-9._-]", "");
        if (safe.length() > LABEL_CHARS) {
            safe = safe.substring(0, LABEL_CHARS);
        }
        return safe.isEmpty() ? "run" : safe;
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
