package dev.driftgate.core.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.http.RetryingHttpClient;
import dev.driftgate.core.text.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one Slack incoming-webhook client: posts a Block Kit payload through
 * {@link RetryingHttpClient} (so 408/429/5xx, timeouts and I/O errors are retried under the one
 * policy). The webhook URL is a secret (its path is the credential): it never appears in the
 * returned error, and nothing here logs it.
 */
public final class SlackWebhook {
    public static final String WEBHOOK_ENV = "SLACK_WEBHOOK_URL";

    private final RetryingHttpClient http;

    public SlackWebhook(RetryingHttpClient http) {
        this.http = http;
    }

    public static SlackWebhook withDefaults() {
        return new SlackWebhook(RetryingHttpClient.withDefaults());
    }

    /** Empty when Slack accepted the message, otherwise why it did not (for alerts.delivery_error). */
    public Optional<String> post(String webhookUrl, JsonNode payload) throws InterruptedException {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return Optional.of(WEBHOOK_ENV + " is not set");
        }
        URI uri;
        try {
            uri = URI.create(webhookUrl);
        } catch (IllegalArgumentException e) {
            return Optional.of(WEBHOOK_ENV + " is not a valid URL");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload.toString()))
                    .build();
        } catch (IllegalArgumentException e) {
            return Optional.of(WEBHOOK_ENV + " is not an http(s) URL");
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return Optional.empty();
            }
            String body = response.body() == null ? "" : response.body().strip();
            return Optional.of("Slack webhook returned HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + abbreviate(Redaction.redact(body, List.of(webhookUrl)))));
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("Slack webhook unreachable after retries: " + cause.getClass().getSimpleName());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
