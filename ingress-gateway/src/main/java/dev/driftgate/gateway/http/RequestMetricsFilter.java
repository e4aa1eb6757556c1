package dev.driftgate.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Request count and latency histogram per route and status (driftgate_gateway_requests_seconds).
 * Unknown paths share the route tag "other" so scanners cannot blow up the series count.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestMetricsFilter implements Ordered {
    private static final String START = "driftgate.start";
    private static final Set<String> ROUTES = Set.of("/chat", "/v1/chat/completions", "/health",
            "/health/liveness", "/health/readiness", "/prometheus", "/v1/traces", "/v1/logs");

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetricsFilter(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(START, System.nanoTime());
    }

    @ResponseFilter
    public void stop(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Long start = request.getAttribute(START, Long.class).orElse(null);
        if (start == null) {
            return;
        }
        String path = request.getPath();
        String route = ROUTES.contains(path) ? path : "other";
        int status = response.code();
        timers.computeIfAbsent(route + ' ' + status, k -> Timer.builder("driftgate_gateway_requests")
                        .description("HTTP requests by route and status")
                        .tag("route", route).tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
