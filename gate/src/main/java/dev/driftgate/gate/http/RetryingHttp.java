package dev.driftgate.gate.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a request and retries what is worth retrying: 5xx, 429 and I/O errors (connection refused,
 * reset, timeout), with exponential backoff. 4xx other than 429 come back at once: repeating a bad
 * request does not fix it. Used for the GitHub API and Slack webhooks.
 */
public final class RetryingHttp {

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final HttpClient client;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public RetryingHttp(HttpClient client, int maxAttempts, Duration firstBackoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    /** Four attempts, 0.5 s, 1 s, 2 s apart; 10 s connect timeout. */
    public static RetryingHttp withDefaults() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new RetryingHttp(client, 4, Duration.ofMillis(500), Sleeper.REAL);
    }

    public RetryingHttp withSleeper(Sleeper other) {
        return new RetryingHttp(client, maxAttempts, firstBackoff, other);
    }

    /**
     * The last response (which may still be a 5xx after the last attempt).
     *
     * @throws IOException the last I/O error when every attempt failed that way; its message names
     *                     the attempts but not the request's headers
     */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        Duration backoff = firstBackoff;
        IOException lastError = null;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (!retryable(response.statusCode()) || attempt >= maxAttempts) {
                    return response;
                }
            } catch (IOException e) {
                lastError = e;
                if (attempt >= maxAttempts) {
                    throw new IOException(request.method() + " " + hostAndPath(request) + " failed after "
                            + attempt + " attempts: " + describe(lastError), lastError);
                }
            }
            sleeper.sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    /** The URL without its query: webhook URLs carry their secret in the path, so callers may redact further. */
    static String hostAndPath(HttpRequest request) {
        var uri = request.uri();
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
