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
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Optional bearer-token auth, on when DRIFTGATE_GATEWAY_API_KEYS lists keys. Deny by default: the
 * filter sees every request, whatever its path, and only the exact raw paths of the health probes
 * (and /prometheus when driftgate.gateway.prometheus-public is true) pass without a token. Any other
 * spelling (trailing slash, double slash, percent-encoding, case, {@code ;} parameters) needs the
 * token, so a lenient router can never open a route by accident. Keys are compared in constant time
 * over SHA-256 digests, so neither the content nor the length of a key leaks through timing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class BearerAuthFilter implements Ordered {
    private static final Set<String> PROBES = Set.of("/health", "/health/liveness", "/health/readiness");
    private final List<byte[]> keyDigests;
    private final Set<String> open;
    private final JsonMapper json;

    public BearerAuthFilter(GatewaySettings settings, JsonMapper json) {
        this.keyDigests = settings.apiKeys().stream().map(BearerAuthFilter::digest).toList();
        Set<String> paths = new HashSet<>(PROBES);
        if (settings.prometheusPublic()) {
            paths.add("/prometheus");
        }
        this.open = Set.copyOf(paths);
        this.json = json;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (keyDigests.isEmpty() || open.contains(request.getUri().getRawPath())) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return deny("send the API key as 'Authorization: Bearer <key>'");
        }
        byte[] given = digest(header.substring(7).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
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
