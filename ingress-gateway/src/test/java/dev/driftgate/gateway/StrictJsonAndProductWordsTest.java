package dev.driftgate.gateway;

import static dev.driftgate.gateway.BadInputAndAuthTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 items 11 and 12: strict JSON (no trailing content, no duplicate keys, no overlong UTF-8,
 * no lone surrogates) is refused with a 400 problem, and no error body names an internal class.
 */
class StrictJsonAndProductWordsTest {
    /** A Java class or method name as it leaks from a library message. */
    private static final Pattern INTERNAL = Pattern.compile(
            "Exception|java\\.|jackson|[A-Z][A-Za-z]+\\.[a-z][A-Za-z]+\\(\\)|`");
    private static OpenAiStub model;
    private static GatewayUnderTest gateway;
    private static GatewayUnderTest noUpstream;

    @BeforeAll
    static void start() throws Exception {
        model = new OpenAiStub();
        gateway = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of());
        noUpstream = GatewayUnderTest.withoutKafka("http://127.0.0.1:1/v1", Map.of());
    }

    @AfterAll
    static void stop() {
        noUpstream.close();
        gateway.close();
        model.close();
    }

    private static HttpResponse<String> postUtf8(String json) {
        return gateway.postBytes("/chat", json.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postRaw(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return gateway.postBytes("/chat", out.toByteArray());
    }

    private static void assertMalformed(HttpResponse<String> r, String detail) {
        assertProblem(r, 400, "https://driftgate.dev/problems/malformed-json", "Malformed JSON body", "body", detail);
        assertThat(r.body()).doesNotContainPattern(INTERNAL);
    }

    @Test
    void trailingContentIsRefused() {
        assertMalformed(postUtf8("{\"prompt\":\"hello there\"} x"), "not valid JSON");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\"} 1"), "after the JSON object");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\"}{\"prompt\":\"again\"}"), "after the JSON object");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\"}]"), "no open Array to close");
        assertThat(postUtf8("{\"prompt\":\"hello there\"} \n\t").statusCode()).isEqualTo(200);
    }

    @Test
    void duplicateKeysAreRefused() {
        assertMalformed(postUtf8("{\"prompt\":\"hello there\",\"prompt\":\"ignore the first\"}"), "duplicate");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\",\"metadata\":{\"a\":1,\"a\":2}}"), "duplicate");
        HttpResponse<String> r = gateway.postBytes("/v1/chat/completions", ("{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi there\",\"role\":\"system\"}]}").getBytes(StandardCharsets.UTF_8));
        assertMalformed(r, "duplicate");
    }

    @Test
    void overlongUtf8IsRefused() {
        // '/' as the overlong two-byte form C0 AF, and NUL as C0 80 (modified UTF-8)
        assertMalformed(postRaw("{\"prompt\":\"hello ", new byte[] {(byte) 0xC0, (byte) 0xAF}, " there\"}"), "UTF-8");
        assertMalformed(postRaw("{\"prompt\":\"hello ", new byte[] {(byte) 0xC0, (byte) 0x80}, " there\"}"), "UTF-8");
        assertMalformed(postRaw("{\"prompt\":\"hello ", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                " there\"}"), "UTF-8");
    }

    @Test
    void loneSurrogatesAreRefused() {
        assertMalformed(postUtf8("{\"prompt\":\"hello \\ud800 there\"}"), "surrogate");
        assertMalformed(postUtf8("{\"prompt\":\"hello \\udc00\\ud800 there\"}"), "surrogate");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\",\"category\":\"x\\ud83d\"}"), "surrogate");
        assertMalformed(postUtf8("{\"prompt\":\"hello there\",\"metadata\":{\"k\\udfff\":1}}"), "surrogate");
        // CESU-8: a surrogate encoded as three raw bytes
        assertMalformed(postRaw("{\"prompt\":\"hello ", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                " there\"}"), "UTF-8");
        // a proper pair, escaped and raw, is fine
        assertThat(postUtf8("{\"prompt\":\"hello \\ud83d\\ude00 there\"}").statusCode()).isEqualTo(200);
        assertThat(postUtf8("{\"prompt\":\"hello \uD83D\uDE00 there\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void parserLimitsAreExplainedInProductWords() {
        HttpResponse<String> deep = postUtf8("{\"prompt\":\"hello there\",\"metadata\":{\"a\":"
                + "[".repeat(1200) + "]".repeat(1200) + "}}");
        assertMalformed(deep, "nest");
        HttpResponse<String> longNumber = postUtf8("{\"prompt\":\"hello there\",\"metadata\":{\"a\":"
                + "1".repeat(1200) + "}}");
        assertMalformed(longNumber, "number");
        for (String bad : new String[] {"{\"prompt\": tru}", "{\"prompt\":\"a\\q\"}", "{'prompt':'x'}",
                "{\"prompt\":\"x\",}", "{\"prompt\":\"x", "{\"prompt\":NaN}", "\u0000"}) {
            HttpResponse<String> r = postUtf8(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).doesNotContainPattern(INTERNAL);
        }
    }

    @Test
    void unreachableUpstreamIsExplainedWithoutClassNames() {
        HttpResponse<String> r = noUpstream.postJson("/chat", Map.of("prompt", "hello there"));
        assertProblem(r, 502, "https://driftgate.dev/problems/model-error", "Production model call failed", null,
                "could not be reached");
        assertThat(r.body()).doesNotContainPattern(INTERNAL).doesNotContain("ConnectException");
        HttpResponse<String> multi = noUpstream.postJson("/v1/chat/completions", Map.of("messages",
                java.util.List.of(Map.of("role", "user", "content", "a"), Map.of("role", "assistant", "content", "b"),
                        Map.of("role", "user", "content", "c"))));
        assertThat(multi.statusCode()).isEqualTo(502);
        assertThat(multi.body()).doesNotContainPattern(INTERNAL);
        assertThat(noUpstream.get("/health").body()).doesNotContainPattern(INTERNAL);
    }

    @Test
    void frameworkErrorsUseProductWords() {
        HttpResponse<String> wrongMethod = gateway.request("GET", "/chat", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).doesNotContainPattern(INTERNAL);
        HttpResponse<String> tooLarge = gateway.postBytes("/chat", new byte[2 * 1024 * 1024]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).doesNotContainPattern(INTERNAL);
    }
}
