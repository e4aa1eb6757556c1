package dev.driftgate.flink.shadow;

import org.apache.flink.api.connector.sink2.Sink;

/** Where the job writes: the three tables and the dead-letter topic. Tests may pass collecting sinks. */
public record ShadowSinks(Sink<ScoredEvent> evals, Sink<DriftWindow> windows, Sink<AlertDelivery> alerts,
                          Sink<DeadLetter> deadLetters) {
}
