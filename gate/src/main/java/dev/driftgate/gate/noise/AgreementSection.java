package dev.driftgate.gate.noise;

import dev.driftgate.core.store.AgreementStore;
import dev.driftgate.core.text.MarkdownText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The scorecard's "Judge agreement with people" section: the last measured Cohen's kappa of the judge
 * against human labels ({@code driftgate judge agreement}) per rubric dimension, with its date, judge
 * model and rubric version; or one line saying none has been measured. Appended after
 * ScorecardRenderer's output, like {@link NoiseSection}.
 */
public final class AgreementSection {
    private AgreementSection() {
    }

    /**
     * @param latest the latest row per dimension for this judge model and rubric version (empty: none)
     * @param why    when no store could be read, why (null otherwise)
     */
    public static String render(String judgeModel, String rubricVersion, List<AgreementStore.Stored> latest, String why) {
        StringBuilder b = new StringBuilder("\n### Judge agreement with people\n\n");
        String judge = "judge " + MarkdownText.code(judgeModel) + ", rubric " + MarkdownText.code(rubricVersion);
        if (latest.isEmpty()) {
            b.append("No agreement with human labels has been measured for ").append(judge)
                    .append(why == null ? "" : " (" + MarkdownText.text(why) + ")")
                    .append(": `driftgate judge agreement --labels FILE` measures it.\n");
            return b.toString();
        }
        Instant last = latest.stream().map(AgreementStore.Stored::measuredAt).max(Comparator.naturalOrder()).orElseThrow();
        b.append("Last measured ").append(last.atOffset(ZoneOffset.UTC).toLocalDate()).append(" for ").append(judge)
                .append(" (Cohen's kappa against human labels; 1 is perfect agreement, 0 is chance).\n\n");
        b.append("| dimension | kappa | 95% interval | labelled items | measured |\n| --- | ---: | --- | ---: | --- |\n");
        latest.stream().sorted(Comparator.comparing(AgreementStore.Stored::dimension)).forEach(s ->
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s |%n", MarkdownText.text(s.dimension()),
                        number(s.kappa()), Double.isNaN(s.low()) || Double.isNaN(s.high()) ? "n/a"
                                : "[" + number(s.low()) + ", " + number(s.high()) + "]",
                        s.n(), s.measuredAt().atOffset(ZoneOffset.UTC).toLocalDate())));
        return b.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
