package dev.driftgate.gateway.shadow;

import dev.driftgate.core.shadow.ShadowRequestEvent;

/** Hands a sampled request to the shadow pipeline without ever blocking the caller. */
public interface ShadowPublisher extends AutoCloseable {

    /** Returns false when the event was dropped (buffer full or publisher closed); never blocks. */
    boolean offer(ShadowRequestEvent event);

    /** Kafka side of /health. */
    KafkaHealth health();

    @Override
    void close();

    /** State of the producer as the last sends saw it. */
    record KafkaHealth(String state, String detail, int queued, int queueCapacity) {
    }
}
