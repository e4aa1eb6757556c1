package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.crypto.PayloadCipher;
import dev.driftgate.core.crypto.PayloadKeys;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowPayloads;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowEventParserTest {
    private final ShadowEventParser parser = new ShadowEventParser();

    static String json(String eventId, long ts) {
        return "{\"event_id\":\"" + eventId + "\",\"ts\":" + ts + ",\"prompt\":\"What is 2+2?\",\"prompt_hash\":-42,"
                + "\"category\":\"reasoning\",\"prod_model\":\"openai/sim-good\",\"prod_response\":\"4\","
                + "\"prod_latency_ms\":12,\"candidate_model\":\"openai/sim-candidate\"}";
    }

    @Test
    void parsesAGoodEventAndToleratesNewFields() {
        ShadowEventParser.Result r = parser.parse(json("e1", 1000).replace("}", ",\"extra\":1}"));
        assertThat(r.ok()).isTrue();
        assertThat(r.event().eventId()).isEqualTo("e1");
        assertThat(r.event().ts()).isEqualTo(1000);
        assertThat(r.event().promptHash()).isEqualTo(-42);
        assertThat(r.event().prodLatencyMs()).isEqualTo(12);
    }

    @Test
    void badJsonNamesTheProblem() {
        assertThat(parser.parse("{not json").reason()).startsWith("bad JSON");
        assertThat(parser.parse("[1,2]").reason()).isEqualTo("bad JSON: expected an object");
        assertThat(parser.parse("").reason()).isEqualTo("empty payload");
        assertThat(parser.parse(null).reason()).isEqualTo("empty payload");
    }

    @Test
    void missingAndMistypedFieldsAreListed() {
        String noTs = json("e1", 1000).replace("\"ts\":1000,", "");
        assertThat(parser.parse(noTs).reason()).isEqualTo("missing field ts");
        String noCategory = json("e1", 1000).replace("\"category\":\"reasoning\",", "");
        assertThat(parser.parse(noCategory).reason()).isEqualTo("missing field category");
        String textTs = json("e1", 1000).replace("\"ts\":1000", "\"ts\":\"soon\"");
        assertThat(parser.parse(textTs).reason()).isEqualTo("field ts must be an integer");
        String blankId = json(" ", 1000);
        assertThat(parser.parse(blankId).reason()).isEqualTo("field event_id is blank");
        assertThat(parser.parse(json("e1", -5)).reason()).isEqualTo("field ts must be positive epoch millis");
    }

    @Test
    void schemaTwoReadsTheConversationAndSchemaOneStillParses() {
        ShadowEventParser.Result r = parser.parse(CandidateReplayTest.V2);
        assertThat(r.reason()).isNull();
        assertThat(r.event().schemaVersion()).isEqualTo(2);
        assertThat(r.event().messages()).hasSize(4);
        assertThat(r.event().params().seed()).isEqualTo(42);
        assertThat(r.event().usage().inputTokens()).isEqualTo(20);
        assertThat(parser.parse(json("e1", 1000)).event().conversation()).isNull();
    }

    @Test
    void badSchemaTwoConversationsAreDeadLetteredWithTheReason() throws Exception {
        String v2 = CandidateReplayTest.V2;
        ObjectNode empty = (ObjectNode) Json.mapper().readTree(v2);
        empty.putArray("messages");
        assertThat(parser.parse(empty.toString()).reason()).isEqualTo("field messages is empty");
        ObjectNode none = (ObjectNode) Json.mapper().readTree(v2);
        none.remove("messages");
        assertThat(parser.parse(none.toString()).reason()).isEqualTo("missing field messages (schema_version 2)");
        assertThat(parser.parse(v2.replace("\"role\":\"assistant\"", "\"role\":\"robot\"")).reason())
                .startsWith("field messages[2].role is unknown: \"robot\"");
        assertThat(parser.parse(v2.replace("\"schema_version\":2", "\"schema_version\":3")).reason())
                .isEqualTo("field schema_version must be 1 or 2, got 3");
        assertThat(parser.parse(v2.replace("\"seed\":42", "\"seed\":\"x\"")).reason())
                .startsWith("field params is malformed");
    }

    @Test
    void sealedPayloadsOpenWithTheirKeyAndOtherwiseGoToTheDlqNamingTheKeyId() throws Exception {
        String k1 = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        ShadowEventParser keyed = ShadowEventParser.withKeysFrom(Environment.of(Map.of(Environment.PAYLOAD_KEYS,
                "k1:" + k1)));
        ObjectNode sealed = ShadowPayloads.seal((ObjectNode) Json.mapper().readTree(CandidateReplayTest.V2),
                new PayloadCipher(PayloadKeys.from(Environment.of(Map.of(Environment.PAYLOAD_KEYS, "k1:" + k1)))
                        .orElseThrow()));
        assertThat(sealed.toString()).doesNotContain("name a prime").doesNotContain("and a larger one?");
        ShadowEventParser.Result opened = keyed.parse(sealed.toString());
        assertThat(opened.reason()).isNull();
        assertThat(opened.event().messages()).hasSize(4);
        assertThat(opened.event().prompt()).isEqualTo("and a larger one?");
        assertThat(parser.parse(sealed.toString()).reason())
                .isEqualTo("payload encrypted with key id 'k1' but DRIFTGATE_PAYLOAD_KEYS is not set here");
        String other = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        assertThat(ShadowEventParser.withKeysFrom(Environment.of(Map.of(Environment.PAYLOAD_KEYS, "k2:" + other)))
                .parse(sealed.toString()).reason()).isEqualTo("payload encrypted with unknown key id 'k1' (this task"
                + " manager has [k2])");
        assertThat(ShadowEventParser.withKeysFrom(Environment.of(Map.of(Environment.PAYLOAD_KEYS, "k1:" + other)))
                .parse(sealed.toString()).reason()).startsWith("payload failed authentication with key id 'k1'");
        // a plaintext event still parses with keys configured (a gateway without keys, or before rollout)
        assertThat(keyed.parse(CandidateReplayTest.V2).ok()).isTrue();
    }
}
