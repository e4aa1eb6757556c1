package dev.driftgate.cli.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.Environment;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shipped fixture through the real judge (simulator on loopback): the mechanism, not a measurement. */
class JudgeAgreementCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        JudgeAgreementCommand command = new JudgeAgreementCommand();
        command.useEnvironment(Environment.of(env));
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void reportsKappaPerDimensionForTheFixture() {
        Path config = Path.of("..", "config");
        try (LlmSimulator sim = new LlmSimulator(SimulatorConfig.load(config.resolve("simulator.yaml")),
                ReferenceAnswers.none()).start(0)) {
            Run r = run(Map.of("OPENAI_BASE_URL", sim.baseUrl(), "OPENAI_API_KEY", "sim"),
                    "--labels", "../data/labels/judge_agreement_demo.jsonl", "--config-dir", config.toString(),
                    "--no-store", "--resamples", "200");
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("14 labelled item(s)")
                    .containsPattern("factual_accuracy\\s+quadratic\\s+10 ")
                    .containsPattern("overall\\s+quadratic\\s+10 ")
                    .containsPattern("preference\\s+unweighted\\s+4 ");
        }
    }

    @Test
    void aLineWithNeitherScoresNorPreferenceIsRefused() throws Exception {
        Path labels = dir.resolve("bad.jsonl");
        Files.writeString(labels, "{\"id\": \"x\", \"prompt\": \"p\", \"answer\": \"a\"}\n");
        Run r = run(Map.of(), "--labels", labels.toString(), "--config-dir", "../config", "--no-store");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(r.err()).contains("line 1", "exactly one of scores or preference");
    }
}
