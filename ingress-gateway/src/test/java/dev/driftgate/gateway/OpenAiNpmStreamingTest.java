package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.local.sim.LlmSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client reads a streamed completion through the gateway (auth on)
 * from a slowly streaming simulator: many chunks, the first long before the last, the whole text.
 * The package is installed into target/ by npm; the test is skipped only when node or npm is missing.
 */
class OpenAiNpmStreamingTest {
    private static final Path DIR = Path.of("target", "npm-openai");
    private static final String SCRIPT = """
            import OpenAI from 'openai';
            const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: 'app-key', maxRetries: 0 });
            const start = Date.now();
            const stream = await client.chat.completions.create({
              model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: process.env.PROMPT }] });
            let text = '', chunks = 0, firstMs = -1;
            for await (const chunk of stream) {
              const delta = chunk.choices[0]?.delta?.content;
              if (delta) { if (firstMs < 0) firstMs = Date.now() - start; text += delta; chunks++; }
            }
            console.log(JSON.stringify({ text, chunks, firstMs, totalMs: Date.now() - start }));
            """;
    private static LlmSimulator simulator;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() {
        assumeTrue(NodeTools.installed(),
                "node and npm are not installed: the openai npm client cannot be run");
        simulator = StreamingCompletionsTest.slowSimulator();
        gateway = GatewayUnderTest.withoutKafka(simulator.baseUrl(), Map.of("driftgate.gateway.api-keys", "app-key"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
            simulator.close();
        }
    }

    @Test
    void officialOpenAiClientReadsTheStream() throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("openai"))) {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("package.json"), "{\"name\": \"npm-openai\", \"private\": true}\n");
            Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "openai@7")
                    .directory(DIR.toFile()).redirectErrorStream(true).start();
            String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(300, TimeUnit.SECONDS) && install.exitValue() == 0).as(log).isTrue();
        }
        Files.writeString(DIR.resolve("stream.mjs"), SCRIPT);
        // the first request through a fresh gateway loads the streaming client (~1 s on 2 shared cores)
        gateway.postJson("/v1/chat/completions", Map.of("stream", true,
                "messages", List.of(Map.of("role", "user", "content", "warm up please"))), "Authorization", "Bearer app-key");
        ProcessBuilder node = new ProcessBuilder("node", "stream.mjs").directory(DIR.toFile());
        node.environment().put("BASE_URL", gateway.uri("/v1").toString());
        node.environment().put("PROMPT", StreamingCompletionsTest.PROMPT);
        Process p = node.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        List<String> lines = out.lines().toList();
        JsonNode result = GatewayUnderTest.json(lines.get(lines.size() - 1));
        String text = result.path("text").asText();
        int words = text.split("\\s+").length;
        assertThat(words).isGreaterThanOrEqualTo(30);
        assertThat(result.path("chunks").asInt()).isEqualTo(words);
        assertThat(result.path("firstMs").asLong()).as(out).isLessThan(result.path("totalMs").asLong() / 3);
        // the same answer as a blocking call (the simulator's content is a function of model and messages)
        String blocking = GatewayUnderTest.json(gateway.postJson("/v1/chat/completions",
                Map.of("messages", List.of(Map.of("role", "user", "content", StreamingCompletionsTest.PROMPT))),
                "Authorization", "Bearer app-key")).path("choices").path(0).path("message").path("content").asText();
        assertThat(text).isEqualTo(blocking);
    }
}
