package dev.driftgate.gateway.otlp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span keys (trace id + span id) published lately, bounded so a flood of distinct spans cannot
 * grow the heap: an exporter retries a batch within seconds, so the recent ids are the ones that
 * matter. Downstream, shadow_evals upserts on the event id derived from the same key, so a span
 * re-sent after it fell out of this set is still stored once.
 */
final class RecentIds {
    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a key is seen (within the bound). */
    synchronized boolean firstTime(String key) {
        return ids.putIfAbsent(key, Boolean.TRUE) == null;
    }
}
