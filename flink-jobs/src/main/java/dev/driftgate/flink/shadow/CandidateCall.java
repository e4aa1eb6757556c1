package dev.driftgate.flink.shadow;

import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.shadow.CandidateOverrides;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the candidate is sent for one event, decided once when the item starts: a schema-2 event's
 * conversation replayed with the configured overrides applied ({@code overrides}: the ones that
 * were set, recorded with the row), or for a schema-1 event the prompt alone ({@code conversation} null).
 */
public record CandidateCall(Conversation conversation, Map<String, Object> overrides) {

    static CandidateCall of(ShadowRequestEvent event, CandidateOverrides configured) {
        Conversation production = event.conversation();
        if (production == null) {
            return new CandidateCall(null, Map.of());
        }
        return new CandidateCall(configured.apply(production), new LinkedHashMap<>(configured.asMap()));
    }

    /** 2 when the candidate got production's request (plus overrides), 1 for the prompt-only call of schema 1. */
    public int requestSchema() {
        return conversation == null ? 1 : 2;
    }
}
