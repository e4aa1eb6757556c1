package dev.driftgate.local.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a model's answer. For a prompt with a known reference it perturbs the reference: each word
 * is dropped or replaced by a filler word with total probability 1 - quality, so quality 0.95 keeps
 * about 95% of the words and quality 0.6 about 60%. Otherwise it writes a generic answer that
 * echoes the prompt's words (more of them for a better model). Same seed, same answer.
 */
final class AnswerSynthesizer {
    private static final String[] FILLER = {
            "perhaps", "generally", "something", "various", "thing", "stuff", "basically", "somewhat",
            "unclear", "approximately", "whatever", "probably", "maybe", "certain", "aspects", "overall"};

    private AnswerSynthesizer() {
    }

    static String answer(double quality, String prompt, String reference, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return reference != null ? perturb(quality, reference, random) : generic(quality, prompt, random);
    }

    static String perturb(double quality, String reference, SplittableRandom random) {
        double change = 1.0 - quality;
        String[] tokens = reference.trim().split("\\s+");
        List<String> out = new ArrayList<>(tokens.length);
        for (String token : tokens) {
            double r = random.nextDouble();
            if (r < change / 2) {
                continue; // dropped
            }
            out.add(r < change ? FILLER[random.nextInt(FILLER.length)] : token);
        }
        if (out.isEmpty()) {
            out.add(FILLER[random.nextInt(FILLER.length)]);
        }
        return String.join(" ", out);
    }

    static String generic(double quality, String prompt, SplittableRandom random) {
        List<String> words = SimText.words(prompt);
        int keep = (int) Math.round(Math.min(words.size(), 12) * quality);
        StringBuilder sb = new StringBuilder("Here is a short answer");
        if (keep > 0) {
            sb.append(" about");
            for (int i = 0; i < keep; i++) {
                sb.append(' ').append(words.get(i));
            }
        }
        sb.append(". It is ").append(FILLER[random.nextInt(FILLER.length)])
                .append(" the case, and details depend on context.");
        return sb.toString();
    }
}
