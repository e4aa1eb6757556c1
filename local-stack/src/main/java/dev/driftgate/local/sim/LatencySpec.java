package dev.driftgate.local.sim;

import java.util.SplittableRandom;

/**
 * How long a simulated model takes to answer: {@code fixed} (ms), {@code uniform} (min_ms..max_ms) or
 * {@code normal} (mean_ms, stddev_ms, cut at 0).
 */
public record LatencySpec(String distribution, double ms, double minMs, double maxMs, double meanMs, double stddevMs) {

    public static final LatencySpec ZERO = fixed(0);

    public LatencySpec {
        distribution = distribution == null ? "fixed" : distribution;
        switch (distribution) {
            case "fixed" -> require(ms >= 0, "latency.ms must be >= 0, got " + ms);
            case "uniform" -> require(minMs >= 0 && maxMs >= minMs,
                    "latency uniform needs 0 <= min_ms <= max_ms, got " + minMs + ".." + maxMs);
            case "normal" -> require(meanMs >= 0 && stddevMs >= 0,
                    "latency normal needs mean_ms >= 0 and stddev_ms >= 0, got " + meanMs + ", " + stddevMs);
            default -> throw new IllegalArgumentException(
                    "latency.distribution must be fixed, uniform or normal, got '" + distribution + "'");
        }
    }

    public static LatencySpec fixed(double ms) {
        return new LatencySpec("fixed", ms, 0, 0, 0, 0);
    }

    public long sampleMs(SplittableRandom random) {
        double value = switch (distribution) {
            case "uniform" -> minMs + random.nextDouble() * (maxMs - minMs);
            case "normal" -> meanMs + stddevMs * gaussian(random);
            default -> ms;
        };
        return Math.max(0, Math.round(value));
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
