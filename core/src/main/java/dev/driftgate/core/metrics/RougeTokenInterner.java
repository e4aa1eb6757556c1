package dev.driftgate.core.metrics;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Tokenizes texts exactly like {@link RougeTokenizer} but yields small int ids (0, 1, 2, ... per scoring
 * call) instead of strings, without allocating a String per token: token characters are hashed and
 * compared in place in a reusable char pool. Only a word seen for the first time in a call becomes a
 * String, and only when it has to be stemmed. One instance per thread ({@link RougeScorer} keeps them in a
 * ThreadLocal); {@link #reset} starts a new call.
 */
final class RougeTokenInterner {

    private final UnaryOperator<String> stemmer;

    private char[] pool = new char[4096];
    private int poolSize;
    /** Words as they appear (lower-cased), to map each distinct word once. */
    private final CharTable words = new CharTable();
    /** What LCS compares: the stems (or the words themselves without stemming). */
    private final CharTable terms = new CharTable();
    private int[] wordToTerm = new int[256];
    private int[] tokens = new int[256];

    /** @param stemmer the stem of a lower-case word longer than 3 characters, or null for no stemming */
    RougeTokenInterner(UnaryOperator<String> stemmer) {
        this.stemmer = stemmer;
    }

    void reset() {
        poolSize = 0;
        words.clear();
        terms.clear();
    }

    /** Distinct term ids handed out since {@link #reset}. */
    int alphabetSize() {
        return terms.size;
    }

    /** rouge_score's get_sents + tokenize: lines split on "\n", empty lines dropped, each line's term ids. */
    int[][] tokenizeLines(String text) {
        int[][] lines = new int[4][];
        int lineCount = 0;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                if (lineCount == lines.length) {
                    lines = Arrays.copyOf(lines, lineCount * 2);
                }
                lines[lineCount++] = tokenize(text, start, end);
            }
            start = end + 1;
        }
        return Arrays.copyOf(lines, lineCount);
    }

    private int[] tokenize(String text, int from, int to) {
        int count = 0;
        int tokenStart = -1;
        int hash = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            char mapped;
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                mapped = c;
            } else if (c >= 'A' && c <= 'Z') {
                mapped = (char) (c + ('a' - 'A'));
            } else if (c == '\u212A') {
                mapped = 'k'; // KELVIN SIGN lower-cases to ASCII k
            } else if (c == '\u0130') {
                // "\u0130".lower() == "i\u0307": an 'i' that the combining dot then ends
                if (tokenStart < 0) {
                    tokenStart = poolSize;
                    hash = 0;
                }
                append('i');
                hash = 31 * hash + 'i';
                count = emit(count, tokenStart, hash);
                tokenStart = -1;
                continue;
            } else {
                if (tokenStart >= 0) {
                    count = emit(count, tokenStart, hash);
                    tokenStart = -1;
                }
                continue;
            }
            if (tokenStart < 0) {
                tokenStart = poolSize;
                hash = 0;
            }
            append(mapped);
            hash = 31 * hash + mapped;
        }
        if (tokenStart >= 0) {
            count = emit(count, tokenStart, hash);
        }
        return Arrays.copyOf(tokens, count);
    }

    /** Interns the word in pool[start, poolSize) and appends its term id to the token buffer. */
    private int emit(int count, int start, int hash) {
        int length = poolSize - start;
        int word = words.find(pool, start, length, hash);
        if (word >= 0) {
            poolSize = start; // seen before in this call: drop the copy
        } else {
            word = words.add(start, length, hash);
            ensureWordCapacity(word);
            wordToTerm[word] = termOf(start, length, hash);
        }
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
        }
        tokens[count] = wordToTerm[word];
        return count + 1;
    }

    private int termOf(int start, int length, int hash) {
        if (stemmer == null || length <= 3) {
            int term = terms.find(pool, start, length, hash);
            return term >= 0 ? term : terms.add(start, length, hash);
        }
        String stem = stemmer.apply(new String(pool, start, length));
        int stemStart = poolSize;
        int stemHash = 0;
        for (int i = 0; i < stem.length(); i++) {
            append(stem.charAt(i));
            stemHash = 31 * stemHash + stem.charAt(i);
        }
        int term = terms.find(pool, stemStart, stem.length(), stemHash);
        if (term >= 0) {
            poolSize = stemStart;
            return term;
        }
        return terms.add(stemStart, stem.length(), stemHash);
    }

    private void append(char c) {
        if (poolSize == pool.length) {
            pool = Arrays.copyOf(pool, pool.length * 2);
        }
        pool[poolSize++] = c;
    }

    private void ensureWordCapacity(int word) {
        if (word >= wordToTerm.length) {
            wordToTerm = Arrays.copyOf(wordToTerm, wordToTerm.length * 2);
        }
    }

    /** Open addressing from a char range of the pool to a dense id. */
    private final class CharTable {
        private int[] slots = new int[512]; // id + 1, 0 = empty
        private int[] starts = new int[256];
        private int[] lengths = new int[256];
        private int[] hashes = new int[256];
        private int size;

        void clear() {
            if (size > 0) {
                Arrays.fill(slots, 0);
                size = 0;
            }
        }

        int find(char[] chars, int start, int length, int hash) {
            int mask = slots.length - 1;
            for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
                int entry = slots[slot];
                if (entry == 0) {
                    return -1;
                }
                int id = entry - 1;
                if (hashes[id] == hash && lengths[id] == length
                        && Arrays.equals(chars, starts[id], starts[id] + length, chars, start, start + length)) {
                    return id;
                }
            }
        }

        int add(int start, int length, int hash) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            int id = size++;
            starts[id] = start;
            lengths[id] = length;
            hashes[id] = hash;
            if (size * 2 > slots.length) {
                rehash();
            } else {
                place(id);
            }
            return id;
        }

        private void place(int id) {
            int mask = slots.length - 1;
            int slot = mix(hashes[id]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }

        private void rehash() {
            slots = new int[slots.length * 2];
            for (int id = 0; id < size; id++) {
                place(id);
            }
        }

        private int mix(int hash) {
            int h = hash * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
