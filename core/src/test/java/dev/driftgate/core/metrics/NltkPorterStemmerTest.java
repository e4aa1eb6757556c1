package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NltkPorterStemmerTest {

    private final NltkPorterStemmer stemmer = new NltkPorterStemmer();

    /** NLTK's nltk/test/stem.doctest, "Test the stemmer on various pluralised words". */
    @Test
    void nltkDoctestPlurals() {
        String[] plurals = {"caresses", "flies", "dies", "mules", "denied", "died", "agreed", "owned", "humbled",
                "sized", "meeting", "stating", "siezing", "itemization", "sensational", "traditional", "reference",
                "colonizer", "plotted"};
        List<String> stems = new ArrayList<>();
        for (String plural : plurals) {
            stems.add(stemmer.stem(plural));
        }
        assertThat(String.join(" ", stems)).isEqualTo(
                "caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot");
    }

    /** NLTK's nltk/test/unit/test_stem.py test_oed_bug and (lower-case input) test_lowercase_option. */
    @Test
    void nltkUnitTestCases() {
        assertThat(stemmer.stem("oed")).isEqualTo("o");
        assertThat(stemmer.stem("on")).isEqualTo("on");
        assertThat(stemmer.stem("i")).isEqualTo("i");
        assertThat(stemmer.stem("github")).isEqualTo("github");
    }

    /** The NLTK_EXTENSIONS departures, each against NLTK 3.8's output. */
    @ParameterizedTest
    @CsvSource({
            "skies, sky", "dying, die", "news, news", "innings, inning", "proceed, proceed", "exceed, exceed",
            "ties, tie", "spied, spi", "tied, tie", "happy, happi", "enjoy, enjoy", "sky, sky", "spy, spi",
            "generously, gener", "radically, radic", "hopefully, hope", "geology, geolog", "theology, theolog",
            "archaeology, archaeolog", "sensibility, sensibl", "conformably, conform", "rational, ration",
            "relational, relat", "controlling, control", "roll, roll", "are, are", "eve, eve", "use, use",
    })
    void departuresFromTheOriginalAlgorithm(String word, String stem) {
        assertThat(stemmer.stem(word)).isEqualTo(stem);
    }

    /** Every token of the wamerican word list: NLTK 3.8's PorterStemmer() output, no exception allowed. */
    @Test
    void agreesWithNltkOnSeventyThreeThousandWords() throws IOException {
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/metrics/nltk_porter_words.tsv.gz")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                String actual = stemmer.stem(parts[0]);
                if (!actual.equals(parts[1])) {
                    mismatches.add(parts[0] + " -> " + actual + " (NLTK: " + parts[1] + ")");
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(73_607);
        assertThat(mismatches).isEmpty();
    }
}
