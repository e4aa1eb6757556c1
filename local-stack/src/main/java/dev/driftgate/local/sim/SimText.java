package dev.driftgate.local.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text helpers of the simulator: seeds from hashes, word tokens, token overlap. */
final class SimText {
    private SimText() {
    }

    /** First 8 bytes of SHA-256 over the parts joined by NUL: the same parts always give the same seed. */
    static long seed(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] d = sha.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case [a-z0-9]+ words. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Multiset F1 of the words of two texts; 0 when either is empty. */
    static double overlapF1(String candidate, String reference) {
        List<String> c = words(candidate);
        List<String> r = words(reference);
        if (c.isEmpty() || r.isEmpty()) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String w : r) {
            counts.merge(w, 1, Integer::sum);
        }
        int common = 0;
        for (String w : c) {
            Integer n = counts.get(w);
            if (n != null && n > 0) {
                common++;
                counts.put(w, n - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double p = (double) common / c.size();
        double rec = (double) common / r.size();
        return 2 * p * rec / (p + rec);
    }

    /** A rough BPE-like count (about 4 characters per token), at least 1 for non-empty text. */
    static int estimateTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Math.max(1, (text.length() + 3) / 4);
    }

    static String normalizePrompt(String prompt) {
        return prompt == null ? "" : prompt.trim().replaceAll("\\s+", " ");
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
