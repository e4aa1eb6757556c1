package dev.driftgate.core.crypto;

/**
 * An envelope-encrypted payload, as it travels in JSON (base64 fields): a fresh data key per payload
 * encrypts it ({@code iv}, {@code ct}: AES-256-GCM, bound to the event id as associated data), and
 * the key-encryption key {@code kid} wraps that data key ({@code key}: its IV then the GCM output).
 */
public record Envelope(String kid, String alg, String key, String iv, String ct) {
    public static final String ALG = "A256GCM";
}
