package dev.driftgate.flink.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.crypto.PayloadCipher;
import dev.driftgate.core.crypto.PayloadKeys;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowPayloads;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a driftgate.shadow.requests payload into a {@link ShadowRequestEvent}, or a reason why not.
 * Never throws: every bad input becomes a {@link Result} with a reason naming the field at fault.
 * Unknown fields are tolerated so a newer gateway can add fields without sending traffic to the DLQ.
 */
public final class ShadowEventParser {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final List<String> REQUIRED_TEXT =
            List.of("event_id", "prompt", "category", "prod_model", "prod_response", "candidate_model");

    /** Exactly one of event and reason is non-null. */
    public record Result(ShadowRequestEvent event, String reason) {
        public boolean ok() {
            return event != null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShadowEventParser.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private final PayloadCipher cipher;

    /** Reads plaintext events only; a sealed one is dead-lettered naming its key id. */
    public ShadowEventParser() {
        this(null);
    }

    public ShadowEventParser(PayloadCipher cipherOrNull) {
        this.cipher = cipherOrNull;
    }

    /** With the payload keys of {@code env} (DRIFTGATE_PAYLOAD_KEYS); without any, warns once per JVM. */
    public static ShadowEventParser withKeysFrom(Environment env) {
        Optional<PayloadKeys> keys = PayloadKeys.from(env);
        if (keys.isEmpty() && WARNED.compareAndSet(false, true)) {
            LOG.warn("{} is not set on this task manager: sealed shadow payloads will be dead-lettered, and the"
                    + " gateway should seal them", Environment.PAYLOAD_KEYS);
        }
        return new ShadowEventParser(keys.map(PayloadCipher::new).orElse(null));
    }

    public Result parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return new Result(null, "empty payload");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (Exception e) {
            return new Result(null, "bad JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new Result(null, "bad JSON: expected an object");
        }
        try {
            ShadowPayloads.open((ObjectNode) root, cipher);
        } catch (PayloadCipher.DecryptionException e) {
            return new Result(null, e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (String field : REQUIRED_TEXT) {
            JsonNode v = root.get(field);
            if (v == null || v.isNull()) {
                problems.add("missing field " + field);
            } else if (!v.isTextual()) {
                problems.add("field " + field + " must be a string");
            } else if (!field.equals("prod_response") && v.asText().isBlank()) {
                problems.add("field " + field + " is blank");
            }
        }
        long ts = requireLong(root, "ts", problems);
        long promptHash = requireLong(root, "prompt_hash", problems);
        JsonNode latency = root.get("prod_latency_ms");
        if (latency != null && !latency.isNull() && !latency.canConvertToLong()) {
            problems.add("field prod_latency_ms must be an integer");
        }
        if (ts <= 0 && problems.stream().noneMatch(p -> p.contains(" ts"))) {
            problems.add("field ts must be positive epoch millis");
        }
        int schema = schemaVersion(root, problems);
        ShadowEventV2Fields v2 = schema == 2 ? ShadowEventV2Fields.parse(root, problems) : null;
        if (!problems.isEmpty()) {
            return new Result(null, String.join("; ", problems));
        }
        ShadowRequestEvent v1 = new ShadowRequestEvent(
                root.get("event_id").asText(), ts, root.get("prompt").asText(), promptHash,
                root.get("category").asText(), root.get("prod_model").asText(),
                root.get("prod_response").asText(),
                latency == null || latency.isNull() ? 0L : latency.asLong(),
                root.get("candidate_model").asText());
        return new Result(v2 == null ? v1 : v2.completing(v1), null);
    }

    /** Absent means 1 (gateways before schema 2 wrote none); only 1 and 2 are known. */
    private static int schemaVersion(JsonNode root, List<String> problems) {
        JsonNode v = root.get("schema_version");
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || (v.asInt() != 1 && v.asInt() != 2)) {
            problems.add("field schema_version must be 1 or 2, got " + abbreviate(v.toString()));
            return 0;
        }
        return v.asInt();
    }

    static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static long requireLong(JsonNode root, String field, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            problems.add("missing field " + field);
            return 0L;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.add("field " + field + " must be an integer");
            return 0L;
        }
        return v.asLong();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unparseable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
