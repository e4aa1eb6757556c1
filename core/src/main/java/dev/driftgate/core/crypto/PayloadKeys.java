package dev.driftgate.core.crypto;

import dev.driftgate.core.config.Environment;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption keys of the payload envelope, by key id: {@code DRIFTGATE_PAYLOAD_KEYS} =
 * {@code kid1:base64key,kid2:base64key} (AES-256: 32 bytes each), {@code DRIFTGATE_PAYLOAD_KEY_ID}
 * the id new envelopes use. Rotation: add the new key, make it active, keep the old one until its
 * events have expired from Kafka. Read where used (gateway, task manager), never shipped.
 */
public record PayloadKeys(Map<String, byte[]> keys, String activeId) {
    public PayloadKeys {
        keys = Map.copyOf(keys);
        if (!keys.containsKey(activeId)) {
            throw new IllegalArgumentException(Environment.PAYLOAD_KEY_ID + " '" + activeId + "' is not one of the ids in "
                    + Environment.PAYLOAD_KEYS + " " + keys.keySet());
        }
    }

    /** Empty when no keys are set (payloads then travel in plaintext; callers warn once). */
    public static Optional<PayloadKeys> from(Environment env) {
        Optional<String> spec = env.get(Environment.PAYLOAD_KEYS).filter(s -> !s.isBlank());
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> keys = parse(spec.get());
        String active = env.get(Environment.PAYLOAD_KEY_ID).filter(s -> !s.isBlank())
                .orElseGet(() -> keys.size() == 1 ? keys.keySet().iterator().next() : null);
        if (active == null) {
            throw new IllegalArgumentException(Environment.PAYLOAD_KEY_ID + " must name the active key when "
                    + Environment.PAYLOAD_KEYS + " holds several");
        }
        return Optional.of(new PayloadKeys(keys, active));
    }

    /** Key material never appears in a message; ids do. */
    static Map<String, byte[]> parse(String spec) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (id.isEmpty()) {
                throw new IllegalArgumentException(Environment.PAYLOAD_KEYS + " entries must be id:base64key");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Environment.PAYLOAD_KEYS + " key '" + id + "' is not base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(Environment.PAYLOAD_KEYS + " key '" + id + "' must be 32 bytes"
                        + " (AES-256), got " + key.length);
            }
            keys.put(id, key);
        }
        return keys;
    }

    @Override
    public String toString() {
        return "PayloadKeys" + keys.keySet() + " active " + activeId; // never the keys
    }
}
