package dev.driftgate.gate;

/** A two-sided confidence interval of a delta (current minus baseline). */
public record Interval(double lower, double upper) {

    /** The whole interval lies below zero: the drop is not explained by resampling noise. */
    public boolean significantDrop() {
        return upper < 0;
    }
}
