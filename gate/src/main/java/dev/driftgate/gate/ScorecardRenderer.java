package dev.driftgate.gate;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.RunTags;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.text.MarkdownText;
import dev.driftgate.gate.GateReport.CategoryRow;
import dev.driftgate.gate.GateReport.ExampleChange;
import dev.driftgate.gate.GateReport.OverallRow;
import dev.driftgate.gate.GateReport.Status;
import dev.driftgate.gate.trend.ScoreTrend;
import dev.driftgate.gate.trend.TrendChart;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders a {@link GateReport} as the Markdown scorecard: verdict line first, then the evidence. */
public final class ScorecardRenderer {
    static final int PROMPT_EXCERPT_CHARS = 60;
    static final int MAX_LISTED_FAILURES = 10;

    /** The scorecard with a trend of the baseline and this run only (no run store to read history from). */
    public String render(GateReport report) {
        return render(report, ScoreTrend.fromFiles(report.baseline(), report.current()));
    }

    public String render(GateReport report, ScoreTrend trend) {
        StringBuilder md = new StringBuilder();
        simulatedBanner(md, report);
        verdict(md, report);
        categories(md, report);
        overall(md, report);
        trend(md, report, trend);
        metrics(md, report);
        mostRegressed(md, report);
        judgeFailures(md, report);
        notes(md, report);
        versions(md, report);
        return md.toString();
    }

    /** First, so nobody reads a simulator's scores as a real model's (a fork or a repo without a key). */
    private void simulatedBanner(StringBuilder md, GateReport r) {
        if (RunTags.simulated(r.current())) {
            md.append("> ⚠️ **Simulated models, no API key:** this run used the built-in LLM simulator (`--sim`), so ")
                    .append("its scores say nothing about a real model. Set the `OPENAI_API_KEY` secret to evaluate ")
                    .append("real models.\n\n");
        }
    }

    private void verdict(StringBuilder md, GateReport r) {
        if (r.passed()) {
            md.append("## ✅ driftgate quality gate: PASS\n\n");
        } else {
            md.append("## ❌ driftgate quality gate: BLOCKED\n\n");
            for (String reason : r.blockingReasons()) {
                md.append("- ").append(text(reason)).append('\n');
            }
            md.append('\n');
        }
        if (r.baseline() == null) {
            md.append("> **No baseline comparison:** ").append(text(r.baselineAbsence()))
                    .append(". Only the absolute thresholds (overall ≥ ").append(num2(r.policy().overallMin()))
                    .append(", every category ≥ ").append(num2(r.policy().perCategoryMin())).append(") were applied.\n\n");
        } else {
            md.append("Compared with production run ").append(code(r.baseline().runId()))
                    .append(r.baselineOrigin() == null ? "" : " from " + MarkdownText.text(r.baselineOrigin()))
                    .append(": a category blocks when it drops more than ")
                    .append(num2(r.policy().regressionDelta())).append(r.policy().requireSignificance()
                            ? " and the drop is significant (95% CI below zero)" : "")
                    .append("; overall must reach ").append(num2(r.policy().overallMin()))
                    .append(", every category ").append(num2(r.policy().perCategoryMin())).append(".\n\n");
        }
    }

    private void categories(StringBuilder md, GateReport r) {
        md.append("### Categories\n\n");
        md.append("| Category | Shared examples | Baseline | Current | Δ | 95% CI | Status |\n");
        md.append("|---|---:|---:|---:|---:|---|---|\n");
        for (CategoryRow row : r.categories()) {
            md.append("| ").append(text(row.category()))
                    .append(" | ").append(r.baseline() == null ? "–" : String.valueOf(row.sharedExamples()))
                    .append(" | ").append(num(row.baselineScore()))
                    .append(" | ").append(num(row.currentScore()))
                    .append(" | ").append(signed(row.delta()))
                    .append(" | ").append(interval(row.ci()))
                    .append(" | ").append(status(row)).append(" |\n");
        }
        md.append('\n');
    }

    private String status(CategoryRow row) {
        return row.statuses().stream().map(s -> {
            String label = (s.blocks() ? "❌ " : "") + s.label();
            if (s == Status.REGRESSED && row.ci() != null) {
                label += row.ci().significantDrop() ? " (significant)" : " (within noise)";
            }
            if (s == Status.BELOW_MIN) {
                label += " (" + num(row.currentRunScore()) + ")";
            }
            return label;
        }).collect(Collectors.joining(", "));
    }

