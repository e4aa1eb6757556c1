package dev.driftgate.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 tokenizer (BERT uncased WordPiece) in plain Java, reading the model's own
 * tokenizer.json: the HuggingFace tokenizers pipeline of that file (added special tokens, BertNormalizer
 * with clean_text, Chinese-character spacing, accent stripping and lowercasing, BertPreTokenizer,
 * greedy longest-match WordPiece, [CLS] ... [SEP]).
 *
 * <p>Why not DJL's HuggingFaceTokenizer: its Rust natives exist for linux x86_64/aarch64, macOS aarch64
 * and Windows x86_64 but not Intel Macs, and offline there is nothing to download. This class gives the
 * same ids (BertWordPieceTokenizerTest compares it with the Rust tokenizer on thousands of texts).
 */
final class BertWordPieceTokenizer {

    private static final String CONTINUATION = "##";
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> vocab;
    /** Special tokens matched in the raw text before normalisation ("normalized": false). */
    private final Map<String, Integer> addedTokens;
    private final int unkId;
    private final int clsId;
    private final int sepId;

    private BertWordPieceTokenizer(Map<String, Integer> vocab, Map<String, Integer> addedTokens) {
        this.vocab = vocab;
        this.addedTokens = addedTokens;
        this.unkId = vocab.get("[UNK]");
        this.clsId = vocab.get("[CLS]");
        this.sepId = vocab.get("[SEP]");
    }

    static BertWordPieceTokenizer load(Path tokenizerJson) {
        try {
            JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
            Map<String, Integer> vocab = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                vocab.put(entry.getKey(), entry.getValue().asInt());
            }
            Map<String, Integer> added = new HashMap<>();
            for (JsonNode token : root.path("added_tokens")) {
                added.put(token.get("content").asText(), token.get("id").asInt());
            }
            return new BertWordPieceTokenizer(vocab, added);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    /** Token ids of one text, wrapped in [CLS] and [SEP]; no truncation, no padding. */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        ids.add(clsId);
        int from = 0;
        while (from < text.length()) {
            int[] match = nextAddedToken(text, from);
            int end = match == null ? text.length() : match[0];
            for (String word : preTokenize(normalize(text.substring(from, end)))) {
                wordPiece(word, ids);
            }
            if (match == null) {
                break;
            }
            ids.add(match[2]);
            from = match[1];
        }
        ids.add(sepId);
        return ids.stream().mapToLong(Integer::longValue).toArray();
    }

    /** Leftmost (then longest) special token at or after {@code from}: {start, end, id}, or null. */
    private int[] nextAddedToken(String text, int from) {
        int[] best = null;
        for (Map.Entry<String, Integer> token : addedTokens.entrySet()) {
            int at = text.indexOf(token.getKey(), from);
            if (at >= 0 && (best == null || at < best[0] || (at == best[0] && at + token.getKey().length() > best[1]))) {
                best = new int[] {at, at + token.getKey().length(), token.getValue()};
            }
        }
        return best;
    }

    /** BertNormalizer(clean_text, handle_chinese_chars, strip_accents, lowercase), in that order. */
    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                cleaned.append(' ');
            } else if (isChinese(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(c -> {
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                // per code point, as Rust's char::to_lowercase: no context rules such as the final sigma
                out.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
            }
        });
        return out.toString();
    }

    /** BertPreTokenizer: split on whitespace (dropped) and around every punctuation character (kept). */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isWhitespace(c) || isPunctuation(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (isPunctuation(c)) {
                    words.add(new String(Character.toChars(c)));
                }
            } else {
                word.appendCodePoint(c);
            }
        });
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** Greedy longest-match-first; a word with an unknown piece, or over 100 characters, is one [UNK]. */
    private void wordPiece(String word, List<Integer> ids) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > MAX_WORD_CHARS) {
            ids.add(unkId);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < chars.length) {
            Integer id = null;
            int end = chars.length;
            while (end > start) {
                String piece = new String(chars, start, end - start);
                id = vocab.get(start > 0 ? CONTINUATION + piece : piece);
                if (id != null) {
                    break;
                }
                end--;
            }
            if (id == null) {
                ids.add(unkId);
                return;
            }
            pieces.add(id);
            start = end;
        }
        ids.addAll(pieces);
    }

    /** Rust's char::is_whitespace (the Unicode White_Space property), plus what it already covers. */
    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c >= 0x0B && c <= 0x0C) || c == 0x85
                || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Unicode "Other" (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return. */
    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** ASCII punctuation (which includes symbols like $ + < = > ^ ` | ~) or Unicode P* categories. */
    private static boolean isPunctuation(int c) {
        if (c < 128) {
            return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** The CJK blocks BERT puts spaces around (Korean and Japanese kana are not among them). */
    private static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
