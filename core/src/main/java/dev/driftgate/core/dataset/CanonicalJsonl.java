package dev.driftgate.core.dataset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.driftgate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The canonical byte form of the golden dataset: one compact JSON object per line, keys in the
 * contract's order (id, prompt, reference_response, category, source, metadata), metadata keys
 * sorted at every depth, UTF-8, each line ended by a single LF. Equal datasets give equal bytes, so
 * the SHA-256 of these bytes can serve as the dataset version.
 */
public final class CanonicalJsonl {
    private static final ObjectMapper SORTED = Json.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CanonicalJsonl() {
    }

    public static byte[] toBytes(List<GoldenExample> examples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (GoldenExample e : examples) {
                try (JsonGenerator g = SORTED.createGenerator(out)) {
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    g.writeStartObject();
                    g.writeStringField("id", e.id());
                    g.writeStringField("prompt", e.prompt());
                    g.writeStringField("reference_response", e.referenceResponse());
                    g.writeStringField("category", e.category());
                    g.writeStringField("source", e.source());
                    g.writeFieldName("metadata");
                    SORTED.writeValue(g, e.metadata());
                    g.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
