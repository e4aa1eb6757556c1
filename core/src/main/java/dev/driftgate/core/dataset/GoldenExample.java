package dev.driftgate.core.dataset;

import java.util.Map;
import java.util.Objects;

/**
 * One example of the golden dataset (DESIGN contract). JSON field names are snake_case:
 * id, prompt, reference_response, category, source, metadata.
 */
public record GoldenExample(
        String id,
        String prompt,
        String referenceResponse,
        String category,
        String source,
        Map<String, Object> metadata) {

    public GoldenExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(referenceResponse, "referenceResponse");
        Objects.requireNonNull(category, "category");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
