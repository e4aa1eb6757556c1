package dev.driftgate.local.traffic;

import java.util.function.LongSupplier;

/**
 * Which question the next generated event asks, as a question number. The generator turns a number
 * into the prompt, category and production answer, so the same number is the same request: asking a
 * number again repeats its texts, as popular questions repeat in production traffic.
 */
@FunctionalInterface
public interface Questions {
    /**
     * The next event's question number.
     *
     * @param fresh draws a question not drawn before whose prompt the sampler samples; every number
     *              returned must come from it (the generator refuses one that does not)
     */
    long next(LongSupplier fresh);

    /** Every event a new question: no prompt or answer repeats (the generator's default). */
    static Questions unique() {
        return LongSupplier::getAsLong;
    }
}
