package dev.driftgate.gate.baseline;

/**
 * The committed baseline cannot be used (missing, corrupt, another dataset, git cannot produce it).
 * The gate cannot decide then (exit 2): passing on absolute thresholds alone would let a regression
 * through silently. The message says what is wrong and how to fix it.
 */
public final class BaselineUnusableException extends RuntimeException {
    public BaselineUnusableException(String message) {
        super(message);
    }
}
