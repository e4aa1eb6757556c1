package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.Environment;
import dev.driftgate.core.store.AlertStore;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.flink.ops.TaskEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An alert reaches Slack once per episode, also across a restore: the Slack step, shipped as a job
 * graph ships it (serialised), posts an alert and its row is written; a restored job (a fresh copy of
 * the step) replaying the same alert finds the row delivered and does not post again. An alert whose
 * row says undelivered, or a table that cannot be read, is posted.
 */
class SlackOnceAcrossRestoreTest {
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static SlackWebhookReceiver slack;
    private static AutoCloseable taskEnvironment;

    @BeforeAll
    static void start() throws Exception {
        slack = new SlackWebhookReceiver();
        taskEnvironment = TaskEnvironment.install(Environment.of(Map.of(Environment.SLACK_WEBHOOK_URL, slack.url())));
    }

    @AfterAll
    static void stop() throws Exception {
        taskEnvironment.close();
        slack.close();
    }

    private static SlackAlertFunction shipped(String jdbcUrl) throws Exception {
        JdbcConnectionProvider db = ShadowJdbcSinks.connection(jdbcUrl, "postgres", null);
        SlackAlertFunction f = InstantiationUtil.clone(new SlackAlertFunction(Environment.SLACK_WEBHOOK_URL, 1, 10, db));
        f.open(DefaultOpenContext.INSTANCE);
        return f;
    }

    private static AlertDelivery send(SlackAlertFunction f, DriftAlert alert) throws Exception {
        CapturedDelivery out = new CapturedDelivery();
        f.asyncInvoke(alert, out);
        return out.await();
    }

    /** What the alerts sink does with the step's output. */
    private static void write(AlertDelivery d) throws Exception {
        try (Connection c = pg.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(AlertStore.UPSERT)) {
            ShadowJdbcSinks.bindAlert(ps, d);
            ps.executeUpdate();
        }
    }

    @Test
    void aRestoredJobReplayingADeliveredAlertDoesNotPostItAgain() throws Exception {
        DriftAlert alert = new DriftAlert("openai/cand", "safety", DriftAlert.ALERT, 0.6, 0.72, "dip", 60_000, 1);
        int before = slack.accepted().size();
        SlackAlertFunction running = shipped(pg.jdbcUrl());
        write(send(running, alert));
        running.close();
        assertThat(slack.accepted()).hasSize(before + 1);

        SlackAlertFunction restored = shipped(pg.jdbcUrl());
        AlertDelivery replay = send(restored, alert);
        write(replay);
        restored.close();
        assertThat(replay.delivered()).isTrue();
        assertThat(slack.accepted()).as("posted once per episode").hasSize(before + 1);
    }

    @Test
    void anAlertRecordedAsUndeliveredIsPostedOnReplay() throws Exception {
        DriftAlert alert = new DriftAlert("openai/cand", "reasoning", DriftAlert.ALERT, 0.6, 0.72, "dip", 120_000, 1);
        write(new AlertDelivery(alert, false, "Slack answered 500"));
        int before = slack.accepted().size();
        SlackAlertFunction restored = shipped(pg.jdbcUrl());
        assertThat(send(restored, alert).delivered()).isTrue();
        restored.close();
        assertThat(slack.accepted()).hasSize(before + 1);
    }

    @Test
    void anUnreadableAlertsTableNeverSwallowsAnAlert() throws Exception {
        DriftAlert alert = new DriftAlert("openai/cand", "factual_qa", DriftAlert.ALERT, 0.6, 0.72, "dip", 180_000, 1);
        int before = slack.accepted().size();
        SlackAlertFunction noDb = shipped("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1");
        assertThat(send(noDb, alert).delivered()).isTrue();
        noDb.close();
        assertThat(slack.accepted()).hasSize(before + 1);
    }
}
