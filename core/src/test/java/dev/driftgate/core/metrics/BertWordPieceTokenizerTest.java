package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java tokenizer gives exactly the ids of the HuggingFace (Rust) tokenizer that DJL runs, on
 * every text of the ROUGE golden set, the golden dataset and the raw prompts, plus hand-picked hard cases.
 * The Rust one runs here only (test scope), on a platform that has its natives.
 */
class BertWordPieceTokenizerTest {

    @Test
    void sameIdsAsTheHuggingFaceTokenizer() throws IOException {
        MiniLmModelFiles files = MiniLmModelFiles.ensureExtracted();
        BertWordPieceTokenizer java = BertWordPieceTokenizer.load(files.tokenizerFile());
        List<String> texts = texts();
        List<String> mismatches = new ArrayList<>();
        try (HuggingFaceTokenizer rust = HuggingFaceTokenizer.builder().optTokenizerPath(files.tokenizerFile())
                .optAddSpecialTokens(true).optTruncation(false).optPadding(false).build()) {
            for (String text : texts) {
                long[] expected = rust.encode(text).getIds();
                long[] actual = java.encode(text);
                if (!Arrays.equals(expected, actual)) {
                    mismatches.add(text + "\n  rust " + Arrays.toString(expected) + "\n  java " + Arrays.toString(actual));
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(3_000);
        assertThat(mismatches).isEmpty();
    }

    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>(List.of(
                "", "   ", "Hello, World!", "naïve café résumé Ångström", "ΣΟΦΙΑ σοφίας ΟΔΟΣ", "İstanbul",
                "日本語のテキストと中文字符", "한국어 문장", "emoji 😀👍🏽 and ‹quotes› «guillemets» “curly”",
                "tab\there\nnewline\r\nand\u00a0nbsp\u2028line\u2029para\u000bvt\u0085nel",
                "zero\u200bwidth\u00adsoft\ufeffbom\u0000nul\ufffdrepl", "$100 + 5% = <x> ^ `y` | ~z_under",
                "a [MASK] token, [CLS] inside [SEP] and [UNK] [PAD] [mask]",
                "supercalifragilisticexpialidocious " + "x".repeat(101) + " " + "y".repeat(100),
                "don't can't won't e.g. i.e. U.S.A. 3.14159 1,000,000 -42", "ﬁ ligature ℌ ① ＡＢＣ full-width",
                "Ελληνικά Русский текст עברית العربية हिन्दी ไทย"));
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                BertWordPieceTokenizerTest.class.getResourceAsStream("/metrics/rouge_golden.jsonl.gz")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode c = mapper.readTree(line);
                texts.add(c.get("target").asText());
                texts.add(c.get("prediction").asText());
            }
        }
        Path data = Path.of("..", "data");
        for (Path file : List.of(data.resolve("eval/golden_dataset.jsonl"), data.resolve("raw/prompts.jsonl"))) {
            for (String line : Files.readAllLines(file)) {
                JsonNode node = mapper.readTree(line);
                node.fields().forEachRemaining(field -> {
                    if (field.getValue().isTextual()) {
                        texts.add(field.getValue().asText());
                    }
                });
            }
        }
        return texts;
    }
}
