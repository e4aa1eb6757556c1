package dev.driftgate.cli.local;

import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.cli.ExitCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `driftgate gateway`: refuses bad input with exit 1, and with --local runs the real gateway in a
 * child JVM over a real broker and the simulator, answering /chat until interrupted (exit 130).
 */
class GatewayCommandTest {
    private static final Path GATEWAY_DIR = Path.of("../ingress-gateway");

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = DriftgateCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unbuiltGatewayIsInvalidInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "gateway", "--config-dir", "../config", "--gateway-dir", "no-such-module");
        assertThat(code).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("the gateway is not built").contains("classpath.txt");
    }

    /** Issue 15: the compose stack sets DRIFTGATE_GATEWAY_HOST=0.0.0.0; the child JVM must listen there. */
    @Test
    void listenAddressComesFromTheFlagThenTheEnvironmentThenLoopback() {
        GatewayCommand fromEnv = new GatewayCommand();
        new CommandLine(fromEnv).parseArgs();
        fromEnv.useEnvironment(dev.driftgate.core.config.Environment.of(
                java.util.Map.of("DRIFTGATE_GATEWAY_HOST", "0.0.0.0")));
        assertThat(fromEnv.host()).isEqualTo("0.0.0.0");
        GatewayCommand flag = new GatewayCommand();
        new CommandLine(flag).parseArgs("--host", "::1");
        flag.useEnvironment(dev.driftgate.core.config.Environment.of(
                java.util.Map.of("DRIFTGATE_GATEWAY_HOST", "0.0.0.0")));
        assertThat(flag.host()).isEqualTo("::1");
        GatewayCommand none = new GatewayCommand();
        new CommandLine(none).parseArgs();
        none.useEnvironment(dev.driftgate.core.config.Environment.of(java.util.Map.of()));
        assertThat(none.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void theBannerShowsTheSampleRateTheGatewayWillUse() {
        // issue 18 item 17: the banner printed shadow_config.yaml's rate while the gateway used the override
        dev.driftgate.core.config.ShadowConfig shadow = new dev.driftgate.core.config.ConfigLoader()
                .load(java.nio.file.Path.of("..", "config")).shadow();
        GatewayCommand overridden = new GatewayCommand();
        overridden.useEnvironment(dev.driftgate.core.config.Environment.of(
                java.util.Map.of("DRIFTGATE_GATEWAY_SHADOW_PCT", "100")));
        assertThat(overridden.shadowPct(shadow)).isEqualTo("100");
        GatewayCommand configured = new GatewayCommand();
        configured.useEnvironment(dev.driftgate.core.config.Environment.of(java.util.Map.of()));
        assertThat(configured.shadowPct(shadow)).isEqualTo(String.valueOf(shadow.shadowPct()));
    }

    @Test
    void badPortIsInvalidInput() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "gateway", "--port", "70000")).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("--port must be between 1 and 65535");
    }

    @Test
    void localGatewayAnswersChatUntilInterrupted() throws Exception {
        assumeTrue(Files.isRegularFile(GATEWAY_DIR.resolve("target/classpath.txt")),
                "ingress-gateway is packaged before gate in `mvn verify`; not under `mvn test`");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "gateway-command-test");
        Thread cli = new Thread(() -> code.set(run(out, err, "gateway", "--local", "--port", Integer.toString(port), "--otlp-grpc-port", "0",
                "--config-dir", "../config", "--gateway-dir", GATEWAY_DIR.toString(), "--state-dir", state.toString())));
        cli.start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            boolean up = false;
            while (!up && System.nanoTime() < deadline && cli.isAlive()) {
                try {
                    up = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertThat(up).as("gateway up; out=%s err=%s", out, err).isTrue();
            HttpResponse<String> chat = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/chat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"What is the boiling point of water?\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("\"model\":\"openai/sim-good\"").contains("\"response\":\"");
        } finally {
            cli.interrupt();
            cli.join(60_000);
        }
        assertThat(code.get()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out.toString()).contains("local Kafka at 127.0.0.1:").contains("Server Running")
                .contains("OTLP/gRPC receiver on http://127.0.0.1:<a free port>")
                .contains("OTLP/gRPC receiver listening on 127.0.0.1:");
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the gateway child JVM still answers after the command stopped");
        } catch (java.io.IOException stopped) {
            // expected: connection refused
        }
    }
}
