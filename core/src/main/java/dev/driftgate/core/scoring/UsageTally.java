package dev.driftgate.core.scoring;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Sums {@link ModelUsage} per model over a run (every call, including retries and cache hits). */
public final class UsageTally {
    private final Map<String, ModelUsage> byModel = new TreeMap<>();

    public UsageTally add(ModelUsage usage) {
        byModel.merge(usage.model(), usage, ModelUsage::plus);
        return this;
    }

    public UsageTally addAll(Collection<ModelUsage> usages) {
        usages.forEach(this::add);
        return this;
    }

    /** Sorted by model name (a plain LinkedHashMap, like the copies read back from JSON or the store). */
    public Map<String, ModelUsage> byModel() {
        return new java.util.LinkedHashMap<>(byModel);
    }
}
