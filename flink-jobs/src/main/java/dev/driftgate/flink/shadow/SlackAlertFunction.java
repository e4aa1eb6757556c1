package dev.driftgate.flink.shadow;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.http.RetryingHttpClient;
import dev.driftgate.core.notify.SlackMessages;
import dev.driftgate.core.notify.SlackWebhook;
import dev.driftgate.core.store.AlertStore;
import dev.driftgate.flink.ops.TaskEnvironment;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin async wrapper over core's {@link SlackWebhook}: each alert is posted (with core's one
 * retry policy) on a single thread of its own, so the operator thread never blocks. Failure never
 * fails the job: the outcome (delivered, or why not) becomes the alerts-table row. With no webhook
 * configured the alert is still recorded, as undelivered. The webhook URL is a secret: the function
 * carries only the NAME of its environment variable and reads the URL in open() on the task manager
 * ({@link TaskEnvironment}), so it never enters the job graph.
 *
 * <p>Once per episode, also across a restore: before posting, the alerts table is asked whether
 * the alert's event_key was already delivered (a restore from a checkpoint taken before the alert's
 * row was written replays it); if so it is not posted again. The row is only written after
 * delivery, so the window left is a crash between the post and that write. If the table cannot be
 * read the alert is posted: a repeat is better than a lost alert.
 */
public final class SlackAlertFunction extends RichAsyncFunction<DriftAlert, AlertDelivery> {
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(SlackAlertFunction.class);
    /** Alerts must not queue behind a server that asks for minutes; a longer Retry-After fails the post. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);
    private static final long REQUEST_TIMEOUT_MS = 15_000;

    private final String webhookVariable;
    private final int maxAttempts;
    private final long backoffMillis;
    private final JdbcConnectionProvider alertsDb;
    private transient String webhookUrl;
    private transient SlackWebhook slack;
    private transient ExecutorService executor;

    /**
     * @param webhookVariable the environment variable holding the webhook URL (null: no webhook)
     * @param alertsDb        where the alerts table is, to skip alerts already delivered (null: no check)
     */
    public SlackAlertFunction(String webhookVariable, int maxAttempts, long backoffMillis,
                              JdbcConnectionProvider alertsDb) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.webhookVariable = webhookVariable;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.alertsDb = alertsDb;
    }

    private RetryPolicy policy() {
        return new RetryPolicy(maxAttempts - 1, Duration.ofMillis(backoffMillis),
                Duration.ofMillis(backoffMillis << Math.min(maxAttempts, 20)), MAX_RETRY_AFTER);
    }

    /** The operator timeout: every attempt's request timeout and the longest wait between them, plus a margin. */
    public long operatorTimeoutMs() {
        long longestWait = Math.max(policy().maxDelay().toMillis(), MAX_RETRY_AFTER.toMillis());
        return maxAttempts * REQUEST_TIMEOUT_MS + (maxAttempts - 1) * longestWait + 5_000;
    }

    @Override
    public void open(OpenContext openContext) {
        webhookUrl = webhookVariable == null ? null : TaskEnvironment.get().get(webhookVariable).orElse(null);
        slack = new SlackWebhook(new RetryingHttpClient(RetryingHttpClient.defaultClient(), policy(),
                RetryingHttpClient.Sleeper.REAL));
        // one thread: alerts are rare, and an alert and its recovery must reach Slack in order
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "slack-alerts");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void asyncInvoke(DriftAlert alert, ResultFuture<AlertDelivery> out) {
        CompletableFuture.supplyAsync(() -> deliver(alert), executor)
                .thenAccept(d -> out.complete(List.of(d)));
    }

    private AlertDelivery deliver(DriftAlert alert) {
        if (alreadyDelivered(alert)) {
            return new AlertDelivery(alert, true, null); // the upsert keeps the row as it is: delivered
        }
        try {
            Optional<String> error = slack.post(webhookUrl, SlackMessages.driftAlert(
                    DriftAlert.ALERT.equals(alert.kind()), alert.shadowModel(), alert.category(), alert.value(),
                    alert.threshold(), alert.message(), alert.windowEnd()));
            return new AlertDelivery(alert, error.isEmpty(), error.orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AlertDelivery(alert, false, "interrupted while posting to Slack");
        }
    }

    /** Runs on the single alert thread, which alone uses the connection. */
    boolean alreadyDelivered(DriftAlert alert) {
        if (alertsDb == null) {
            return false;
        }
        try {
            return AlertStore.delivered(alertsDb.getOrEstablishConnection(), alert.eventKey());
        } catch (SQLException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("cannot read the alerts table before posting {}; posting it (a repeat is better than a"
                    + " lost alert): {}", alert.eventKey(), e.toString());
            alertsDb.closeConnection();
            return false;
        }
    }

    @Override
    public void timeout(DriftAlert alert, ResultFuture<AlertDelivery> out) {
        out.complete(List.of(new AlertDelivery(alert, false, "Slack delivery timed out")));
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (alertsDb != null) {
            alertsDb.closeConnection();
        }
    }
}
