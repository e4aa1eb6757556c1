package dev.driftgate.cli.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.metrics.Prf;
import dev.driftgate.core.metrics.RougeScorer;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void scoresGoodLinesReportsBadOnesWithLineNumbersAndExitsOne() throws IOException {
        Path pairs = dir.resolve("pairs.jsonl");
        Files.writeString(pairs, String.join("\n",
                "{\"id\": \"a\", \"candidate\": \"The cat sat on the mat.\", \"reference\": \"The cat sat on the mat.\"}",
                "{not json",
                "{\"id\": \"b\", \"candidate\": \"Paris is in France\", \"reference\": \"The capital of France is Paris.\\nIt is large.\"}",
                "{\"id\": \"c\", \"candidate\": \"no reference\"}",
                "",
                "{\"id\": \"a\", \"candidate\": \"x\", \"reference\": \"y\"}",
                "{\"id\": \"d\", \"candidate\": 3, \"reference\": \"y\"}",
                "{\"id\": \"e\", \"candidate\": \"x\", \"reference\": \"y\", \"score\": 1}") + "\n");
        Path out = dir.resolve("out.jsonl");

        int code = run("score", "--pairs", pairs.toString(), "--out", out.toString(), "--stem");

        assertThat(code).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString())
                .contains(pairs + ":2: not valid JSON")
                .contains(pairs + ":4: missing field \"reference\"")
                .contains(pairs + ":6: duplicate id \"a\"")
                .contains(pairs + ":7: field \"candidate\" must be a string")
                .contains(pairs + ":8: unknown field(s) [score]")
                .contains("scored 2 pair(s), 5 bad line(s) skipped");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        JsonNode a = new ObjectMapper().readTree(lines.get(0));
        JsonNode b = new ObjectMapper().readTree(lines.get(1));
        assertThat(a.get("id").asText()).isEqualTo("a");
        assertThat(a.get("rougeL").get("f1").asDouble()).isEqualTo(1.0);
        assertThat(a.get("bertscore").get("f1").asDouble()).isCloseTo(1.0, within(1e-5));
        Prf expectedL = new RougeScorer(true).rougeL("The capital of France is Paris.\nIt is large.", "Paris is in France");
        Prf expectedLsum = new RougeScorer(true).rougeLsum("The capital of France is Paris.\nIt is large.", "Paris is in France");
        assertThat(b.get("rougeL").get("precision").asDouble()).isEqualTo(expectedL.precision());
        assertThat(b.get("rougeL").get("recall").asDouble()).isEqualTo(expectedL.recall());
        assertThat(b.get("rougeLsum").get("f1").asDouble()).isEqualTo(expectedLsum.f1());
        assertThat(b.get("bertscore").get("f1").asDouble()).isBetween(0.2, 0.99);
    }

    @Test
    void allGoodLinesExitZeroAndNoBertscoreSkipsTheModel() throws IOException {
        Path pairs = dir.resolve("pairs.jsonl");
        Files.writeString(pairs, "{\"id\": \"1\", \"candidate\": \"testing one\", \"reference\": \"testing one two\"}\n");
        Path out = dir.resolve("out.jsonl");

        int code = run("score", "--pairs", pairs.toString(), "--out", out.toString(), "--no-bertscore");

        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode line = new ObjectMapper().readTree(Files.readString(out));
        assertThat(line.get("rougeL").get("precision").asDouble()).isEqualTo(1.0);
        assertThat(line.get("rougeL").get("recall").asDouble()).isEqualTo(2.0 / 3);
        assertThat(line.get("rougeL").get("f1").asDouble()).isEqualTo(0.8);
        assertThat(line.has("bertscore")).isFalse();
    }

    @Test
    void judgeWithoutAConfigDirectoryFailsClearly() throws IOException {
        Path pairs = dir.resolve("pairs.jsonl");
        Files.writeString(pairs, "{\"id\": \"1\", \"candidate\": \"a\", \"reference\": \"b\"}\n");
        int code = run("score", "--pairs", pairs.toString(), "--judge", "openai/gpt-4o-mini", "--no-bertscore");
        assertThat(code).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("--judge needs the config directory");
    }

    /** The real judge path: LlmJudge over the OpenAI client against the simulator on loopback. */
    @Test
    void judgeScoresComeFromTheLlmJudge() throws IOException {
        Path config = Path.of("..", "config");
        try (LlmSimulator sim = new LlmSimulator(SimulatorConfig.load(config.resolve("simulator.yaml")),
                ReferenceAnswers.none()).start(0)) {
            Path pairs = dir.resolve("pairs.jsonl");
            Files.writeString(pairs, "{\"id\": \"1\", \"prompt\": \"What is the capital of France?\", "
                    + "\"candidate\": \"Paris is the capital of France.\", \"reference\": \"The capital of France is Paris.\"}\n");
            Path out = dir.resolve("judged.jsonl");
            ScoreCommand score = new ScoreCommand();
            score.useEnvironment(Environment.of(Map.of("OPENAI_BASE_URL", sim.baseUrl(), "OPENAI_API_KEY", "sim")));
            CommandLine cli = new CommandLine(score);
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("--pairs", pairs.toString(), "--out", out.toString(), "--config", config.toString(),
                    "--judge", "openai/judge-sim", "--no-bertscore");
            assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
            JsonNode judge = new ObjectMapper().readTree(Files.readString(out)).get("judge");
            assertThat(judge.get("failed").asBoolean()).as(judge.toString()).isFalse();
            assertThat(judge.get("overall").asDouble()).isBetween(0.0, 1.0);
            assertThat(sim.requestCount()).isPositive();
        }
    }

    @Test
    void aFileWithNoValidPairsIsInvalidInput() throws IOException {
        Path pairs = dir.resolve("empty.jsonl");
        Files.writeString(pairs, "\n");
        assertThat(run("score", "--pairs", pairs.toString(), "--no-bertscore")).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("no valid pairs in " + pairs);
        assertThat(run("score", "--pairs", dir.resolve("missing.jsonl").toString())).isEqualTo(ExitCodes.INVALID_OR_BLOCKED);
        assertThat(err.toString()).contains("cannot read " + dir.resolve("missing.jsonl"));
    }

    private int run(String... args) {
        CommandLine cli = DriftgateCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
