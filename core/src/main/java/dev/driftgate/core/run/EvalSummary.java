package dev.driftgate.core.run;

import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.core.text.TerminalText;
import java.util.List;
import java.util.Locale;

/**
 * The summary {@code driftgate eval} prints: a table per category, usage per model, the first
 * failures, and where the run went. Every value that came from a model, the dataset or the store
 * (category, model, example id, failure reason) is printed through {@link TerminalText}: a judge's
 * raw answer or an old run's model name must not move the cursor or start a forged log line.
 */
public final class EvalSummary {
    static final int MAX_LISTED_FAILURES = 10;

    private EvalSummary() {
    }

    public static String render(EvalRun run, String scoresPath, String store) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n%-24s %5s %6s %9s %8s %6s %9s%n", "category", "n", "failed", "bertscore",
                "rouge_l", "judge", "composite"));
        for (CategoryScore c : run.categories().values()) {
            sb.append(String.format(Locale.ROOT, "%-24s %5d %6d %9.3f %8.3f %6.3f %9.3f%n", safe(c.category()), c.n(),
                    c.failed(), c.bertscore(), c.rougeL(), c.judge(), c.composite()));
        }
        int failed = run.categories().values().stream().mapToInt(CategoryScore::failed).sum();
        sb.append(String.format(Locale.ROOT, "%-24s %5d %6d %36.3f%n", "overall", run.examples().size() - failed, failed,
                run.overall()));
        for (ModelUsage u : run.usage().values()) {
            sb.append(String.format(Locale.ROOT, "usage %s: %d calls, %d in / %d out tokens, $%.4f%n", safe(u.model()),
                    u.calls(), u.inputTokens(), u.outputTokens(), u.costUsd()));
        }
        List<String> reasons = run.examples().stream().filter(e -> e.failed())
                .map(e -> "  " + safe(e.id()) + " [" + safe(e.failureStage()) + "] " + safe(e.failureReason()))
                .limit(MAX_LISTED_FAILURES).toList();
        if (!reasons.isEmpty()) {
            sb.append("failures (first ").append(reasons.size()).append("):\n");
            reasons.forEach(r -> sb.append(r).append('\n'));
        }
        sb.append(String.format(Locale.ROOT, "run %s: %s; %s written; recorded in %s%n", safe(run.runId()),
                run.status().wire(), safe(scoresPath), safe(store)));
        return sb.toString();
    }

    private static String safe(String s) {
        return TerminalText.safe(s);
    }
}
