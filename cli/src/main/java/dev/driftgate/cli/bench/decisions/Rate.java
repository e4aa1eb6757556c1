package dev.driftgate.cli.bench.decisions;

import java.util.Locale;

/**
 * A measured proportion with its Wilson 95% interval: 100 reruns measure a 5% rate only to about
 * ±4 points, and the table should say so.
 */
record Rate(long hits, long trials) {
    double value() {
        return trials == 0 ? Double.NaN : (double) hits / trials;
    }

    @Override
    public String toString() {
        if (trials == 0) {
            return "n/a";
        }
        double z = 1.959964;
        double p = value();
        double denom = 1 + z * z / trials;
        double centre = (p + z * z / (2.0 * trials)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denom;
        return String.format(Locale.ROOT, "%.1f%% (%d/%d, 95%% CI %.1f-%.1f%%)", 100 * p, hits, trials,
                100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half));
    }
}
