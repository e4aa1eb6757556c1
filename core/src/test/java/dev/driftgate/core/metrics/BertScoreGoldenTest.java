package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Pins BERTScore on 204 real text pairs (every 7th case of the ROUGE golden set) to the values the
 * earlier implementation computed, where the greedy matching ran on DJL's PyTorch engine. The matching
 * is now plain Java (so no PyTorch natives are needed on any platform); this test is the evidence that
 * the scores did not move. Regenerate with {@code -Ddriftgate.bertscore.writeGolden=PATH}.
 */
class BertScoreGoldenTest {

    private static final String GOLDEN = "/metrics/bertscore_minilm_golden.tsv";
    private static final double TOLERANCE = 1e-6;

    @Test
    void scoresEqualTheRecordedValuesWithAndWithoutIdf() throws IOException {
        List<TextPair> pairs = pairs();
        MiniLmEncoder encoder = MiniLmEncoder.shared();
        List<Prf> plain = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 8, true)).score(pairs);
        List<Prf> idf = new DjlBertScorer(encoder, new BertScoreOptions(true, null, 8, true)).score(pairs);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            lines.add(String.format(Locale.ROOT, "%.9f\t%.9f\t%.9f\t%.9f\t%.9f\t%.9f",
                    plain.get(i).precision(), plain.get(i).recall(), plain.get(i).f1(),
                    idf.get(i).precision(), idf.get(i).recall(), idf.get(i).f1()));
        }
        String write = System.getProperty("driftgate.bertscore.writeGolden");
        if (write != null) {
            Files.write(Path.of(write), lines);
            return;
        }
        List<String> expected = readLines(getClass().getResourceAsStream(GOLDEN));
        assertThat(lines).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] want = expected.get(i).split("\t");
            String[] got = lines.get(i).split("\t");
            for (int k = 0; k < want.length; k++) {
                worst = Math.max(worst, Math.abs(Double.parseDouble(want[k]) - Double.parseDouble(got[k])));
            }
        }
        System.out.println("BERTScore golden: largest difference " + worst + " over " + lines.size() + " pairs");
        assertThat(worst).as("largest difference from the recorded scores").isLessThanOrEqualTo(TOLERANCE);
    }

    private static List<TextPair> pairs() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = readLines(new GZIPInputStream(
                BertScoreGoldenTest.class.getResourceAsStream("/metrics/rouge_golden.jsonl.gz")));
        List<TextPair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 7) {
            JsonNode c = mapper.readTree(lines.get(i));
            pairs.add(new TextPair(c.get("prediction").asText(), c.get("target").asText()));
        }
        return pairs;
    }

    private static List<String> readLines(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }
}
