package dev.driftgate.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.CliRun;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.core.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftgate eval} runs the rolling-average run alerts after recording the run: with two
 * earlier low runs of a category in the store, the new run completes the window and the alert goes
 * to the Slack webhook (a local HTTP server speaking Slack's incoming-webhook protocol); a webhook
 * that refuses the post is recorded as undelivered and does not change eval's exit code.
 */
class EvalRunAlertsTest {
    private static final String CONFIG = "../config";
    private static final String DATASET = "../data/eval/golden_dataset.jsonl";

    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static SlackWebhookReceiver slack;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        slack = new SlackWebhookReceiver();
    }

    @AfterAll
    static void stop() throws Exception {
        slack.close();
    }

    /** A fresh database on the class's server, migrated, with two earlier runs scoring {@code category} low. */
    private static TestDatabase.Fresh databaseWithLowHistory(String category) throws Exception {
        TestDatabase.Fresh fresh = pg.freshDatabase();
        JdbcRunStore store = new JdbcRunStore(fresh.dataSource());
        Instant now = Instant.now();
        for (int i = 2; i >= 1; i--) {
            Instant started = now.minus(i, ChronoUnit.HOURS);
            store.saveRun(new EvalRun("run-low-" + i, started, started.plusSeconds(60), EvalRun.Status.COMPLETED, "sha", null,
                    "openai/sim-degraded", "openai/judge-sim", "v1", "hash", "dataset", "config", Map.of("env", "ci", "branch", "main"),
                    0.2, Map.of(category, new CategoryScore(category, 8, 0, 0.2, 0.2, 0.2, 0.2)), List.of(), Map.of(),
                    0));
        }
        return fresh;
    }

    private CliRun eval(String jdbcUrl, String webhook) {
        Map<String, String> env = Map.of("DRIFTGATE_DB_URL", jdbcUrl, "DRIFTGATE_DB_USER", "postgres",
                "DRIFTGATE_HOME", dir.toString(), "SLACK_WEBHOOK_URL", webhook);
        return CliRun.execute(env, "eval", "--config", CONFIG, "--dataset", DATASET, "--sim", "--limit", "5",
                "--no-cache", "--tag", "branch=main", "--out", dir.resolve("out").toString());
    }

    private static List<String> alertRows(TestDatabase.Fresh database) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT category, kind, delivered, coalesce(delivery_error, '') FROM alerts"
                     + " WHERE source = 'runs' ORDER BY id")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " " + rs.getString(4));
            }
            return rows;
        }
    }

    @Test
    void aFullWindowBelowTheMinimumPostsOneSlackAlert() throws Exception {
        TestDatabase.Fresh database = databaseWithLowHistory("safety");
        slack.reset();
        CliRun run = eval(database.jdbcUrl(), slack.url());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("run alert: safety rolling mean 0\\.[0-6]\\d\\d \\(threshold 0\\.72\\): alert sent");
        // the other categories have one run only: no full window, no alert
        assertThat(run.err()).doesNotContain("run alert: reasoning");
        assertThat(slack.accepted()).hasSize(1);
        assertThat(slack.accepted().get(0).toString()).contains("safety").contains("\"blocks\"");
        assertThat(alertRows(database)).containsExactly("safety alert true ");
    }

    @Test
    void aWebhookThatRefusesThePostIsRecordedAndEvalStillExitsZero() throws Exception {
        TestDatabase.Fresh database = databaseWithLowHistory("reasoning");
        slack.reset();
        slack.failNext(1, 404, "no_service"); // the webhook was removed: Slack answers 404, not retried
        CliRun run = eval(database.jdbcUrl(), slack.url());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("run alert: reasoning").contains("delivery failed");
        assertThat(run.err()).doesNotContain(SlackWebhookReceiver.PATH);
        List<String> rows = alertRows(database);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).startsWith("reasoning alert false ").contains("404");
    }
}
