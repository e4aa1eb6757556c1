package dev.driftgate.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * The gateway's API keys as one check shared by every transport (the HTTP filter and the OTLP/gRPC
 * receiver), so both accept exactly the same {@code Authorization: Bearer <key>} values. Keys are compared
 * in constant time over SHA-256 digests, so neither the content nor the length of a key leaks through timing.
 */
public final class BearerTokens {
    private final List<byte[]> keyDigests;

    public BearerTokens(Collection<String> keys) {
        this.keyDigests = keys.stream().map(BearerTokens::digest).toList();
    }

    /** False when no keys are configured: auth is off. */
    public boolean required() {
        return !keyDigests.isEmpty();
    }

    /** Null when the Authorization value carries a valid key, else why not (safe to show: never echoes the value). */
    public String refusal(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "send the API key as 'Authorization: Bearer <key>'";
        }
        byte[] given = digest(authorization.substring(7).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, given);
        }
        return match ? null : "the API key is not valid";
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
