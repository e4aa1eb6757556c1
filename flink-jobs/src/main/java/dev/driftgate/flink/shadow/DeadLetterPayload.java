package dev.driftgate.flink.shadow;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a dead letter carries of the original value, bounded whatever arrived: the text itself when
 * it is valid UTF-8 of at most {@link #MAX_TEXT_BYTES}; otherwise base64 of the first
 * {@link #MAX_PREFIX_BYTES} bytes. Always the original size and the SHA-256 of the whole value, so
 * the record can be found and compared upstream without carrying it.
 *
 * <p>Why these bounds: JSON escaping can grow text up to six times (a control byte becomes
 * {@code \u0001}), so 64 KiB of text is at most 384 KiB on the wire, and base64 of 16 KiB is
 * about 22 KiB of plain ASCII; with the reason capped ({@link DeadLetter#MAX_REASON_CHARS}) a dead
 * letter stays far below Kafka's default 1 MiB {@code max.request.size} on any input (the issue:
 * 300 KB of 0x01 bytes became a 1.8 MB record, the sink failed and the job restarted forever).
 *
 * @param text the value as text, or base64 of its prefix (null for a tombstone)
 * @param encoding {@code utf-8} or {@code base64}
 * @param bytes the original value's size in bytes
 * @param sha256 hex SHA-256 of the original value (null for a tombstone)
 * @param truncated whether {@code text} holds less than the whole value
 */
public record DeadLetterPayload(String text, String encoding, long bytes, String sha256, boolean truncated) {
    public static final int MAX_TEXT_BYTES = 64 * 1024;
    public static final int MAX_PREFIX_BYTES = 16 * 1024;

    public static DeadLetterPayload of(byte[] value) {
        if (value == null) {
            return new DeadLetterPayload(null, "utf-8", 0, null, false);
        }
        String sha = sha256(value);
        if (value.length <= MAX_TEXT_BYTES) {
            String text = strictUtf8(value);
            if (text != null) {
                return new DeadLetterPayload(text, "utf-8", value.length, sha, false);
            }
        }
        byte[] prefix = value.length <= MAX_PREFIX_BYTES ? value : Arrays.copyOf(value, MAX_PREFIX_BYTES);
        return new DeadLetterPayload(Base64.getEncoder().encodeToString(prefix), "base64", value.length, sha,
                prefix.length < value.length);
    }

    /** The text, or null when the bytes are not well-formed UTF-8 (binary, overlong forms, lone surrogates). */
    private static String strictUtf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
