package dev.driftgate.core.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JDK HttpClient requests under {@link RetryPolicy}: timeouts, I/O errors and 408/429/5xx are
 * retried with full-jitter backoff, honouring the response's Retry-After. Used for the GitHub API
 * and Slack webhooks. Log lines and exception messages name the host only: a webhook URL carries
 * its secret in the path.
 */
public final class RetryingHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingHttpClient.class);

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final HttpClient client;
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    public RetryingHttpClient(HttpClient client, RetryPolicy policy, Sleeper sleeper) {
        this.client = client;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** Three retries under {@link RetryPolicy#of}; 10 s connect timeout, HTTP/1.1, redirects followed. */
    public static RetryingHttpClient withDefaults() {
        return new RetryingHttpClient(defaultClient(), RetryPolicy.of(3), Sleeper.REAL);
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public RetryingHttpClient withSleeper(Sleeper other) {
        return new RetryingHttpClient(client, policy, other);
    }

    public RetryingHttpClient withPolicy(RetryPolicy other) {
        return new RetryingHttpClient(client, other, sleeper);
    }

    /**
     * The first response that is not worth retrying, or the last one (which may still be a 5xx)
     * once the retries are used up.
     *
     * @throws IOException the last I/O error (a timeout is one) when every attempt failed that way
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter = null;
            String failure;
            try {
                HttpResponse<T> response = client.send(request, bodyHandler);
                if (!RetryPolicy.retryableStatus(response.statusCode()) || attempt > policy.maxRetries()) {
                    return response;
                }
                retryAfter = response.headers().firstValue("Retry-After").map(RetryAfter::parse).orElse(null);
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                if (attempt > policy.maxRetries()) {
                    throw new IOException(request.method() + " " + host(request) + " failed after " + attempt
                            + " attempts: " + describe(e), e);
                }
                failure = describe(e);
            }
            Duration wait = policy.delay(attempt - 1, retryAfter);
            LOG.debug("{} {} attempt {} failed ({}), retrying in {} ms", request.method(), host(request), attempt,
                    failure, wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    /** Scheme and authority only: paths of webhook URLs are credentials. */
    static String host(HttpRequest request) {
        return request.uri().getScheme() + "://" + request.uri().getAuthority();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
