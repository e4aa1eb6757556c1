package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowRequestEvent;

/** A parsed event with the record it came from, so later failures can still dead-letter the original payload. */
public record ParsedEvent(ShadowRequestEvent event, RawRecord raw) {
}
