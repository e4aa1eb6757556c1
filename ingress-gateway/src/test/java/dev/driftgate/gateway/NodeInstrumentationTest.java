package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients, not hand-written spans: the official {@code openai} npm client, instrumented by each
 * of the three libraries and exported by the official OTLP/HTTP protobuf exporter
 * (src/test/resources/otel-node, npm-installed into target/otel-node), calls the project's LLM
 * simulator; the events on the real broker must carry the call's conversation (a system prompt and
 * four turns), model and answer. For @opentelemetry/instrumentation-openai, whose content is in log
 * records, the official OTLP/HTTP protobuf logs exporter sends them to /v1/logs. Skipped only when
 * node or npm is not installed.
 */
class NodeInstrumentationTest {
    private static final Path NODE_DIR = Path.of("target", "otel-node");
    private static LocalKafkaBroker broker;
    private static LlmSimulator simulator;
    private static GatewayUnderTest gateway;
    private static ShadowEvents events;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(NodeTools.installed(),
                "node and npm are not on the PATH: the npm instrumentation libraries cannot run");
        install();
        broker = TestResources.freshBroker("kafka-otlp-node", 1);
        simulator = new LlmSimulator(SimulatorConfig.load(Path.of("../config/simulator.yaml")), ReferenceAnswers.none())
                .start(0);
        simulator.setFaultsEnabled(false);
        simulator.setLatencyOverrideMs(0L);
        gateway = GatewayUnderTest.start("http://127.0.0.1:9/v1", broker.bootstrapServers(),
                Map.of("driftgate.gateway.shadow-pct", "100"));
        events = new ShadowEvents(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        TestResources.closeAll(events, gateway, simulator, broker);
    }

    @Test
    void traceloopOpenLlmetrySpansCarryTheWholeCall() throws Exception {
        assertEventMatchesCall("traceloop");
    }

    @Test
    void openInferenceSpansCarryTheWholeCall() throws Exception {
        assertEventMatchesCall("openinference");
    }

    /**
     * @opentelemetry/instrumentation-openai 0.22 writes the messages, with content capture on, as log
     * records (the Logs API: gen_ai.user.message ... gen_ai.choice on /v1/logs, exported by
     * {@code @opentelemetry/exporter-logs-otlp-proto}), never on the span; the gateway joins them with
     * the span by trace and span id, so the event is the same as for the other two libraries.
     */
    @Test
    void openTelemetryContribSpanJoinedWithItsLogRecordsCarriesTheWholeCall() throws Exception {
        assertEventMatchesCall("otel");
        assertThat(gateway.metric("driftgate_gateway_otlp_log_records_total{result=\"content\"}"))
                .isGreaterThanOrEqualTo(5);
    }

    private static void assertEventMatchesCall(String library) throws Exception {
        String marker = "node-" + library + ":";
        JsonNode call = runChat(library, marker);
        String prompt = marker + " and a larger one?";
        List<ConsumerRecord<String, String>> seen = events.awaitUntil(
                all -> all.stream().anyMatch(r -> r.value().contains(prompt)), Duration.ofSeconds(20));
        ConsumerRecord<String, String> record = seen.stream().filter(r -> r.value().contains(prompt)).findFirst()
                .orElseThrow(() -> new AssertionError("no event for " + library));
        ShadowRequestEvent event = Json.mapper().readValue(record.value(), ShadowRequestEvent.class);
        assertThat(event.source()).isEqualTo("otlp");
        assertThat(event.prompt()).isEqualTo(prompt);
        assertThat(event.prodModel()).isEqualTo("sim-good").isEqualTo(call.get("model").asText());
        assertThat(event.prodResponse()).isEqualTo(call.get("answer").asText());
        assertThat(event.messages()).extracting(m -> m.role() + ":" + m.content()).containsExactly(
                "system:You are terse. (" + library + ")", "user:" + marker + " name a prime", "assistant:7",
                "user:" + prompt);
        assertThat(event.params().temperature()).isEqualTo(0.2);
        assertThat(event.params().maxTokens()).isEqualTo(64);
        assertThat(event.usage()).isNotNull();
    }

    private static JsonNode runChat(String library, String marker) throws Exception {
        Process process = new ProcessBuilder("node", "chat.cjs", library, simulator.baseUrl(),
                gateway.uri("/v1/traces").toString(), marker).directory(NODE_DIR.toFile())
                // never the test JVM's own stdio: surefire talks to the fork over it, and node switches
                // an inherited descriptor to non-blocking ("std/in stream corrupted")
                .redirectError(NODE_DIR.resolve("chat-" + library.replaceAll("[^A-Za-z0-9]", "_") + ".err").toFile())
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("node chat.cjs %s: %s", library, out).isZero();
        return GatewayUnderTest.json(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /**
     * npm install into target/otel-node, skipped when the same package.json was installed already.
     * {@code --legacy-peer-deps}: @opentelemetry/instrumentation-openai 0.22 wants @opentelemetry/api
     * ^1.10 while sdk-trace-node 2.12.1 declares < 1.10; the API is backward compatible.
     */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(NODE_DIR);
        Path source = Path.of("src", "test", "resources", "otel-node");
        Files.copy(source.resolve("chat.cjs"), NODE_DIR.resolve("chat.cjs"), StandardCopyOption.REPLACE_EXISTING);
        String wanted = Files.readString(source.resolve("package.json"));
        Path stamp = NODE_DIR.resolve("installed-package.json");
        if (Files.exists(stamp) && Files.readString(stamp).equals(wanted) && Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
            return;
        }
        Files.writeString(NODE_DIR.resolve("package.json"), wanted);
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "--legacy-peer-deps").directory(NODE_DIR.toFile())
                .redirectOutput(NODE_DIR.resolve("npm-install.log").toFile())
                .redirectErrorStream(true).start();
        npm.getOutputStream().close(); // not the test JVM's stdin: see runChat
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
        assertThat(npm.exitValue()).as("npm install exit code; %s", NODE_DIR.resolve("npm-install.log")).isZero();
        Files.writeString(stamp, wanted);
    }
}
