package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RougeTokenizerTest {

    @Test
    void lowerCasesAndSplitsOnEverythingOutsideAsciiLettersAndDigits() {
        RougeTokenizer tokenizer = new RougeTokenizer(false);
        assertThat(tokenizer.tokenize("The quick-brown FOX, isn't it? 3.14\tok\n\nx_y"))
                .containsExactly("the", "quick", "brown", "fox", "isn", "t", "it", "3", "14", "ok", "x", "y");
    }

    @Test
    void emptyAndSeparatorOnlyTextsGiveNoTokens() {
        RougeTokenizer tokenizer = new RougeTokenizer(true);
        assertThat(tokenizer.tokenize("")).isEmpty();
        assertThat(tokenizer.tokenize(" /-- \n\t ")).isEmpty();
    }

    @Test
    void nonAsciiFollowsPythonLowerCase() {
        RougeTokenizer tokenizer = new RougeTokenizer(false);
        // "\u0130".lower() is "i" + U+0307 (a separator); the Kelvin sign lower-cases to "k"; é separates.
        assertThat(tokenizer.tokenize("\u0130stanbul \u212Aelvin caf\u00e9s na\u00efve \uD83D\uDE00x"))
                .containsExactly("i", "stanbul", "kelvin", "caf", "s", "na", "ve", "x");
    }

    @Test
    void stemsOnlyTokensLongerThanThreeCharacters() {
        RougeTokenizer tokenizer = new RougeTokenizer(true);
        // "ties" (4) is stemmed to "tie"; "dies"... "ran", "flies" -> "fli"; "was" (3) is kept as is
        assertThat(tokenizer.tokenize("Running flies was ties abc abcs"))
                .containsExactly("run", "fli", "was", "tie", "abc", "abc");
    }
}