    private void overall(StringBuilder md, GateReport r) {
        OverallRow o = r.overall();
        md.append("### Overall\n\n");
        md.append("Current run overall: **").append(num(o.currentRunScore())).append("** (threshold ")
                .append(num2(r.policy().overallMin())).append(o.belowMin() ? ", ❌ below" : ", ok").append(")");
        if (r.baseline() != null) {
            md.append("; production run overall: ").append(num(r.baseline().overall()));
        }
        md.append(".\n\n");
        if (o.delta() != null) {
            md.append("| | Baseline | Current | Δ | 95% CI |\n|---|---:|---:|---:|---|\n");
            md.append("| Weighted over shared examples | ").append(num(o.baselineShared())).append(" | ")
                    .append(num(o.currentShared())).append(" | ").append(signed(o.delta())).append(" | ")
                    .append(interval(o.ci())).append(o.ci() != null && o.ci().significantDrop() ? " (significant drop)" : "")
                    .append(" |\n\n");
        }
    }

    /** A Mermaid chart GitHub draws in the PR comment; the numbers are in the tables above, too. */
    private void trend(StringBuilder md, GateReport r, ScoreTrend trend) {
        String chart = new TrendChart().render(trend, r.policy().overallMin());
        if (chart.isEmpty()) {
            return;
        }
        md.append("### Trend\n\n").append(chart).append('\n');
        md.append("Overall score of ").append(trend.production().size()).append(" production run")
                .append(trend.production().size() == 1 ? "" : "s").append(" (").append(text(trend.source()))
                .append("), then this candidate; the flat line is the threshold ")
                .append(num2(r.policy().overallMin())).append(".\n\n");
    }

