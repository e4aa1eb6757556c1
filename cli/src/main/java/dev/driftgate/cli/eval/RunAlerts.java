package dev.driftgate.cli.eval;

import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.notify.SlackWebhook;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.gate.alerts.RunAlerter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs the rolling-average run alerts after eval has recorded a run and says what happened. Slack
 * is posted to only when SLACK_WEBHOOK_URL is set; any failure here is a warning and never changes
 * eval's exit code.
 */
final class RunAlerts {
    private RunAlerts() {
    }

    /** The outcomes, or an empty list when the check itself failed (reported on {@code err}). */
    static List<RunAlerter.Outcome> check(DataSource dataSource, ScorerConfig scorer, Map<String, String> environment,
                                          EvalRun run, PrintWriter err) {
        try {
            RunAlerter alerter = new RunAlerter(dataSource, scorer,
                    SlackWebhook.withDefaults(), environment, Clock.systemUTC());
            List<RunAlerter.Outcome> outcomes = alerter.afterRun(run);
            for (RunAlerter.Outcome o : outcomes) {
                if (o.action() != RunAlerter.Action.NONE) {
                    err.printf(Locale.ROOT, "run alert: %s rolling mean %.3f (threshold %.2f): %s%s%n", o.category(),
                            o.rollingMean(), scorer.thresholds().perCategoryMin(),
                            o.action().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            o.action() == RunAlerter.Action.DELIVERY_FAILED ? " (" + o.detail() + ")" : "");
                }
            }
            err.flush();
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("driftgate eval: warning: run alerts interrupted (the eval result is unchanged)");
            return List.of();
        } catch (Exception e) {
            err.println("driftgate eval: warning: run alerts failed: " + e.getMessage() + " (the eval result is unchanged)");
            return List.of();
        }
    }
}
