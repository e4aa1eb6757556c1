package dev.driftgate.core.metrics;

import java.util.Map;

/**
 * The Porter stemmer as NLTK runs it by default ({@code nltk.stem.porter.PorterStemmer()}, mode
 * {@code NLTK_EXTENSIONS}, NLTK 3.x), which is what Google's rouge_score 0.1.2 uses for
 * {@code use_stemmer=True}.
 *
 * <p>Algorithm: Porter, M. "An algorithm for suffix stripping." Program 14.3 (1980): 130-137, with
 * Martin Porter's later extensions and NLTK's own departures:
 * <ul>
 *   <li>a table of irregular forms (sky/skies, dying, lying, tying, news, innings, outings, cannings,
 *       howe, proceed, exceed, succeed) that bypasses the algorithm;</li>
 *   <li>words of up to two letters are returned unchanged;</li>
 *   <li>step 1a: a four-letter word ending in -ies keeps -ie (dies -> die);</li>
 *   <li>step 1b: -ied becomes -ie in four-letter words and -i otherwise (died -> die, spied -> spi);</li>
 *   <li>the *o (cvc) test also holds for a two-letter vowel-consonant stem;</li>
 *   <li>step 1c: y -> i only after a consonant that is not the first letter (happy -> happi, enjoy);</li>
 *   <li>step 2: -bli -> -ble (not -abli), -alli -> -al followed by step 2 again, -fulli -> -ful, and
 *       -logi -> -log with the measure taken on the stem including the 'l'.</li>
 * </ul>
 *
 * <p>Why our own class: Lucene's {@code PorterStemmer} and Snowball's "porter" implement Martin
 * Porter's frozen versions, which disagree with NLTK on these rules. On the 73,607 test words of
 * {@code NltkPorterStemmerTest} (expected stems from NLTK 3.8 itself), lucene-analysis-common 9.12.3
 * agreed on 98.34% ({@code PorterStemFilter}), Snowball porter on 98.08% and Snowball english on
 * 98.04% (abbey -> abbei, age -> ag, additionally -> addition, ...); this class agrees on all of them.
 * An adapter cannot fix those libraries from outside, since the differences sit inside their steps.
 *
 * <p>Input is expected in lower case (rouge_score lower-cases before stemming). Stateless and
 * thread-safe.
 */
public final class NltkPorterStemmer {

    private static final Map<String, String> IRREGULAR_FORMS = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"),
            Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
            Map.entry("news", "news"),
            Map.entry("innings", "inning"), Map.entry("inning", "inning"),
            Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
            Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    /** A suffix rule: replace {@code suffix} by {@code replacement} when the condition holds on the stem. */
    private record Rule(String suffix, String replacement, Condition condition) {
    }

    @FunctionalInterface
    private interface Condition {
        boolean test(String stem);
    }

    private static final Condition POSITIVE_MEASURE = stem -> measure(stem) > 0;
    private static final Condition MEASURE_ABOVE_ONE = stem -> measure(stem) > 1;

    private static final Rule[] STEP2_RULES = {
            new Rule("ational", "ate", POSITIVE_MEASURE),
            new Rule("tional", "tion", POSITIVE_MEASURE),
            new Rule("enci", "ence", POSITIVE_MEASURE),
            new Rule("anci", "ance", POSITIVE_MEASURE),
            new Rule("izer", "ize", POSITIVE_MEASURE),
            new Rule("bli", "ble", POSITIVE_MEASURE),
            new Rule("alli", "al", POSITIVE_MEASURE),
            new Rule("entli", "ent", POSITIVE_MEASURE),
            new Rule("eli", "e", POSITIVE_MEASURE),
            new Rule("ousli", "ous", POSITIVE_MEASURE),
            new Rule("ization", "ize", POSITIVE_MEASURE),
            new Rule("ation", "ate", POSITIVE_MEASURE),
            new Rule("ator", "ate", POSITIVE_MEASURE),
            new Rule("alism", "al", POSITIVE_MEASURE),
            new Rule("iveness", "ive", POSITIVE_MEASURE),
            new Rule("fulness", "ful", POSITIVE_MEASURE),
            new Rule("ousness", "ous", POSITIVE_MEASURE),
            new Rule("aliti", "al", POSITIVE_MEASURE),
            new Rule("iviti", "ive", POSITIVE_MEASURE),
            new Rule("biliti", "ble", POSITIVE_MEASURE),
            new Rule("fulli", "ful", POSITIVE_MEASURE),
            // NLTK measures the stem with the 'l' kept ("geo"+"logi": m("geol") > 0).
            new Rule("logi", "log", stem -> measure(stem + "l") > 0),
    };

    private static final Rule[] STEP3_RULES = {
            new Rule("icate", "ic", POSITIVE_MEASURE),
            new Rule("ative", "", POSITIVE_MEASURE),
            new Rule("alize", "al", POSITIVE_MEASURE),
            new Rule("iciti", "ic", POSITIVE_MEASURE),
            new Rule("ical", "ic", POSITIVE_MEASURE),
            new Rule("ful", "", POSITIVE_MEASURE),
            new Rule("ness", "", POSITIVE_MEASURE),
    };

