package dev.driftgate.flink.ops;

import dev.driftgate.core.dataset.GoldenExample;
import java.util.Map;

final class TestItems {
    private TestItems() {
    }

    static EvalItem item(String id, String category, String prompt, String reference) {
        return EvalItem.of(new GoldenExample(id, prompt, reference, category, "test", Map.of()));
    }
}
