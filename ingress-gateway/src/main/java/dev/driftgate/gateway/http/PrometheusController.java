package dev.driftgate.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** GET /prometheus: the Micrometer registry in Prometheus text format. */
@Controller
public final class PrometheusController {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    public PrometheusController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get("/prometheus")
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(registry.scrape()).contentType(TEXT_FORMAT);
    }
}
