package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Bit-for-bit agreement with rouge_score 0.1.2 + NLTK 3.8 on 1,428 generated cases (see
 * src/test/resources/metrics/README.md): every precision, recall and fmeasure must be the same double.
 */
class RougeGoldenTest {

    @Test
    void everyGoldenCaseMatchesBitForBit() throws IOException {
        RougeScorer plain = new RougeScorer(false);
        RougeScorer stemming = new RougeScorer(true);
        ObjectMapper mapper = new ObjectMapper();
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        int multiLine = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/metrics/rouge_golden.jsonl.gz")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode c = mapper.readTree(line);
                String reference = c.get("target").asText();
                String candidate = c.get("prediction").asText();
                RougeScores actual = (c.get("use_stemmer").asBoolean() ? stemming : plain).score(reference, candidate);
                compare(cases, "rougeL", c.get("rougeL"), actual.rougeL(), mismatches);
                compare(cases, "rougeLsum", c.get("rougeLsum"), actual.rougeLsum(), mismatches);
                if (reference.contains("\n") && candidate.contains("\n")) {
                    multiLine++;
                }
                cases++;
            }
        }
        assertThat(cases).isEqualTo(1_428);
        assertThat(multiLine).as("the golden set exercises the union LCS").isGreaterThan(300);
        assertThat(mismatches).isEmpty();
    }

    private static void compare(int index, String rule, JsonNode expected, Prf actual, List<String> mismatches) {
        double[] want = {expected.get(0).asDouble(), expected.get(1).asDouble(), expected.get(2).asDouble()};
        double[] got = {actual.precision(), actual.recall(), actual.f1()};
        for (int i = 0; i < 3; i++) {
            if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i] + 0.0)) {
                mismatches.add("case " + index + " " + rule + " [" + i + "]: expected " + want[i] + " got " + got[i]);
            }
        }
    }
}
