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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Optional bearer-token auth on the model routes: on when DRIFTGATE_GATEWAY_API_KEYS lists keys.
 * /health and /prometheus stay open for probes and scrapers. Keys are compared in constant time.
 */
@ServerFilter({"/chat", "/v1/**"})
public final class BearerAuthFilter implements Ordered {
    private final List<byte[]> keys;
    private final JsonMapper json;

    public BearerAuthFilter(GatewaySettings settings, JsonMapper json) {
        this.keys = settings.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.json = json;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (keys.isEmpty()) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return deny("send the API key as 'Authorization: Bearer <key>'");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, given);
        }
        return match ? null : deny("the API key is not valid");
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
