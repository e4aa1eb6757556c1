package dev.driftgate.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.config.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {
    static final String K1 = key(1);
    static final String K2 = key(2);

    static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    static PayloadCipher cipher(String keys, String active) {
        return new PayloadCipher(PayloadKeys.from(Environment.of(active == null ? Map.of(Environment.PAYLOAD_KEYS, keys)
                : Map.of(Environment.PAYLOAD_KEYS, keys, Environment.PAYLOAD_KEY_ID, active))).orElseThrow());
    }

    private static final byte[] SECRET = "my card number is 4111".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealsAndOpensWithoutThePlaintextOnTheWire() throws Exception {
        PayloadCipher c = cipher("k1:" + K1, null);
        Envelope e = c.seal(SECRET, "event-1");
        assertThat(e.kid()).isEqualTo("k1");
        assertThat(e.toString()).doesNotContain("4111");
        assertThat(new String(Base64.getDecoder().decode(e.ct()), StandardCharsets.ISO_8859_1)).doesNotContain("4111");
        assertThat(c.open(e, "event-1")).isEqualTo(SECRET);
        assertThat(c.seal(SECRET, "event-1").ct()).as("a fresh data key and IV each time").isNotEqualTo(e.ct());
    }

    @Test
    void rotationOpensOldPayloadsByTheirKeyId() throws Exception {
        Envelope old = cipher("k1:" + K1, null).seal(SECRET, "e");
        PayloadCipher rotated = cipher("k1:" + K1 + ",k2:" + K2, "k2");
        assertThat(rotated.open(old, "e")).isEqualTo(SECRET);
        assertThat(rotated.seal(SECRET, "e").kid()).isEqualTo("k2");
    }

    @Test
    void failuresNameTheKeyIdAndNeverTheKey() {
        Envelope e = cipher("k1:" + K1, null).seal(SECRET, "e");
        assertThatThrownBy(() -> cipher("k2:" + K2, null).open(e, "e"))
                .hasMessage("payload encrypted with unknown key id 'k1' (this task manager has [k2])");
        assertThatThrownBy(() -> cipher("k1:" + K2, null).open(e, "e"))
                .hasMessageStartingWith("payload failed authentication with key id 'k1'")
                .hasMessageNotContaining(K2);
        assertThatThrownBy(() -> cipher("k1:" + K1, null).open(e, "another-event"))
                .hasMessageStartingWith("payload failed authentication with key id 'k1'");
    }

    @Test
    void badKeySettingsSayWhatIsWrong() {
        assertThat(PayloadKeys.from(Environment.of(Map.of()))).isEmpty();
        assertThatThrownBy(() -> cipher("k1:c2hvcnQ=", null)).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> cipher("k1:" + K1 + ",k2:" + K2, null)).hasMessageContaining("DRIFTGATE_PAYLOAD_KEY_ID");
        assertThatThrownBy(() -> cipher("k1:" + K1, "k9")).hasMessageContaining("'k9' is not one of the ids");
        assertThat(PayloadKeys.from(Environment.of(Map.of(Environment.PAYLOAD_KEYS, "k1:" + K1))).orElseThrow()
                .toString()).doesNotContain(K1);
    }
}