    private static final Rule[] STEP4_RULES = {
            new Rule("al", "", MEASURE_ABOVE_ONE),
            new Rule("ance", "", MEASURE_ABOVE_ONE),
            new Rule("ence", "", MEASURE_ABOVE_ONE),
            new Rule("er", "", MEASURE_ABOVE_ONE),
            new Rule("ic", "", MEASURE_ABOVE_ONE),
            new Rule("able", "", MEASURE_ABOVE_ONE),
            new Rule("ible", "", MEASURE_ABOVE_ONE),
            new Rule("ant", "", MEASURE_ABOVE_ONE),
            new Rule("ement", "", MEASURE_ABOVE_ONE),
            new Rule("ment", "", MEASURE_ABOVE_ONE),
            new Rule("ent", "", MEASURE_ABOVE_ONE),
            new Rule("ion", "", stem -> measure(stem) > 1 && endsWithAny(stem, 's', 't')),
            new Rule("ou", "", MEASURE_ABOVE_ONE),
            new Rule("ism", "", MEASURE_ABOVE_ONE),
            new Rule("ate", "", MEASURE_ABOVE_ONE),
            new Rule("iti", "", MEASURE_ABOVE_ONE),
            new Rule("ous", "", MEASURE_ABOVE_ONE),
            new Rule("ive", "", MEASURE_ABOVE_ONE),
            new Rule("ize", "", MEASURE_ABOVE_ONE),
    };

    public String stem(String word) {
        String irregular = IRREGULAR_FORMS.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String stem = step1a(word);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = applyFirstMatching(stem, STEP3_RULES);
        stem = applyFirstMatching(stem, STEP4_RULES);
        stem = step5a(stem);
        return step5b(stem);
    }

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return word.charAt(0) + "ie";
        }
        if (word.endsWith("sses")) {
            return cut(word, 2);
        }
        if (word.endsWith("ies")) {
            return cut(word, 2);
        }
        if (word.endsWith("ss")) {
            return word;
        }
        if (word.endsWith("s")) {
            return cut(word, 1);
        }
        return word;
    }

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return word.length() == 4 ? cut(word, 3) + "ie" : cut(word, 3) + "i";
        }
        if (word.endsWith("eed")) {
            String stem = cut(word, 3);
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String stem;
        if (word.endsWith("ed") && containsVowel(cut(word, 2))) {
            stem = cut(word, 2);
        } else if (word.endsWith("ing") && containsVowel(cut(word, 3))) {
            stem = cut(word, 3);
        } else {
            return word;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        if (endsDoubleConsonant(stem)) {
            char last = stem.charAt(stem.length() - 1);
            return last == 'l' || last == 's' || last == 'z' ? stem : cut(stem, 1);
        }
        if (measure(stem) == 1 && endsCvc(stem)) {
            return stem + "e";
        }
        return stem;
    }

    private static String step1c(String word) {
        if (word.endsWith("y")) {
            String stem = cut(word, 1);
            if (stem.length() > 1 && isConsonant(stem, stem.length() - 1)) {
                return stem + "i";
            }
        }
        return word;
    }

    private static String step2(String word) {
        if (word.endsWith("alli") && measure(cut(word, 4)) > 0) {
            return step2(cut(word, 4) + "al");
        }
        return applyFirstMatching(word, STEP2_RULES);
    }

    private static String step5a(String word) {
        if (word.endsWith("e")) {
            String stem = cut(word, 1);
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return word;
    }

    private static String step5b(String word) {
        if (word.endsWith("ll") && measure(cut(word, 1)) > 1) {
            return cut(word, 1);
        }
        return word;
    }

    /** As NLTK's _apply_rule_list: the first rule whose suffix matches decides, even when its condition fails. */
    private static String applyFirstMatching(String word, Rule[] rules) {
        for (Rule rule : rules) {
            if (word.endsWith(rule.suffix())) {
                String stem = cut(word, rule.suffix().length());
                return rule.condition().test(stem) ? stem + rule.replacement() : word;
            }
        }
        return word;
    }

    static boolean isConsonant(CharSequence word, int i) {
        char c = word.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(word, i - 1);
        }
        return true;
    }

    /** Porter's m: the number of vowel-consonant sequences in [C](VC){m}[V]. */
    static int measure(CharSequence stem) {
        int m = 0;
        boolean previousVowel = false;
        for (int i = 0; i < stem.length(); i++) {
            boolean consonant = isConsonant(stem, i);
            if (consonant && previousVowel) {
                m++;
            }
            previousVowel = !consonant;
        }
        return m;
    }

    private static boolean containsVowel(CharSequence stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    /** *o: ends consonant-vowel-consonant, the last not w, x or y; NLTK also accepts a two-letter vowel-consonant word. */
    private static boolean endsCvc(String word) {
        int n = word.length();
        if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)) {
            char last = word.charAt(n - 1);
            if (last != 'w' && last != 'x' && last != 'y') {
                return true;
            }
        }
        return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
    }

    private static boolean endsWithAny(String stem, char a, char b) {
        if (stem.isEmpty()) {
            return false;
        }
        char last = stem.charAt(stem.length() - 1);
        return last == a || last == b;
    }

    private static String cut(String word, int suffixLength) {
        return word.substring(0, word.length() - suffixLength);
    }
}