    private void metrics(StringBuilder md, GateReport r) {
        md.append("### Metric breakdown\n\n");
        Map<String, CategoryScore> cur = orEmpty(r.current().categories());
        Map<String, CategoryScore> base = r.baseline() == null ? Map.of() : orEmpty(r.baseline().categories());
        md.append("| Category | BERTScore F1 | ROUGE-L F | Judge | Composite | Scored / failed |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        TreeSet<String> all = new TreeSet<>(cur.keySet());
        all.addAll(base.keySet());
        for (String c : all) {
            CategoryScore b = base.get(c);
            CategoryScore n = cur.get(c);
            md.append("| ").append(text(c))
                    .append(" | ").append(pair(b, n, CategoryScore::bertscore))
                    .append(" | ").append(pair(b, n, CategoryScore::rougeL))
                    .append(" | ").append(pair(b, n, CategoryScore::judge))
                    .append(" | ").append(pair(b, n, CategoryScore::composite))
                    .append(" | ").append(n == null ? "–" : n.n() + " / " + n.failed()).append(" |\n");
        }
        md.append('\n');
        if (r.baseline() != null) {
            md.append("Cells read `baseline → current` over each run's own examples.\n\n");
        }
    }

    private String pair(CategoryScore base, CategoryScore cur, Function<CategoryScore, Double> metric) {
        String c = cur == null ? "–" : num(metric.apply(cur));
        return base == null ? c : num(metric.apply(base)) + " → " + c;
    }

    private void mostRegressed(StringBuilder md, GateReport r) {
        if (r.baseline() == null) {
            return;
        }
        md.append("### Most regressed examples\n\n");
        if (r.mostRegressed().isEmpty()) {
            md.append("No shared example scored lower than in production.\n\n");
            return;
        }
        md.append("| Example | Category | Prompt | Before | After | Δ |\n|---|---|---|---:|---:|---:|\n");
        for (ExampleChange e : r.mostRegressed()) {
            md.append("| ").append(code(e.id())).append(" | ").append(text(e.category())).append(" | ")
                    .append(text(excerpt(e.prompt()))).append(" | ").append(num(e.before())).append(" | ")
                    .append(num(e.after())).append(" | ").append(signed(e.delta())).append(" |\n");
        }
        md.append('\n');
    }

    private void judgeFailures(StringBuilder md, GateReport r) {
        EvalRun cur = r.current();
        List<ExampleResult> failures = cur.examples() == null ? List.of() : cur.examples().stream()
                .filter(e -> e.failed() || (e.judge() != null && e.judge().failed())).toList();
        md.append("### Judge failures\n\n");
        md.append("Current run: **").append(cur.judgeFailures()).append("** judge failure(s)");
        if (r.baseline() != null) {
            md.append(" (production run: ").append(r.baseline().judgeFailures()).append(")");
        }
        md.append(". Failed examples are left out of the means, never scored 0.\n\n");
        if (!failures.isEmpty()) {
            md.append("| Example | Category | Stage | Reason |\n|---|---|---|---|\n");
            for (ExampleResult e : failures.subList(0, Math.min(MAX_LISTED_FAILURES, failures.size()))) {
                String stage = e.failureStage() != null ? e.failureStage() : "judge";
                String reason = e.failureReason() != null ? e.failureReason()
                        : e.judge() != null ? e.judge().failureReason() : "";
                md.append("| ").append(code(e.id())).append(" | ").append(text(e.category())).append(" | ")
                        .append(text(stage)).append(" | ").append(text(excerpt(reason))).append(" |\n");
            }
            if (failures.size() > MAX_LISTED_FAILURES) {
                md.append("\n…and ").append(failures.size() - MAX_LISTED_FAILURES).append(" more in scores.json.\n");
            }
            md.append('\n');
        }
    }

    private void notes(StringBuilder md, GateReport r) {
        if (r.notes().isEmpty()) {
            return;
        }
        md.append("### Notes\n\n");
        // notes are Markdown the gate wrote; the names in them went through MarkdownText.code there
        r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        md.append('\n');
    }

    private void versions(StringBuilder md, GateReport r) {
        EvalRun c = r.current();
        EvalRun b = r.baseline();
        md.append("### Versions\n\n| | Production (baseline) | Current |\n|---|---|---|\n");
        row(md, "Run id", b == null ? null : b.runId(), c.runId());
        row(md, "Model", b == null ? null : b.model(), c.model());
        row(md, "Judge model", b == null ? null : b.judgeModel(), c.judgeModel());
        row(md, "Prompt template", b == null ? null : b.promptTemplateVersion(), c.promptTemplateVersion());
        row(md, "System prompt hash", b == null ? null : b.systemPromptHash(), c.systemPromptHash());
        row(md, "Dataset version", b == null ? null : b.datasetVersion(), c.datasetVersion());
        row(md, "Config hash", b == null ? null : b.configHash(), c.configHash());
        row(md, "Git SHA", b == null ? null : b.gitSha(), c.gitSha());
        if (r.baselineOrigin() != null) {
            md.append("| Baseline source | ").append(r.baselineOrigin()).append(" | |\n");
        }
        md.append('\n');
        parameters(md, b, c);
    }

    /** Every recorded run parameter, both sides, differences marked: collapsed, as it is long. */
    private void parameters(StringBuilder md, EvalRun b, EvalRun c) {
        Map<String, String> base = b == null ? Map.of() : b.params();
        Map<String, String> cur = c.params();
        if (base.isEmpty() && cur.isEmpty()) {
            return;
        }
        TreeSet<String> keys = new TreeSet<>(base.keySet());
        keys.addAll(cur.keySet());
        long changed = keys.stream().filter(k -> !java.util.Objects.equals(base.get(k), cur.get(k))).count();
        md.append("<details><summary>Run parameters (").append(keys.size()).append(", ")
                .append(b == null ? "no baseline" : changed + " differ").append(")</summary>\n\n")
                .append("| Parameter | Production (baseline) | Current |\n|---|---|---|\n");
        for (String k : keys) {
            boolean differs = b != null && !java.util.Objects.equals(base.get(k), cur.get(k));
            String key = MarkdownText.text(k);
            md.append("| ").append(differs ? "**" + key + "**" : key).append(" | ")
                    .append(MarkdownText.text(base.getOrDefault(k, "–"))).append(" | ")
                    .append(MarkdownText.text(cur.getOrDefault(k, "–"))).append(" |\n");
        }
        md.append("\n</details>\n\n");
    }

    private static void row(StringBuilder md, String label, String base, String cur) {
        md.append("| ").append(label).append(" | ").append(code(base)).append(" | ").append(code(cur)).append(" |\n");
    }

    /** Every value from a run, the store or a model goes through here: it is data, not markup. */
    private static String text(String v) {
        return MarkdownText.text(v);
    }

    private static String code(String v) {
        return MarkdownText.code(v);
    }

    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= PROMPT_EXCERPT_CHARS ? flat : flat.substring(0, PROMPT_EXCERPT_CHARS - 1) + "…";
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    static String num(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String num2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%+.4f", v);
    }

    static String interval(Interval ci) {
        return ci == null ? "–" : "[" + signed(ci.lower()) + ", " + signed(ci.upper()) + "]";
    }
}
