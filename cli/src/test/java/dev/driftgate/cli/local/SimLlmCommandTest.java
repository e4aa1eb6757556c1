package dev.driftgate.cli.local;

import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.cli.ExitCodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimLlmCommandTest {

    @Test
    void servesUntilInterruptedThenExits130(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("sim.yaml");
        Files.writeString(cfg, "dataset: null\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        StringWriter out = new StringWriter();
        CommandLine cli = DriftgateCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread runner = new Thread(() -> code.set(cli.execute("sim-llm", "--port", "0", "--config", cfg.toString())));
        runner.start();
        Matcher m = null;
        for (int i = 0; i < 100 && (m == null || !m.find()); i++) {
            Thread.sleep(50);
            m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/v1)").matcher(out.toString());
        }
        assertThat(m.find(0)).as(out.toString()).isTrue();
        HttpResponse<String> models = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(m.group(1) + "/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("sim-good");
        runner.interrupt();
        runner.join(5_000);
        assertThat(code.get()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    /**
     * Issue 15: {@code --host 0.0.0.0} makes the simulator reachable from other hosts (containers);
     * the default stays loopback-only. Checked on this machine's first non-loopback IPv4 address.
     * Also: {@code --token-delay-ms} streams word by word, that far apart.
     */
    @Test
    void hostFlagBindsEveryInterfaceAndTheSimulatorStreamsSlowly(@TempDir Path dir) throws Exception {
        java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream().flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        Path cfg = dir.resolve("sim.yaml");
        Files.writeString(cfg, "dataset: null\nmodels:\n  - name: sim-good\n    quality: 0.95\n"
                + "    latency: { distribution: fixed, ms: 0 }\n");
        try (Running wide = Running.start("sim-llm", "--host", "0.0.0.0", "--port", "0", "--sim-config", cfg.toString(),
                "--token-delay-ms", "30");
             Running loopback = Running.start("sim-llm", "--port", "0", "--sim-config", cfg.toString())) {
            assertThat(wide.out()).contains("bound to 0.0.0.0");
            HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
            URI wideModels = URI.create("http://" + external.getHostAddress() + ":" + wide.port() + "/v1/models");
            assertThat(http.send(HttpRequest.newBuilder(wideModels).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            URI loopbackModels = URI.create("http://" + external.getHostAddress() + ":" + loopback.port() + "/v1/models");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(
                    HttpRequest.newBuilder(loopbackModels).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);

            long start = System.nanoTime();
            HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + wide.port() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-good\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say something about rivers.\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            java.util.List<String> data = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
            assertThat(data.get(data.size() - 1)).isEqualTo("data: [DONE]");
            int contentChunks = (int) data.stream().filter(l -> l.contains("\"content\"") && !l.contains("\"role\"")).count();
            assertThat(contentChunks).isGreaterThan(3);
            assertThat(ms).isGreaterThanOrEqualTo((contentChunks - 1) * 30L);
        }
    }

    /** A sim-llm command running on its own thread until closed (interrupted). */
    private record Running(Thread thread, StringWriter output, int port) implements AutoCloseable {
        static Running start(String... args) throws InterruptedException {
            StringWriter out = new StringWriter();
            CommandLine cli = DriftgateCli.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            Thread t = new Thread(() -> cli.execute(args));
            t.start();
            Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/v1").matcher("");
            for (int i = 0; i < 100 && !(m = m.reset(out.toString())).find(); i++) {
                Thread.sleep(50);
            }
            assertThat(m.find(0)).as(out.toString()).isTrue();
            return new Running(t, out, Integer.parseInt(m.group(1)));
        }

        String out() {
            return output.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    @Test
    void badConfigIsInvalidInputNamingTheProblem(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("sim.yaml");
        Files.writeString(cfg, "dataset: null\nmodels:\n  - name: wobbly\n    quality: 2\n");
        StringWriter err = new StringWriter();
        CommandLine cli = DriftgateCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("sim-llm", "--port", "0", "--sim-config", cfg.toString())).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("wobbly").contains("quality").contains("at models[0]")
                .doesNotContain("java.util").doesNotContain("dev.driftgate");
        // the old spelling still works (hidden)
        assertThat(cli.execute("sim-llm", "--port", "0", "--config", dir.resolve("nope.yaml").toString()))
                .isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("nope.yaml");
        // issue 18 item 13: a bad dataset path is invalid input too, from the flag or from the config
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "dataset: null\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        assertThat(cli.execute("sim-llm", "--port", "0", "--config", good.toString(), "--dataset",
                dir.resolve("no-such.jsonl").toString())).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("no-such.jsonl");
        Path badDataset = dir.resolve("sim2.yaml");
        Files.writeString(badDataset, "dataset: " + dir.resolve("missing/golden.jsonl")
                + "\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        assertThat(cli.execute("sim-llm", "--port", "0", "--config", badDataset.toString()))
                .isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("missing/golden.jsonl");
        Path twice = dir.resolve("twice.yaml");
        Files.writeString(twice, "dataset: null\ndataset: null\nmodels:\n  - name: sim-good\n    quality: 0.95\n");
        assertThat(cli.execute("sim-llm", "--port", "0", "--config", twice.toString()))
                .isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("twice.yaml (line 2): not valid YAML: duplicate key 'dataset'");
    }
}
