package dev.driftgate.gate.noise;

import dev.driftgate.core.judge.JudgeSampleStats;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.text.MarkdownText;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The scorecard's "Flakiest examples" section (judge.samples > 1): the examples whose judge samples
 * disagree most, flips first (some samples pass, others do not), then by spread. Empty when the run
 * has no repeated verdicts. Appended after ScorecardRenderer's output, like {@link NoiseSection}.
 */
public final class FlakySection {
    static final int SHOWN = 5;

    private FlakySection() {
    }

    private record Flaky(ExampleResult example, JudgeSampleStats stats) {
    }

    public static String render(EvalRun run) {
        List<Flaky> flaky = run.examples().stream()
                .map(e -> new Flaky(e, JudgeSampleStats.of(e.judge())))
                .filter(f -> f.stats() != null && f.stats().sd() > 1e-9) // means of doubles: equal samples give ~1e-17
                .sorted(Comparator.comparing((Flaky f) -> !f.stats().flips())
                        .thenComparing(f -> -f.stats().sd()).thenComparing(f -> f.example().id()))
                .limit(SHOWN).toList();
        if (flaky.isEmpty()) {
            return "";
        }
        long flips = run.examples().stream().map(e -> JudgeSampleStats.of(e.judge()))
                .filter(s -> s != null && s.flips()).count();
        StringBuilder b = new StringBuilder("\n### Flakiest examples (repeated judging)\n\n");
        b.append(String.format(Locale.ROOT, "%d example(s) flip between pass and fail (overall %.1f) across judge "
                + "samples.%n%n", flips, JudgeSampleStats.PASS_MARK));
        b.append("| example | category | samples | mean | sd | flips |\n| --- | --- | ---: | ---: | ---: | --- |\n");
        for (Flaky f : flaky) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %s |%n",
                    MarkdownText.text(f.example().id()), MarkdownText.text(f.example().category()),
                    f.stats().samples(), f.stats().mean(), f.stats().sd(), f.stats().flips() ? "yes" : "no"));
        }
        return b.toString();
    }
}
