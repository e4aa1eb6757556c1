package dev.driftgate.core.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.crypto.Envelope;
import dev.driftgate.core.crypto.PayloadCipher;
import dev.driftgate.core.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * Private by default: the fields of a shadow event that carry user or model text ({@code prompt},
 * {@code messages}, {@code prod_response}) travel sealed in one {@code payload_enc} envelope; the rest
 * (ids, hash, category, models, params, usage, latency) stay readable for routing and debugging. The
 * event id is the envelope's associated data, so a payload cannot be replayed under another event.
 */
public final class ShadowPayloads {
    public static final String ENVELOPE = "payload_enc";
    public static final List<String> PRIVATE_FIELDS = List.of("prompt", "messages", "prod_response");
    private static final ObjectMapper MAPPER = Json.mapper();

    private ShadowPayloads() {
    }

    public static ObjectNode seal(ObjectNode event, PayloadCipher cipher) {
        ObjectNode payload = MAPPER.createObjectNode();
        for (String field : PRIVATE_FIELDS) {
            JsonNode v = event.remove(field);
            if (v != null) {
                payload.set(field, v);
            }
        }
        try {
            Envelope e = cipher.seal(MAPPER.writeValueAsBytes(payload), event.path("event_id").asText());
            event.set(ENVELOPE, MAPPER.valueToTree(e));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    /** The event with its private fields back in place; an event without an envelope is returned as it is. */
    public static ObjectNode open(ObjectNode event, PayloadCipher cipherOrNull) throws PayloadCipher.DecryptionException {
        JsonNode sealed = event.remove(ENVELOPE);
        if (sealed == null || sealed.isNull()) {
            return event;
        }
        Envelope envelope;
        try {
            envelope = MAPPER.treeToValue(sealed, Envelope.class);
        } catch (IOException e) {
            throw new PayloadCipher.DecryptionException("field " + ENVELOPE + " is not an envelope");
        }
        if (cipherOrNull == null) {
            throw new PayloadCipher.DecryptionException("payload encrypted with key id '" + envelope.kid() + "' but "
                    + Environment.PAYLOAD_KEYS + " is not set here");
        }
        byte[] plain = cipherOrNull.open(envelope, event.path("event_id").asText());
        try {
            JsonNode payload = MAPPER.readTree(plain);
            payload.fields().forEachRemaining(f -> event.set(f.getKey(), f.getValue()));
        } catch (IOException e) {
            throw new PayloadCipher.DecryptionException("decrypted payload is not JSON");
        }
        return event;
    }
}
