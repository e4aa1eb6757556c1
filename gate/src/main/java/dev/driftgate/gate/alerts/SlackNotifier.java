package dev.driftgate.gate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.http.RetryingHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts a Block Kit message to a Slack incoming webhook, retrying 5xx/429/I-O errors. The webhook
 * URL is a secret (its path is the credential): it never appears in the returned error.
 */
public final class SlackNotifier {
    private final RetryingHttpClient http;

    public SlackNotifier(RetryingHttpClient http) {
        this.http = http;
    }

    /** Empty when Slack accepted the message, otherwise why it did not. */
    public Optional<String> post(String webhookUrl, JsonNode payload) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(webhookUrl);
        } catch (IllegalArgumentException e) {
            return Optional.of("SLACK_WEBHOOK_URL is not a valid URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Optional.empty();
            }
            String body = response.body() == null ? "" : response.body().strip();
            return Optional.of("Slack webhook returned HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + abbreviate(body.replace(webhookUrl, "***"))));
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("Slack webhook unreachable after retries: " + cause.getClass().getSimpleName());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
