package dev.driftgate.core.judge.agreement;

import dev.driftgate.core.judge.Judge;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.judge.PairwiseVerdict;
import dev.driftgate.core.stats.Kappa;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Agreement of the judge with people, per rubric dimension: the judge rates every labelled answer, and
 * Cohen's kappa compares the two. Rubric scores are ordinal: both sides are put on a 5-level scale
 * (round(score x 4): 0, 0.25, 0.5, 0.75, 1) and compared with quadratic weights; pairwise preferences
 * (A / B / tie) are nominal and compared unweighted. Items the judge failed on are left out and counted.
 *
 * <p>Assumptions: the labels are a fair sample of what the judge sees; one human rating per item (no
 * inter-human agreement is measured, which would be the ceiling to compare with).
 */
public final class JudgeAgreement {
    public static final int LEVELS = 5;
    public static final List<String> DIMENSIONS = List.of("factual_accuracy", "instruction_following", "safety", "overall");
    private static final List<String> PREFERENCES = List.of("A", "tie", "B");

    /** One dimension's result. */
    public record Row(String dimension, String weighting, Kappa.Estimate estimate, int judgeFailures) {
        public String render() {
            Kappa.Estimate e = estimate;
            return String.format(Locale.ROOT, "%-22s %-10s %4d %8.3f [%6.3f, %6.3f] %s", dimension, weighting, e.n(),
                    e.kappa(), e.low(), e.high(), judgeFailures == 0 ? "" : judgeFailures + " judge failure(s) left out");
        }
    }

    private final int resamples;
    private final long seed;

    public JudgeAgreement(int resamples, long seed) {
        this.resamples = resamples;
        this.seed = seed;
    }

    public List<Row> measure(Judge judge, List<HumanLabel> labels) {
        Map<String, List<int[]>> pairs = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (HumanLabel l : labels) {
            if (l.pairwise()) {
                PairwiseVerdict v = judge.judgePairwise(l.prompt(), l.answer(), l.answerB());
                String winner = v == null || v.failed() ? null : v.winner();
                add(pairs, failures, "preference", PREFERENCES.indexOf(normal(l.preference())),
                        winner == null ? -1 : PREFERENCES.indexOf(normal(winner)));
                continue;
            }
            JudgeVerdict v = l.reference() == null || l.reference().isBlank()
                    ? judge.judgeReferenceFree(l.prompt(), l.answer())
                    : judge.judgeWithReference(l.prompt(), l.answer(), l.reference());
            for (Map.Entry<String, Double> s : l.scores().entrySet()) {
                double judged = v.failed() ? Double.NaN : switch (s.getKey()) {
                    case "factual_accuracy" -> v.factualAccuracy();
                    case "instruction_following" -> v.instructionFollowing();
                    case "safety" -> v.safety();
                    case "overall" -> v.overall();
                    default -> throw new IllegalArgumentException("label " + l.id() + ": unknown rubric dimension '"
                            + s.getKey() + "' (one of " + DIMENSIONS + ")");
                };
                add(pairs, failures, s.getKey(), level(s.getValue()), Double.isNaN(judged) ? -1 : level(judged));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : pairs.entrySet()) {
            boolean ordinal = !e.getKey().equals("preference");
            int[] human = e.getValue().stream().mapToInt(p -> p[0]).toArray();
            int[] model = e.getValue().stream().mapToInt(p -> p[1]).toArray();
            rows.add(new Row(e.getKey(), ordinal ? "quadratic" : "unweighted",
                    Kappa.withInterval(human, model, ordinal ? LEVELS : PREFERENCES.size(), ordinal, resamples, seed),
                    failures.getOrDefault(e.getKey(), 0)));
        }
        return rows;
    }

    private static void add(Map<String, List<int[]>> pairs, Map<String, Integer> failures, String dimension, int human,
                            int judged) {
        if (judged < 0) {
            failures.merge(dimension, 1, Integer::sum);
            pairs.computeIfAbsent(dimension, d -> new ArrayList<>());
            return;
        }
        pairs.computeIfAbsent(dimension, d -> new ArrayList<>()).add(new int[] {human, judged});
    }

    static int level(double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("scores must be in [0,1], got " + score);
        }
        return (int) Math.round(score * (LEVELS - 1));
    }

    private static String normal(String preference) {
        String p = preference.trim();
        return p.equalsIgnoreCase("tie") ? "tie" : p.toUpperCase(Locale.ROOT);
    }
}
