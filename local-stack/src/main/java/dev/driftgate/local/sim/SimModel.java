package dev.driftgate.local.sim;

/**
 * One model the simulator serves. {@code quality} in [0,1] sets how far answers stray from the
 * reference; the rates are probabilities per request; {@code malformedJsonRate} applies to judge
 * answers only. {@code verdictNoise} (simulator.yaml {@code verdict_noise}, default 0) is the standard
 * deviation of fresh noise added to each rubric score of a judge answer on every call, so re-judging
 * the same answer gives a different verdict, as real judges at temperature > 0 do ({@link VerdictNoise}).
 */
public record SimModel(
        String name,
        double quality,
        LatencySpec latency,
        double rateLimitRate,
        int retryAfterSeconds,
        double serverErrorRate,
        double malformedJsonRate,
        double verdictNoise) {

    /** A model whose judge verdicts are repeatable (no verdict_noise). */
    public SimModel(String name, double quality, LatencySpec latency, double rateLimitRate, int retryAfterSeconds,
                    double serverErrorRate, double malformedJsonRate) {
        this(name, quality, latency, rateLimitRate, retryAfterSeconds, serverErrorRate, malformedJsonRate, 0);
    }

    public SimModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("simulator model needs a name");
        }
        requireUnit(name, "quality", quality);
        requireUnit(name, "rate_limit_rate", rateLimitRate);
        requireUnit(name, "server_error_rate", serverErrorRate);
        requireUnit(name, "malformed_json_rate", malformedJsonRate);
        requireUnit(name, "verdict_noise", verdictNoise);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("model " + name + ": retry_after_seconds must be >= 0");
        }
        latency = latency == null ? LatencySpec.ZERO : latency;
    }

    /** A well-behaved model: no errors, no malformed output. */
    public static SimModel of(String name, double quality, LatencySpec latency) {
        return new SimModel(name, quality, latency, 0, 1, 0, 0);
    }

    public SimModel withLatency(LatencySpec newLatency) {
        return new SimModel(name, quality, newLatency, rateLimitRate, retryAfterSeconds, serverErrorRate,
                malformedJsonRate, verdictNoise);
    }

    private static void requireUnit(String model, String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("model " + model + ": " + key + " must be in [0,1], got " + value);
        }
    }
}
