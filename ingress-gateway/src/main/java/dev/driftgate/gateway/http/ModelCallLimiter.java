package dev.driftgate.gateway.http;

import dev.driftgate.gateway.config.GatewaySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.RouteAttributes;
import java.util.concurrent.Semaphore;

/**
 * Bounds the production-model calls in flight (driftgate.gateway.max-concurrent-model-calls). The
 * check runs on the event loop before a request is handed to a blocking thread, so a hung upstream
 * holds at most that many threads and connections; beyond the bound the request is answered at
 * once with 503 and Retry-After. Routes are recognised by their {@link ModelCall} annotation, not
 * by path spelling. A streamed answer holds its permit until the upstream stream ends.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ModelCallLimiter implements Ordered {
    private final Semaphore permits;
    private final int bound;
    private final String retryAfter;
    private final JsonMapper json;
    private final Counter shed;

    public ModelCallLimiter(GatewaySettings settings, JsonMapper json, PrometheusMeterRegistry registry) {
        this.bound = settings.maxConcurrentModelCalls();
        this.permits = new Semaphore(bound);
        this.retryAfter = Integer.toString(settings.overloadRetryAfterSeconds());
        this.json = json;
        this.shed = Counter.builder("driftgate_gateway_shed").description(
                "Requests answered 503 because the model calls in flight were at their bound").register(registry);
        Gauge.builder("driftgate_gateway_model_calls_in_flight", permits, p -> bound - p.availablePermits())
                .description("Production-model calls in flight").register(registry);
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> admit(HttpRequest<?> request) {
        boolean modelRoute = RouteAttributes.getRouteMatch(request).map(m -> m.getAnnotationMetadata().hasAnnotation(ModelCall.class))
                .orElse(false);
        if (!modelRoute) {
            return null;
        }
        if (!permits.tryAcquire()) {
            shed.increment();
            return ProblemHandlers.respond(json, Problem.overloaded(bound)).header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        ModelCallPermit.attach(request, permits);
        return null;
    }

    @ResponseFilter
    public void release(HttpRequest<?> request, MutableHttpResponse<?> response) {
        // a streamed response claimed its permit and releases it when the upstream call ends
        ModelCallPermit.claim(request).ifPresent(ModelCallPermit::release);
    }

    @Override
    public int getOrder() {
        return 20; // after authentication: a refused request never takes a permit
    }
}
