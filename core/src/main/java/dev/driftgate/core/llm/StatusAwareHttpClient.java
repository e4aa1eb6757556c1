package dev.driftgate.core.llm;

import dev.driftgate.core.http.RetryAfter;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A LangChain4j HTTP client on java.net.http that, unlike LangChain4j's JdkHttpClient, keeps the
 * Retry-After header of an error response ({@link HttpStatusException}). Streaming calls go to
 * LangChain4j's JDK client unchanged. Multipart requests are not needed by chat models and refused.
 */
public final class StatusAwareHttpClient implements dev.langchain4j.http.client.HttpClient {
    private final HttpClient http;
    private final Duration readTimeout;
    private final JdkHttpClient streaming;

    private StatusAwareHttpClient(Builder builder) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (builder.connectTimeout != null) {
            b.connectTimeout(builder.connectTimeout);
        }
        this.http = b.build();
        this.readTimeout = builder.readTimeout;
        this.streaming = new JdkHttpClientBuilder().connectTimeout(builder.connectTimeout)
                .readTimeout(builder.readTimeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart requests are not supported by this client");
        }
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        String body = request.body();
        b.method(request.method().name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(RetryAfter::parse)
                    .orElse(null);
            throw new HttpStatusException(response.statusCode(), text, retryAfter);
        }
        Map<String, List<String>> headers = response.headers().map();
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers).body(text).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    /** The builder LangChain4j model builders take through httpClientBuilder(...). */
    public static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public StatusAwareHttpClient build() {
            return new StatusAwareHttpClient(this);
        }
    }
}
