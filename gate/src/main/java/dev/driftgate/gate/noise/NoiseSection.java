package dev.driftgate.gate.noise;

import dev.driftgate.core.text.MarkdownText;
import java.util.Locale;
import java.util.Map;

/**
 * The scorecard's "Noise floor and MDE" section: per category what A/A reruns measured, so a team can
 * see that, say, a 0.05 drop on 8 examples is not measurable. Rendered apart from ScorecardRenderer
 * and appended after it, so the renderer stays as it is.
 */
public final class NoiseSection {
    private NoiseSection() {
    }

    public static String render(NoiseCalibration c, double regressionDelta, boolean noiseAware) {
        StringBuilder b = new StringBuilder();
        b.append("\n### Noise floor and minimum detectable effect\n\n");
        b.append(String.format(Locale.ROOT, "From %d A/A reruns of %s (dataset %s): at %.0f%% confidence over all "
                        + "categories and %.0f%% power. gate.noise_aware is %s.%n%n", c.reruns(),
                MarkdownText.text(c.model()), MarkdownText.text(c.datasetVersion()), 100 * c.confidence(),
                100 * c.power(), noiseAware ? "on" : "off"));
        b.append("| category | examples | rerun sd | noise floor | MDE | blocks above | a drop of ")
                .append(fmt(regressionDelta)).append(" |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Map.Entry<String, CategoryNoise> e : new java.util.TreeMap<>(c.categories()).entrySet()) {
            CategoryNoise n = e.getValue();
            b.append("| ").append(MarkdownText.text(e.getKey())).append(" | ").append(n.examples()).append(" | ")
                    .append(fmt(n.rerunSd())).append(" | ").append(fmt(n.noiseFloor())).append(" | ")
                    .append(fmt(n.mde())).append(" | ").append(fmt(c.blockAbove(e.getKey(), regressionDelta)))
                    .append(" | ").append(n.mde() <= regressionDelta ? "measurable" : "**not measurable** (MDE "
                            + fmt(n.mde()) + ": add examples or judge samples)").append(" |\n");
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
