package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Dead letters stay bounded on any input (issue 18 item 3), and event-time bounds (item 6). */
class DeadLetterTest {

    private static int jsonBytes(DeadLetter d) {
        return d.toJson().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void worstCaseEscapingStaysUnderTheBound() {
        // the largest value kept as text, all control bytes (6 bytes each once escaped), and a huge reason
        byte[] control = new byte[DeadLetterPayload.MAX_TEXT_BYTES];
        Arrays.fill(control, (byte) 0x01);
        DeadLetter d = DeadLetter.of("\u0001".repeat(1_000_000), new RawRecord("t".repeat(300), 0, 1, 0, control));
        assertThat(d.payloadEncoding()).isEqualTo("utf-8");
        assertThat(d.payloadTruncated()).isFalse();
        assertThat(jsonBytes(d)).isLessThan(DeadLetter.MAX_JSON_BYTES);
        assertThat(d.reason()).hasSize(DeadLetter.MAX_REASON_CHARS + 3);
    }

    @Test
    void oversizedBinaryAndInvalidUtf8BecomeABase64PrefixWithSizeAndHash() {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 0x01);
        DeadLetter d = DeadLetter.of("bad JSON", new RawRecord("t", 0, 1, 0, big));
        assertThat(d.payloadEncoding()).isEqualTo("base64");
        assertThat(d.payloadTruncated()).isTrue();
        assertThat(d.payloadBytes()).isEqualTo(300_000);
        assertThat(Base64.getDecoder().decode(d.payload())).hasSize(DeadLetterPayload.MAX_PREFIX_BYTES);
        assertThat(d.payloadSha256()).hasSize(64);
        assertThat(jsonBytes(d)).isLessThan(64 * 1024);

        byte[] invalid = {'{', (byte) 0xC0, (byte) 0xAF, '}'}; // an overlong '/'
        DeadLetter i = DeadLetter.of("bad JSON", new RawRecord("t", 0, 2, 0, invalid));
        assertThat(i.payloadEncoding()).isEqualTo("base64");
        assertThat(i.payloadTruncated()).isFalse();
        assertThat(Base64.getDecoder().decode(i.payload())).isEqualTo(invalid);
    }

    @Test
    void smallTextIsKeptVerbatimAndATombstoneIsEmpty() {
        DeadLetter d = DeadLetter.of("bad JSON", new RawRecord("t", 0, 1, 0, "{oops ü"));
        assertThat(d.payload()).isEqualTo("{oops ü");
        assertThat(d.payloadBytes()).isEqualTo(8);
        DeadLetter tomb = DeadLetter.of("empty payload", new RawRecord("t", 0, 1, 0, (byte[]) null));
        assertThat(tomb.payload()).isNull();
        assertThat(tomb.payloadBytes()).isZero();
        assertThat(tomb.toJson()).contains("\"reason\":\"empty payload\"");
    }

    @Test
    void eventTimeBoundsRejectTheFarFutureAndThePastBeyondRetention() {
        EventTimeBounds b = new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(7));
        long now = 1_800_000_000_000L;
        assertThat(b.rejection(now, now)).isNull();
        assertThat(b.rejection(now + Duration.ofMinutes(5).toMillis(), now)).isNull();
        assertThat(b.rejection(now - Duration.ofDays(7).toMillis(), now)).isNull();
        assertThat(b.rejection(now + Duration.ofDays(3650).toMillis(), now)).contains("ahead of the clock")
                .contains("max_future_skew PT5M");
        assertThat(b.rejection(now - Duration.ofDays(8).toMillis(), now)).contains("max_event_age PT168H");
    }
}
