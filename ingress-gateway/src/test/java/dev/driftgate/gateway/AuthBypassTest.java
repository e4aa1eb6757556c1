package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 1: with API keys set, every route the router can reach needs the token, whatever
 * spelling of its path a client sends (trailing slash, double slash, percent-encoding, case,
 * {@code ;} parameters, query strings). Only /health (and /prometheus when configured public) is open.
 */
class AuthBypassTest {
    private static final String CHAT = "{\"prompt\":\"hello there, no key\"}";
    private static final String COMPLETION = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello, no key\"}]}";
    private static OpenAiStub model;
    private static GatewayUnderTest locked;
    private static GatewayUnderTest lockedPublicMetrics;

    @BeforeAll
    static void start() throws Exception {
        model = new OpenAiStub();
        locked = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of("driftgate.gateway.api-keys", "key-one"));
        lockedPublicMetrics = GatewayUnderTest.withoutKafka(model.baseUrl(),
                Map.of("driftgate.gateway.api-keys", "key-one", "driftgate.gateway.prometheus-public", "true"));
    }

    @AfterAll
    static void stop() {
        lockedPublicMetrics.close();
        locked.close();
        model.close();
    }

    /** Spellings of a path that a lenient router, proxy or decoder may map back to it. */
    static List<String> variants(String path) {
        String upper = path.toUpperCase();
        String first = path.substring(1, 2);
        String encodedFirst = "%" + Integer.toHexString(first.charAt(0)).toUpperCase();
        List<String> out = new ArrayList<>(List.of(path, path + "/", "/" + path, path + "//", path.replace("/", "//"),
                upper, path.substring(0, 2).toUpperCase() + path.substring(2), "/" + encodedFirst + path.substring(2),
                path + ";a=b", path + "/;a=b", path + "?a=1", path + "/?a=1", "/." + path,
                "/x/.." + path, path + "/.", path + "%2F", path + "%20", path + "/%2e"));
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            out.add(path.substring(0, slash) + "%2F" + path.substring(slash + 1));
            out.add(path.substring(0, slash) + "/;x=y/" + path.substring(slash + 1));
        }
        return out;
    }

    @Test
    void everyModelRouteVariantNeedsTheTokenAndNeverReachesTheModel() {
        int before = model.calls.get();
        List<String> leaks = new ArrayList<>();
        for (String base : List.of("/chat", "/v1/chat/completions")) {
            String body = base.equals("/chat") ? CHAT : COMPLETION;
            for (String path : variants(base)) {
                for (String method : List.of("POST", "GET", "PUT")) {
                    HttpResponse<String> r = locked.request(method, path, method.equals("GET") ? null : body);
                    if (r.statusCode() != 401) {
                        leaks.add(method + " " + path + " -> " + r.statusCode() + " " + r.body());
                    }
                }
            }
        }
        assertThat(leaks).as("answered without a token").isEmpty();
        assertThat(model.calls.get()).as("no unauthenticated request reaches the model").isEqualTo(before);
    }

    @Test
    void metricsAndUnknownRoutesNeedTheTokenUnlessMetricsAreConfiguredPublic() {
        List<String> leaks = new ArrayList<>();
        for (String base : List.of("/prometheus", "/nope", "/v1/models", "/v2/chat/completions")) {
            for (String path : variants(base)) {
                HttpResponse<String> r = locked.request("GET", path, null);
                if (r.statusCode() != 401) {
                    leaks.add("GET " + path + " -> " + r.statusCode());
                }
            }
        }
        assertThat(leaks).as("answered without a token").isEmpty();
        assertThat(locked.request("GET", "/prometheus", null, "Authorization", "Bearer key-one").statusCode())
                .isEqualTo(200);
        assertThat(lockedPublicMetrics.get("/prometheus").statusCode()).isEqualTo(200);
        assertThat(lockedPublicMetrics.request("POST", "/chat/", CHAT).statusCode()).isEqualTo(401);
    }

    @Test
    void healthProbesStayOpen() {
        for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
            assertThat(locked.get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aValidTokenStillWorksOnBothModelRoutes() {
        assertThat(locked.request("POST", "/chat", CHAT, "Authorization", "Bearer key-one").statusCode())
                .isEqualTo(200);
        assertThat(locked.request("POST", "/v1/chat/completions", COMPLETION, "Authorization", "bearer key-one")
                .statusCode()).isEqualTo(200);
        assertThat(locked.request("POST", "/chat", CHAT, "Authorization", "Bearer key-one-and-more").statusCode())
                .isEqualTo(401);
        assertThat(locked.request("POST", "/chat", CHAT, "Authorization", "Bearer key-on").statusCode())
                .isEqualTo(401);
    }
}
