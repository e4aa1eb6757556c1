package dev.driftgate.gateway.http;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Body of POST /chat. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ChatResponse(String requestId, String response, String model, long latencyMs) {
}
