package dev.driftgate.gateway.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.crypto.PayloadCipher;
import dev.driftgate.core.crypto.PayloadKeys;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowPayloads;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of a shadow event on Kafka: the core JSON, with the prompt, messages and production answer
 * sealed in an AES-256-GCM envelope when payload keys are configured ({@link ShadowPayloads}). Without
 * keys it warns once, at start, and sends plaintext.
 */
public final class ShadowEventEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowEventEncoder.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private final PayloadCipher cipher;

    ShadowEventEncoder(PayloadCipher cipherOrNull) {
        this.cipher = cipherOrNull;
    }

    /** From the gateway's {@code payload-keys} / {@code payload-key-id} settings (DRIFTGATE_PAYLOAD_KEYS, ..._KEY_ID). */
    public static ShadowEventEncoder from(String payloadKeys, String payloadKeyId) {
        Optional<PayloadKeys> keys = PayloadKeys.from(Environment.of(Map.of(Environment.PAYLOAD_KEYS, payloadKeys,
                Environment.PAYLOAD_KEY_ID, payloadKeyId)));
        if (keys.isEmpty()) {
            LOG.warn("{} is not set: shadow events carry prompts and answers in plaintext on Kafka; set it to"
                    + " seal them (AES-256-GCM)", Environment.PAYLOAD_KEYS);
            return new ShadowEventEncoder(null);
        }
        LOG.info("shadow payloads are sealed with key id {}", keys.get().activeId());
        return new ShadowEventEncoder(new PayloadCipher(keys.get()));
    }

    public boolean sealing() {
        return cipher != null;
    }

    public byte[] encode(ShadowRequestEvent event) throws IOException {
        if (cipher == null) {
            return MAPPER.writeValueAsBytes(event);
        }
        ObjectNode tree = MAPPER.valueToTree(event);
        return MAPPER.writeValueAsBytes(ShadowPayloads.seal(tree, cipher));
    }
}
