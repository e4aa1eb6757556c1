package dev.driftgate.gateway.http;

import dev.driftgate.gateway.config.GatewaySettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import java.util.HashSet;
import java.util.Set;

/**
 * Optional bearer-token auth, on when DRIFTGATE_GATEWAY_API_KEYS lists keys. Deny by default: the
 * filter sees every request, whatever its path, and only the exact raw paths of the health probes
 * (and /prometheus when driftgate.gateway.prometheus-public is true) pass without a token. Any other
 * spelling (trailing slash, double slash, percent-encoding, case, {@code ;} parameters) needs the
 * token, so a lenient router can never open a route by accident. Keys are checked by {@link BearerTokens}
 * (constant time), which the OTLP/gRPC receiver shares.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class BearerAuthFilter implements Ordered {
    private static final Set<String> PROBES = Set.of("/health", "/health/liveness", "/health/readiness");
    private final BearerTokens tokens;
    private final Set<String> open;
    private final JsonMapper json;

    public BearerAuthFilter(GatewaySettings settings, JsonMapper json) {
        this.tokens = new BearerTokens(settings.apiKeys());
        Set<String> paths = new HashSet<>(PROBES);
        if (settings.prometheusPublic()) {
            paths.add("/prometheus");
        }
        this.open = Set.copyOf(paths);
        this.json = json;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!tokens.required() || open.contains(request.getUri().getRawPath())) {
            return null;
        }
        String refusal = tokens.refusal(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return refusal == null ? null : deny(refusal);
    }

    private HttpResponse<?> deny(String detail) {
        return ProblemHandlers.respond(json, Problem.unauthorized(detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"driftgate\"");
    }

    @Override
    public int getOrder() {
        return 10;
    }
}
