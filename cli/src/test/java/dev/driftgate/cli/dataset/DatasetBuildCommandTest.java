package dev.driftgate.cli.dataset;

import dev.driftgate.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `driftgate dataset build` on raw files written byte by byte: exit codes and messages. */
class DatasetBuildCommandTest {
    private static final Path PROJECT = Path.of("..");
    private static final List<String> CATEGORIES =
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety");

    @TempDir
    Path dir;
    Path config;
    Path raw;
    Path out;

    @BeforeEach
    void copyConfigWithSmallMinimums() throws IOException {
        config = Files.createDirectories(dir.resolve("config"));
        for (String f : List.of("dataset_config.yaml", "scorer_config.yaml", "model_version.yaml", "shadow_config.yaml")) {
            Files.copy(PROJECT.resolve("config").resolve(f), config.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        setMinimum(1);
        raw = dir.resolve("raw.jsonl");
        out = dir.resolve("eval").resolve("golden.jsonl");
    }

    private void setMinimum(int min) throws IOException {
        Path file = config.resolve("dataset_config.yaml");
        Files.writeString(file, Files.readString(file).replaceAll("min_examples: \\d+", "min_examples: " + min));
    }

    private static String example(String id, String category) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"Explain the question properly.\",\"reference_response\":\"Answer.\","
                + "\"category\":\"" + category + "\",\"source\":\"test\"}";
    }

    /** One valid example per category, ids c0..c4, joined with the given line end. */
    private static String allCategories(String eol) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CATEGORIES.size(); i++) {
            sb.append(example("c" + i, CATEGORIES.get(i))).append(eol);
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p);
        }
        return b.toByteArray();
    }

    private CliRun build(byte[] content) throws IOException {
        Files.write(raw, content);
        return CliRun.of("dataset", "build", "--raw", raw.toString(), "--out", out.toString(),
                "--config-dir", config.toString());
    }

    private void assertFailedAndWroteNothing(CliRun run) {
        assertThat(run.code()).isEqualTo(1);
        assertThat(out).doesNotExist();
        assertThat(out.resolveSibling("golden.manifest.json")).doesNotExist();
        assertThat(run.errLines()).last().asString().matches("dataset build failed: \\d+ errors? in .*raw.jsonl, nothing written");
    }

    @Test
    void validFileExitsZeroPrintsASummaryAndWritesBothFiles() throws IOException {
        CliRun run = build(bytes(allCategories("\n")));
        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("factual_qa").contains("total").contains("dataset version ");
        assertThat(out).exists();
        JsonNode manifest = Json.mapper().readTree(out.resolveSibling("golden.manifest.json").toFile());
        assertThat(manifest.get("total").asInt()).isEqualTo(5);
        assertThat(manifest.get("builder_config_hash").asText())
                .isEqualTo(dev.driftgate.core.config.ConfigLoader.sha256(Files.readAllBytes(config.resolve("dataset_config.yaml"))));
        assertThat(run.out()).contains(manifest.get("dataset_version").asText());
    }

    @Test
    void shortPromptIsReportedWithFileLineIdFieldAndLength() throws IOException {
        String bad = "{\"id\":\"fq-003\",\"prompt\":\"  Why?  \",\"reference_response\":\"x\",\"category\":\"factual_qa\","
                + "\"source\":\"t\"}\n";
        CliRun run = build(bytes(allCategories("\n") + "\n" + bad));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines().get(0)).endsWith(
                "raw.jsonl:7: id=fq-003: prompt: must be longer than 10 characters after trimming (got 4)");
    }

    @Test
    void malformedJsonIsAnErrorWithTheLine() throws IOException {
        CliRun run = build(bytes(allCategories("\n") + "{\"id\": \"x\", \"prompt\": \n"));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines().get(0)).matches(".*raw\\.jsonl:6: malformed JSON at column \\d+: .*");
    }

    @Test
    void bomOnTheFirstLineIsStripped() throws IOException {
        CliRun run = build(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(allCategories("\n"))));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(out)).startsWith("{\"id\":\"c0\"");
    }

    @Test
    void crlfLineEndsAreAcceptedAndTheOutputUsesLf() throws IOException {
        CliRun run = build(bytes(allCategories("\r\n")));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(out)).doesNotContain("\r").hasLineCount(5);
    }

    @Test
    void blankAndWhitespaceLinesAreSkipped() throws IOException {
        CliRun run = build(bytes("\n  \n" + allCategories("\n\t\n") + "\n\n"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(out)).hasLineCount(5);
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheLine() throws IOException {
        byte[] content = concat(bytes(allCategories("\n")), bytes("{\"id\":\"u1\",\"prompt\":\"caf"),
                new byte[] {(byte) 0xE9}, bytes(" au lait, please?\"}\n"));
        CliRun run = build(content);
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines().get(0)).endsWith("raw.jsonl:6: invalid UTF-8: byte 0xE9 at byte 25 of the line");
    }

    @Test
    void lineOverOneMebibyteIsRejectedAndLaterLinesAreStillChecked() throws IOException {
        String huge = "{\"id\":\"big\",\"prompt\":\"" + "a".repeat(1024 * 1024) + "\"}";
        CliRun run = build(bytes(allCategories("\n") + huge + "\n" + "{\"id\":\"after\"}\n"));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines().get(0)).endsWith("raw.jsonl:6: line is " + huge.length()
                + " bytes, longer than the limit of 1048576 bytes (limits.max_line_bytes)");
        assertThat(run.err()).contains("raw.jsonl:7: id=after: prompt: is required");
    }

    @Test
    void duplicateIdsNameBothLines() throws IOException {
        CliRun run = build(bytes(allCategories("\n") + example("c2", "safety") + "\n"));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines().get(0)).endsWith("raw.jsonl:6: id=c2: id: duplicate id, first used on line 3");
    }

    @Test
    void unknownFieldsAndWrongTypesAreErrors() throws IOException {
        String line = "{\"id\":\"w1\",\"prompt\":42,\"reference_response\":\"x\",\"category\":\"safety\",\"source\":\"t\","
                + "\"metadata\":[1],\"notes\":\"hi\"}\n";
        CliRun run = build(bytes(allCategories("\n") + line));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines()).hasSize(4);
        assertThat(run.errLines().get(0)).endsWith("raw.jsonl:6: id=w1: notes: unknown field "
                + "(allowed: id, prompt, reference_response, category, source, metadata)");
        assertThat(run.errLines().get(1)).endsWith("raw.jsonl:6: id=w1: prompt: must be a string, got number");
        assertThat(run.errLines().get(2)).endsWith("raw.jsonl:6: id=w1: metadata: must be a JSON object, got array");
    }

    @Test
    void categoryBelowItsMinimumIsAnError() throws IOException {
        setMinimum(2);
        CliRun run = build(bytes(allCategories("\n") + example("x1", "safety") + "\n"));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines()).hasSize(5); // four categories short, plus the closing line
        assertThat(run.errLines().get(0)).endsWith(
                "raw.jsonl: category factual_qa: needs at least 2 valid examples (categories.factual_qa.min_examples), found 1");
    }

    @Test
    void everyErrorIsReportedOnItsOwnLine() throws IOException {
        String content = allCategories("\n") + "not json\n" + example("c1", "reasoning") + "\n"
                + "{\"id\":\"bad\",\"prompt\":\"short\",\"reference_response\":\" \",\"category\":\"nope\",\"source\":\"t\"}\n";
        CliRun run = build(bytes(content));
        assertFailedAndWroteNothing(run);
        assertThat(run.errLines()).hasSize(6);
        assertThat(run.errLines()).last().asString().contains("5 errors");
    }

    @Test
    void anExistingDatasetIsLeftUntouchedOnError() throws IOException {
        Files.createDirectories(out.getParent());
        Files.writeString(out, "previous\n");
        Files.write(raw, bytes("oops\n"));
        CliRun run = CliRun.of("dataset", "build", "--raw", raw.toString(), "--out", out.toString(),
                "--config-dir", config.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(Files.readString(out)).isEqualTo("previous\n");
    }

    @Test
    void missingRawFileIsExitOne() {
        CliRun run = CliRun.of("dataset", "build", "--raw", dir.resolve("nope.jsonl").toString(), "--out",
                out.toString(), "--config-dir", config.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("nope.jsonl: cannot read: no such file");
    }

    @Test
    void badConfigIsExitOneNamingTheFile() throws IOException {
        Path file = config.resolve("dataset_config.yaml");
        Files.writeString(file, Files.readString(file).replace("schema_version: 1", "schema_version: 1\nextra: 2"));
        CliRun run = build(bytes(allCategories("\n")));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("dataset_config.yaml:3: extra: unknown key 'extra'");
    }

    @Test
    void theCommittedGoldenDatasetIsReproducibleFromTheRawPrompts() throws IOException {
        CliRun run = CliRun.of("dataset", "build", "--raw", PROJECT.resolve("data/raw/prompts.jsonl").toString(),
                "--out", out.toString(), "--config-dir", PROJECT.resolve("config").toString());
        assertThat(run.code()).as(run.err()).isZero();
        Path committed = PROJECT.resolve("data/eval/golden_dataset.jsonl");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(committed));
        JsonNode built = Json.mapper().readTree(out.resolveSibling("golden.manifest.json").toFile());
        JsonNode kept = Json.mapper().readTree(PROJECT.resolve("data/eval/golden_dataset.manifest.json").toFile());
        for (String field : List.of("dataset_version", "builder_config_hash", "counts", "total", "schema_version")) {
            assertThat(built.get(field)).as(field).isEqualTo(kept.get(field));
        }
        assertThat(kept.get("total").asInt()).isGreaterThanOrEqualTo(150);
        kept.get("counts").forEach(count -> assertThat(count.asInt()).isGreaterThanOrEqualTo(25));
    }
}
