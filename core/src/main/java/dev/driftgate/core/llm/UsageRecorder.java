package dev.driftgate.core.llm;

import dev.driftgate.core.scoring.ModelUsage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls, tokens and cost per model string, safe to share between threads. Cache hits count as
 * calls that used no tokens and cost nothing; they are also counted on their own.
 */
public final class UsageRecorder {
    private final Map<String, ModelUsage> usage = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cacheHits = new ConcurrentHashMap<>();

    public void record(ModelResponse response) {
        String model = response.model();
        ModelUsage call = response.cacheHit()
                ? new ModelUsage(model, 1, 0, 0, 0.0)
                : new ModelUsage(model, 1, response.inputTokens(), response.outputTokens(), response.estimatedCostUsd());
        usage.merge(model, call, ModelUsage::plus);
        if (response.cacheHit()) {
            cacheHits.computeIfAbsent(model, k -> new LongAdder()).increment();
        }
    }

    /** A sorted copy of the totals per model. */
    public Map<String, ModelUsage> snapshot() {
        return new TreeMap<>(usage);
    }

    public long cacheHits(String model) {
        LongAdder n = cacheHits.get(model);
        return n == null ? 0 : n.sum();
    }

    public double totalCostUsd() {
        return usage.values().stream().mapToDouble(ModelUsage::costUsd).sum();
    }
}
