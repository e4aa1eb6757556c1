package dev.driftgate.flink.shadow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Posts each alert to the Slack incoming webhook with non-blocking HTTP and retries (exponential
 * backoff on connection errors, 429 and 5xx). Failure never fails the job: the delivery outcome
 * (delivered or the last error) is recorded in the alerts table. With no webhook configured the
 * alert is still recorded, as undelivered.
 */
public final class SlackNotifier extends RichAsyncFunction<DriftAlert, AlertDelivery> {
    private final String webhookUrl;
    private final int maxAttempts;
    private final long backoffMillis;
    private transient HttpClient http;

    public SlackNotifier(String webhookUrl, int maxAttempts, long backoffMillis) {
        this.webhookUrl = webhookUrl;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void asyncInvoke(DriftAlert alert, ResultFuture<AlertDelivery> out) {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            out.complete(List.of(new AlertDelivery(alert, false, 0, "SLACK_WEBHOOK_URL not set")));
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SlackMessage.of(alert)))
                .build();
        attempt(alert, request, 1).thenAccept(d -> out.complete(List.of(d)));
    }

    private CompletableFuture<AlertDelivery> attempt(DriftAlert alert, HttpRequest request, int n) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((resp, err) -> {
                    if (err == null && resp.statusCode() / 100 == 2) {
                        return CompletableFuture.completedFuture(new AlertDelivery(alert, true, n, null));
                    }
                    // the webhook URL is a secret: name the status, never the URL
                    String error = err != null ? "Slack webhook unreachable: " + err.getClass().getSimpleName()
                            : "Slack webhook answered HTTP " + resp.statusCode();
                    boolean retryable = err != null || resp.statusCode() == 429 || resp.statusCode() >= 500;
                    if (!retryable || n >= maxAttempts) {
                        return CompletableFuture.completedFuture(new AlertDelivery(alert, false, n, error));
                    }
                    long delay = backoffMillis << (n - 1);
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(x -> attempt(alert, request, n + 1));
                })
                .thenCompose(f -> f);
    }

    @Override
    public void timeout(DriftAlert alert, ResultFuture<AlertDelivery> out) {
        out.complete(List.of(new AlertDelivery(alert, false, maxAttempts, "Slack delivery timed out")));
    }
}
