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
