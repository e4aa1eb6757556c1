package dev.driftgate.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DatasetConfig;
import dev.driftgate.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {
    private static final String CATEGORIES = "factual_qa,reasoning";

    @TempDir
    Path dir;

    private static DatasetConfig config(int minExamples) {
        Map<String, DatasetConfig.CategorySpec> cats = new LinkedHashMap<>();
        for (String c : CATEGORIES.split(",")) {
            cats.put(c, new DatasetConfig.CategorySpec(minExamples, 0.5, c));
        }
        return new DatasetConfig(1, new DatasetConfig.Paths("raw", "golden"),
                new DatasetConfig.Limits(1024, 11), cats);
    }

    private static String example(String id, String category) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"A question long enough?\",\"reference_response\":\"An answer.\","
                + "\"category\":\"" + category + "\",\"source\":\"test\"}";
    }

    private static DatasetBuilder.Report validate(DatasetConfig config, String content) throws IOException {
        return new DatasetBuilder(config).validate(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void duplicateIdsNameBothLines() throws IOException {
        DatasetBuilder.Report r = validate(config(0),
                example("q-1", "factual_qa") + "\n" + example("q-2", "reasoning") + "\n\n" + example("q-1", "reasoning"));
        assertThat(r.errors()).containsExactly(
                new DatasetError(4, "q-1", "id", "duplicate id, first used on line 1"));
        assertThat(r.examples()).extracting(GoldenExample::id).containsExactly("q-1", "q-2");
    }

    @Test
    void categoryMinimumsCountValidExamplesOnly() throws IOException {
        DatasetBuilder.Report r = validate(config(2),
                example("a", "factual_qa") + "\n" + example("b", "factual_qa") + "\n" + example("c", "reasoning")
                        + "\n{\"id\":\"d\"}\n");
        assertThat(r.counts()).containsExactly(Map.entry("factual_qa", 2), Map.entry("reasoning", 1));
        assertThat(r.errors()).extracting(e -> e.format("f")).contains(
                "f: category reasoning: needs at least 2 valid examples (categories.reasoning.min_examples), found 1");
        assertThat(r.errors()).filteredOn(e -> e.line() == 4).hasSize(4); // d lacks four fields
    }

    @Test
    void blankAndWhitespaceLinesAreSkippedNotErrors() throws IOException {
        DatasetBuilder.Report r = validate(config(1), "\n   \n" + example("a", "factual_qa") + "\r\n \t\r\n"
                + example("b", "reasoning") + "\n\n");
        assertThat(r.ok()).isTrue();
        assertThat(r.examples()).hasSize(2);
    }

    @Test
    void errorsOfEveryLineAreCollected() throws IOException {
        DatasetBuilder.Report r = validate(config(0), "{oops\n" + example("a", "factual_qa") + "\n"
                + example("b", "history") + "\n[]\n");
        assertThat(r.errors()).extracting(DatasetError::line).containsExactly(1, 3, 4);
    }

    @Test
    void writesCanonicalBytesAndAManifestThatAreReproducible() throws IOException {
        String raw = "{\"source\":\"test\",\"category\":\"reasoning\",\"reference_response\":\"4\",\"prompt\":"
                + "\"What is two plus two?\",\"id\":\"r-1\",\"metadata\":{\"z\":1,\"a\":{\"y\":true,\"b\":\"é\"}}}\n"
                + example("f-1", "factual_qa") + "\n";
        DatasetBuilder.Report r = validate(config(1), raw);
        Path out = dir.resolve("eval").resolve("golden.jsonl");
        DatasetManifest m = DatasetWriter.write(r, 1, "raw.jsonl", "cafe", out);

        byte[] written = Files.readAllBytes(out);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"r-1\",\"prompt\":\"What is two plus two?\",\"reference_response\":\"4\","
                        + "\"category\":\"reasoning\",\"source\":\"test\",\"metadata\":{\"a\":{\"b\":\"é\",\"y\":true},\"z\":1}}\n"
                        + "{\"id\":\"f-1\",\"prompt\":\"A question long enough?\",\"reference_response\":\"An answer.\","
                        + "\"category\":\"factual_qa\",\"source\":\"test\",\"metadata\":{}}\n");
        assertThat(m.datasetVersion()).isEqualTo(ConfigLoader.sha256(written)).hasSize(64);
        assertThat(m.total()).isEqualTo(2);
        assertThat(m.counts()).containsExactly(Map.entry("factual_qa", 1), Map.entry("reasoning", 1));

        Path manifest = dir.resolve("eval").resolve("golden.manifest.json");
        JsonNode json = Json.mapper().readTree(manifest.toFile());
        assertThat(json.get("dataset_version").asText()).isEqualTo(m.datasetVersion());
        assertThat(json.get("builder_config_hash").asText()).isEqualTo("cafe");
        assertThat(json.get("source").asText()).isEqualTo("raw.jsonl");
        assertThat(Files.readString(manifest)).doesNotContain("\r").endsWith("}\n");

        byte[] manifestBefore = Files.readAllBytes(manifest);
        DatasetWriter.write(validate(config(1), raw), 1, "raw.jsonl", "cafe", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(written);
        assertThat(Files.readAllBytes(manifest)).isEqualTo(manifestBefore);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "golden.jsonl", "golden.manifest.json"); // no temp files left behind
        }
    }

    @Test
    void theVersionChangesWhenTheContentChanges() throws IOException {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String one = example("f-1", "factual_qa") + "\n";
        String v1 = DatasetWriter.write(validate(config(0), one), 1, "r", "h", a).datasetVersion();
        String v2 = DatasetWriter.write(validate(config(0), one.replace("An answer.", "An answer!")), 1, "r", "h", b)
                .datasetVersion();
        assertThat(v1).isNotEqualTo(v2);
    }

    @Test
    void refusesToWriteAReportWithErrors() throws IOException {
        DatasetBuilder.Report r = validate(config(5), example("a", "factual_qa"));
        Path out = dir.resolve("never.jsonl");
        assertThatThrownBy(() -> DatasetWriter.write(r, 1, "r", "h", out)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void manifestSitsBesideTheDataset() {
        assertThat(DatasetWriter.manifestPathFor(Path.of("data/eval/golden_dataset.jsonl")))
                .isEqualTo(Path.of("data/eval/golden_dataset.manifest.json"));
        assertThat(DatasetWriter.manifestPathFor(Path.of("x/set.json"))).isEqualTo(Path.of("x/set.json.manifest.json"));
    }
}
