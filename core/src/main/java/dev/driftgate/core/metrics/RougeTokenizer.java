package dev.driftgate.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default tokenizer of Google's rouge_score 0.1.2 ({@code tokenizers.DefaultTokenizer} /
 * {@code tokenize.tokenize}), which replicates Chin-Yew Lin's ROUGE-1.5.5 pre-processing
 * (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries"):
 * lower-case the text, turn every run of characters outside {@code [a-z0-9]} into a space, split on
 * whitespace, drop empty tokens, and with stemming replace each token longer than 3 characters by its
 * NLTK Porter stem.
 *
 * <p>Lower-casing follows Python's {@code str.lower()}; the only non-ASCII characters whose lower case
 * contains an ASCII letter or digit are U+0130 (-> "i" + combining dot) and U+212A KELVIN SIGN (-> "k"),
 * so the scan below handles those two and treats every other non-ASCII character as a separator.
 *
 * <p>Thread-safe. Stems are memoised (bounded) because the same words recur across a dataset.
 */
public final class RougeTokenizer {

    private static final int STEM_CACHE_LIMIT = 200_000;

    private final NltkPorterStemmer stemmer;
    private final ConcurrentHashMap<String, String> stemCache = new ConcurrentHashMap<>();

    public RougeTokenizer(boolean useStemmer) {
        this.stemmer = useStemmer ? new NltkPorterStemmer() : null;
    }

    public boolean usesStemmer() {
        return stemmer != null;
    }

    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        tokenizeInto(text, 0, text.length(), tokens);
        return tokens;
    }

    /** Tokenizes {@code text[from, to)} and appends the tokens. */
    void tokenizeInto(String text, int from, int to, List<String> out) {
        StringBuilder token = new StringBuilder(16);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            char mapped = asciiLowerOrZero(c);
            if (mapped != 0) {
                token.append(mapped);
            } else if (c == '\u0130') {
                // Python: "\u0130".lower() == "i\u0307": an 'i', then the combining dot separates
                token.append('i');
                out.add(finish(token));
                token.setLength(0);
            } else if (token.length() > 0) {
                out.add(finish(token));
                token.setLength(0);
            }
        }
        if (token.length() > 0) {
            out.add(finish(token));
        }
    }

    private String finish(StringBuilder token) {
        String word = token.toString();
        if (stemmer == null || word.length() <= 3) {
            return word;
        }
        return stem(word);
    }

    /** The memoised NLTK Porter stem of a lower-case word (stemming must be on). */
    String stem(String word) {
        String cached = stemCache.get(word);
        if (cached != null) {
            return cached;
        }
        String stem = stemmer.stem(word);
        if (stemCache.size() < STEM_CACHE_LIMIT) {
            stemCache.put(word, stem);
        }
        return stem;
    }

    /** The lower-case ASCII letter or digit {@code c} becomes, or 0 when it is a separator. */
    private static char asciiLowerOrZero(char c) {
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
            return c;
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        if (c == '\u212A') {
            return 'k';
        }
        return 0;
    }
}
