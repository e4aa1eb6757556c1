package dev.driftgate.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The golden example schema of DESIGN.md, with both sides of every boundary. */
class ExampleValidatorTest {
    private static final Set<String> CATEGORIES = new LinkedHashSet<>(
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety"));
    private final ExampleValidator validator = new ExampleValidator(CATEGORIES, 11);

    private ExampleValidator.Result check(String json) {
        return validator.validate(7, json);
    }

    private static String line(String prompt) {
        return "{\"id\":\"fqa-001\",\"prompt\":" + prompt + ",\"reference_response\":\"Paris.\","
                + "\"category\":\"factual_qa\",\"source\":\"team\"}";
    }

    private static List<String> formatted(ExampleValidator.Result r) {
        return r.errors().stream().map(e -> e.format("raw.jsonl")).toList();
    }

    @Test
    void acceptsAValidExampleWithAndWithoutMetadata() {
        ExampleValidator.Result r = check(line("\"What is the capital of France?\""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.example()).isEqualTo(new GoldenExample("fqa-001", "What is the capital of France?", "Paris.",
                "factual_qa", "team", Map.of()));

        ExampleValidator.Result withMeta = check("{\"id\":\"a\",\"prompt\":\"What is two plus two?\","
                + "\"reference_response\":\"4\",\"category\":\"reasoning\",\"source\":\"s\","
                + "\"metadata\":{\"difficulty\":\"easy\",\"tags\":[\"math\"],\"n\":3}}");
        assertThat(withMeta.errors()).isEmpty();
        assertThat(withMeta.example().metadata()).containsEntry("difficulty", "easy").containsEntry("n", 3)
                .containsEntry("tags", List.of("math"));
    }

    @Test
    void promptOfExactlyTenCharactersAfterTrimIsRejected() {
        ExampleValidator.Result r = check(line("\"   0123456789  \""));
        assertThat(formatted(r)).containsExactly(
                "raw.jsonl:7: id=fqa-001: prompt: must be longer than 10 characters after trimming (got 10)");
    }

    @Test
    void promptOfElevenCharactersAfterTrimIsAccepted() {
        assertThat(check(line("\"   0123456789A  \"")).errors()).isEmpty();
    }

    @Test
    void promptLengthCountsCharactersNotUtf16Units() {
        // ten emoji are twenty UTF-16 units but ten characters
        assertThat(check(line("\"" + "😀".repeat(10) + "\"")).errors()).hasSize(1);
        assertThat(check(line("\"" + "😀".repeat(11) + "\"")).errors()).isEmpty();
    }

    @Test
    void blankReferenceResponseIsRejectedButOneCharacterIsEnough() {
        String blank = "{\"id\":\"x\",\"prompt\":\"Name a primary colour.\",\"reference_response\":\" \\t \","
                + "\"category\":\"factual_qa\",\"source\":\"s\"}";
        assertThat(formatted(check(blank))).containsExactly("raw.jsonl:7: id=x: reference_response: must not be blank");
        assertThat(check(blank.replace(" \\t ", "4")).errors()).isEmpty();
    }

    @Test
    void blankOrMissingIdIsRejectedAndTheErrorHasNoId() {
        String noId = "{\"prompt\":\"What is the capital of France?\",\"reference_response\":\"Paris\","
                + "\"category\":\"factual_qa\",\"source\":\"s\"}";
        assertThat(formatted(check(noId))).containsExactly("raw.jsonl:7: id: is required");
        assertThat(formatted(check(noId.replace("{", "{\"id\":\"  \",")))).containsExactly(
                "raw.jsonl:7: id: must not be blank");
    }

    @Test
    void wrongJsonTypesAreErrors() {
        String json = "{\"id\":17,\"prompt\":[\"What is the capital of France?\"],\"reference_response\":true,"
                + "\"category\":null,\"source\":{},\"metadata\":\"easy\"}";
        assertThat(formatted(check(json))).containsExactly(
                "raw.jsonl:7: id: must be a string, got number",
                "raw.jsonl:7: prompt: must be a string, got array",
                "raw.jsonl:7: reference_response: must be a string, got boolean",
                "raw.jsonl:7: category: must be a string, got null",
                "raw.jsonl:7: source: must be a string, got object",
                "raw.jsonl:7: metadata: must be a JSON object, got string");
    }

    @Test
    void categoryMustBeOneOfTheConfiguredOnes() {
        String json = line("\"What is the capital of France?\"").replace("factual_qa", "trivia");
        assertThat(formatted(check(json))).containsExactly("raw.jsonl:7: id=fqa-001: category: unknown category "
                + "'trivia' (expected one of: factual_qa, reasoning, summarization, instruction_following, safety)");
        // case matters: the names are identifiers
        assertThat(check(line("\"What is the capital of France?\"").replace("factual_qa", "Factual_QA"))
                .errors()).hasSize(1);
    }

    @Test
    void sourceIsRequiredAndNotBlank() {
        String json = line("\"What is the capital of France?\"");
        assertThat(formatted(check(json.replace(",\"source\":\"team\"", "")))).containsExactly(
                "raw.jsonl:7: id=fqa-001: source: is required");
        assertThat(formatted(check(json.replace("\"team\"", "\"\"")))).containsExactly(
                "raw.jsonl:7: id=fqa-001: source: must not be blank");
    }

    @Test
    void unknownFieldsAreErrors() {
        String json = line("\"What is the capital of France?\"").replace("}", ",\"answer\":\"Paris\"}");
        assertThat(formatted(check(json))).containsExactly("raw.jsonl:7: id=fqa-001: answer: unknown field "
                + "(allowed: id, prompt, reference_response, category, source, metadata)");
    }

    @Test
    void nullMetadataValuesAreRejectedBecauseTheRecordCannotHoldThem() {
        String json = line("\"What is the capital of France?\"").replace("}", ",\"metadata\":{\"note\":null}}");
        assertThat(formatted(check(json))).containsExactly(
                "raw.jsonl:7: id=fqa-001: metadata.note: must not be null (leave the key out instead)");
    }

    @Test
    void everyProblemOfALineIsReported() {
        String json = "{\"id\":\"rsn-9\",\"prompt\":\"short\",\"reference_response\":\"\",\"category\":\"maths\","
                + "\"source\":\"s\",\"extra\":1}";
        assertThat(formatted(check(json))).containsExactly(
                "raw.jsonl:7: id=rsn-9: extra: unknown field (allowed: id, prompt, reference_response, category, "
                        + "source, metadata)",
                "raw.jsonl:7: id=rsn-9: prompt: must be longer than 10 characters after trimming (got 5)",
                "raw.jsonl:7: id=rsn-9: reference_response: must not be blank",
                "raw.jsonl:7: id=rsn-9: category: unknown category 'maths' (expected one of: factual_qa, reasoning, "
                        + "summarization, instruction_following, safety)");
    }

    @Test
    void malformedJsonNamesTheColumn() {
        List<String> errors = formatted(check("{\"id\":\"a\",\"prompt\":\"What is it?\" \"x\"}"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("raw.jsonl:7: malformed JSON at column 34: Unexpected character");
    }

    @Test
    void duplicateKeysTrailingDataAndNonObjectsAreRejected() {
        String json = line("\"What is the capital of France?\"");
        assertThat(formatted(check(json.replace("{", "{\"id\":\"b\",")))).singleElement().asString()
                .contains("malformed JSON").contains("Duplicate field 'id'");
        assertThat(formatted(check(json + " {}"))).singleElement().asString().contains("malformed JSON");
        assertThat(formatted(check("[1,2]"))).containsExactly("raw.jsonl:7: expected a JSON object, got array");
        assertThat(formatted(check("\"text\""))).containsExactly("raw.jsonl:7: expected a JSON object, got string");
    }
}
