package dev.driftgate.gate.alerts;

import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.notify.SlackMessages;
import dev.driftgate.core.notify.SlackWebhook;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.AlertStore;
import dev.driftgate.gate.GatePolicy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rolling mean of each category over the last tracking.rolling_window_runs recorded
 * runs of the production history (tracking.alert_history: runs tagged env=production or branch=main by
 * default; never pull-request candidates). Below thresholds.per_category_min it posts a Slack alert, at most one per category per
 * tracking.alert_cooldown_minutes; when the mean comes back it posts one recovery message. State
 * lives in the alerts table (source 'runs', subject '*'), so every CI runner and laptop shares it.
 * Call {@link #afterRun} after the run has been saved.
 */
public final class RunAlerter {
    public static final String SOURCE = "runs";
    public static final String SUBJECT = "*";
    public static final String WEBHOOK_ENV = SlackWebhook.WEBHOOK_ENV;
    private static final Logger LOG = LoggerFactory.getLogger(RunAlerter.class);

    /** What happened for one category. */
    public enum Action { ALERT_SENT, RECOVERY_SENT, SUPPRESSED_BY_COOLDOWN, DELIVERY_FAILED, NONE }

    public record Outcome(String category, double rollingMean, Action action, String detail) {
    }

    private final CategoryHistory history;
    private final ScorerConfig.TrackingSettings tracking;
    private final AlertStore alerts;
    private final SlackWebhook slack;
    private final Map<String, String> environment;
    private final Clock clock;
    private final int window;
    private final Duration cooldown;
    private final double minimum;

    public RunAlerter(DataSource dataSource, ScorerConfig scorer, SlackWebhook slack,
                      Map<String, String> environment, Clock clock) {
        this.history = new CategoryHistory(dataSource, scorer.tracking().alertHistory());
        this.tracking = scorer.tracking();
        this.alerts = new AlertStore(dataSource);
        this.slack = slack;
        this.environment = environment;
        this.clock = clock;
        this.window = scorer.tracking().rollingWindowRuns();
        this.cooldown = Duration.ofMinutes(scorer.tracking().alertCooldownMinutes());
        this.minimum = scorer.thresholds().perCategoryMin();
    }

    /** The production wiring the eval command uses: process environment, system clock, retrying HTTP. */
    public static RunAlerter create(DataSource dataSource, ScorerConfig scorer) {
        return new RunAlerter(dataSource, scorer, SlackWebhook.withDefaults(),
                Environment.system().asMap(), Clock.systemUTC());
    }

    /**
     * Checks every category of {@code run} (already saved). A category needs a full window of runs
     * before it can alert. Never throws for Slack trouble: that is recorded in alerts.delivery_error.
     */
    public List<Outcome> afterRun(EvalRun run) throws SQLException, InterruptedException {
        if (!tracking.inAlertHistory(run.tags())) {
            return List.of(); // a PR candidate or local run: not production history, never an alert
        }
        Map<String, List<Double>> recent = history.lastRuns(window);
        List<Outcome> outcomes = new ArrayList<>();
        for (String category : new TreeSet<>(run.categories().keySet())) {
            List<Double> scores = recent.getOrDefault(category, List.of());
            if (scores.size() < window) {
                continue;
            }
            double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            outcomes.add(check(run, category, mean, scores));
        }
        return outcomes;
    }

    private Outcome check(EvalRun run, String category, double mean, List<Double> scores)
            throws SQLException, InterruptedException {
        Instant now = clock.instant();
        boolean below = mean < minimum - GatePolicy.EPSILON;
        if (below) {
            Optional<AlertStore.AlertRow> lastAlert = alerts.latestDeliveredAlert(SOURCE, SUBJECT, category);
            if (lastAlert.isPresent() && now.isBefore(lastAlert.get().createdAt().plus(cooldown))) {
                return new Outcome(category, mean, Action.SUPPRESSED_BY_COOLDOWN,
                        "last alert at " + lastAlert.get().createdAt());
            }
            return deliver(true, run, category, mean, scores, now);
        }
        Optional<AlertStore.AlertRow> last = alerts.latestDelivered(SOURCE, SUBJECT, category);
        if (last.isPresent() && AlertStore.KIND_ALERT.equals(last.get().kind())) {
            return deliver(false, run, category, mean, scores, now);
        }
        return new Outcome(category, mean, Action.NONE, "");
    }

    private Outcome deliver(boolean alert, EvalRun run, String category, double mean, List<Double> scores, Instant now)
            throws SQLException, InterruptedException {
        String text = SlackMessages.runSummary(alert, category, mean, minimum, scores.size());
        Optional<String> error = slack.post(environment.get(WEBHOOK_ENV), SlackMessages.runAlert(alert, category,
                mean, minimum, scores, run.runId(), run.model(), (int) cooldown.toMinutes()));
        alerts.record(new AlertStore.AlertRow(SOURCE, SUBJECT, category,
                alert ? AlertStore.KIND_ALERT : AlertStore.KIND_RECOVERY, mean, minimum, text, error.isEmpty(),
                error.orElse(null), now));
        if (error.isPresent()) {
            LOG.warn("run alert for {} not delivered: {}", category, error.get());
            return new Outcome(category, mean, Action.DELIVERY_FAILED, error.get());
        }
        return new Outcome(category, mean, alert ? Action.ALERT_SENT : Action.RECOVERY_SENT, text);
    }
}
