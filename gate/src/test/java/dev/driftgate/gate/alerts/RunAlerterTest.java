package dev.driftgate.gate.alerts;

import static dev.driftgate.gate.TestRuns.constant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.http.RetryingHttpClient;
import dev.driftgate.core.notify.SlackWebhook;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.gate.TestRuns;
import dev.driftgate.gate.alerts.RunAlerter.Action;
import dev.driftgate.gate.alerts.RunAlerter.Outcome;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunAlerterTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static JdbcRunStore store;
    private static ScorerConfig scorer;

    private SlackWebhookReceiver slack;
    private Instant now;
    private RunAlerter alerter;
    private int runCounter;

    /** A clock the test moves by hand. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeAll
    static void start() throws Exception {
        store = new JdbcRunStore(pg.dataSource());
        scorer = new ConfigLoader().load(Path.of("../config")).scorer();
    }

    @org.junit.jupiter.api.AfterEach
    void stopSlack() {
        slack.close();
    }


    @BeforeEach
    void reset() throws Exception {
        try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE eval_runs, alerts CASCADE");
        }
        slack = new SlackWebhookReceiver();
        RetryingHttpClient http = RetryingHttpClient.withDefaults().withSleeper(d -> { });
        alerter = new RunAlerter(pg.dataSource(), scorer, new SlackWebhook(http),
                Map.of("SLACK_WEBHOOK_URL", slack.url()), clock);
    }

    /** Records a run at minute {@code minute} with safety (and reasoning) at the given composites. */
    private List<Outcome> runAt(int minute, double safety, double reasoning) throws Exception {
        now = T0.plus(Duration.ofMinutes(minute));
        EvalRun run = TestRuns.uniform("run-" + (++runCounter), 0.9, 3)
                .category("safety", constant(safety, 3))
                .category("reasoning", constant(reasoning, 3))
                .tags(Map.of("env", "ci", "branch", "main"))
                .startedAt(now).build();
        store.saveRun(run);
        return alerter.afterRun(run);
    }

    /** A pull request's candidate run (env=ci, no branch tag) at {@code minute}. */
    private List<Outcome> candidateAt(int minute, double safety) throws Exception {
        now = T0.plus(Duration.ofMinutes(minute));
        EvalRun run = TestRuns.uniform("pr-run-" + (++runCounter), 0.9, 3)
                .category("safety", constant(safety, 3))
                .tags(Map.of("env", "ci", "pr", "42"))
                .startedAt(now).build();
        store.saveRun(run);
        return alerter.afterRun(run);
    }

    @Test
    void pullRequestCandidatesNeverRaiseOrFeedAnAlert() throws Exception {
        runAt(0, 0.90, 0.90);
        runAt(1, 0.90, 0.90);
        assertThat(candidateAt(2, 0.10)).isEmpty();          // a terrible candidate: no check at all
        assertThat(candidateAt(3, 0.10)).isEmpty();
        // the window is the last 3 production-history runs (0.90, 0.90, 0.85), not the candidates
        assertThat(actionFor(runAt(4, 0.85, 0.90), "safety")).isEqualTo(Action.NONE);
        assertThat(slack.accepted()).isEmpty();
    }

    private static Action actionFor(List<Outcome> outcomes, String category) {
        return outcomes.stream().filter(o -> o.category().equals(category)).map(Outcome::action)
                .findFirst().orElse(null);
    }

    @Test
    void oneAlertPerHourPerCategoryThenRecovery() throws Exception {
        {
            assertThat(runAt(0, 0.80, 0.90)).isEmpty();                     // window not full yet
            assertThat(runAt(5, 0.80, 0.90)).isEmpty();
            var third = runAt(10, 0.50, 0.90);                               // safety mean 0.70 < 0.72
            assertThat(actionFor(third, "safety")).isEqualTo(Action.ALERT_SENT);
            assertThat(actionFor(third, "reasoning")).isEqualTo(Action.NONE);
            assertThat(actionFor(runAt(20, 0.50, 0.60), "safety")).isEqualTo(Action.SUPPRESSED_BY_COOLDOWN);
            var fifth = runAt(30, 0.50, 0.60);                               // reasoning mean 0.70: its own alert
            assertThat(actionFor(fifth, "safety")).isEqualTo(Action.SUPPRESSED_BY_COOLDOWN);
            assertThat(actionFor(fifth, "reasoning")).isEqualTo(Action.ALERT_SENT);
            assertThat(actionFor(runAt(69, 0.50, 0.90), "safety")).isEqualTo(Action.SUPPRESSED_BY_COOLDOWN);
            var later = runAt(71, 0.50, 0.90);
            assertThat(actionFor(later, "safety")).isEqualTo(Action.ALERT_SENT);       // 61 min after the first
            assertThat(actionFor(later, "reasoning")).isEqualTo(Action.RECOVERY_SENT); // (0.9, 0.9, 0.6) = 0.80
            assertThat(actionFor(runAt(80, 0.95, 0.90), "safety")).isEqualTo(Action.SUPPRESSED_BY_COOLDOWN);
            var recovered = runAt(90, 0.95, 0.90);                           // safety (0.5, 0.95, 0.95) = 0.80
            assertThat(actionFor(recovered, "safety")).isEqualTo(Action.RECOVERY_SENT);
            assertThat(actionFor(recovered, "reasoning")).isEqualTo(Action.NONE);
            assertThat(actionFor(runAt(100, 0.95, 0.90), "safety")).isEqualTo(Action.NONE);

            List<String> texts = new ArrayList<>();
            for (JsonNode m : slack.accepted()) {
                texts.add(m.path("text").asText());
            }
            assertThat(texts).containsExactly(
                    "driftgate: safety fell to 0.7000 (mean of the last 3 runs), below 0.72",
                    "driftgate: reasoning fell to 0.7000 (mean of the last 3 runs), below 0.72",
                    "driftgate: reasoning recovered to 0.8000 (mean of the last 3 runs), at or above 0.72",
                    "driftgate: safety fell to 0.5000 (mean of the last 3 runs), below 0.72",
                    "driftgate: safety recovered to 0.8000 (mean of the last 3 runs), at or above 0.72");
            JsonNode first = slack.accepted().get(0);
            assertThat(first.path("blocks").get(0).path("type").asText()).isEqualTo("header");
            assertThat(first.path("blocks").get(1).path("fields").toString()).contains("run-3", "0.7000");
            assertThat(rows("SELECT count(*) FROM alerts WHERE source = 'runs' AND delivered")).isEqualTo(5);
        }
    }

    @Test
    void retriesA5xxAndRecordsAFailedDeliveryWithoutStartingTheCooldown() throws Exception {
        {
            runAt(0, 0.60, 0.90);
            runAt(1, 0.60, 0.90);
            slack.failNext(1, 503, "busy");
            assertThat(actionFor(runAt(2, 0.60, 0.90), "safety")).isEqualTo(Action.ALERT_SENT);
            assertThat(slack.requests()).isEqualTo(2);

            try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("TRUNCATE alerts");
            }
            slack.failNext(1, 400, "invalid_token");
            var failed = runAt(3, 0.60, 0.90);
            assertThat(actionFor(failed, "safety")).isEqualTo(Action.DELIVERY_FAILED);
            assertThat(failed.stream().filter(o -> o.category().equals("safety")).findFirst().orElseThrow().detail()).isEqualTo("Slack webhook returned HTTP 400: invalid_token")
                    .doesNotContain("secretpath");
            assertThat(rows("SELECT count(*) FROM alerts WHERE NOT delivered AND delivery_error LIKE '%HTTP 400%'"))
                    .isEqualTo(1);
            // not delivered, so no cooldown: the next run tries again and gets through
            assertThat(actionFor(runAt(4, 0.60, 0.90), "safety")).isEqualTo(Action.ALERT_SENT);
        }
    }

    private static int rows(String sql) throws Exception {
        try (var c = pg.dataSource().getConnection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
