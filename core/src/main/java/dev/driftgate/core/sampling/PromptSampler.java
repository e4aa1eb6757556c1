package dev.driftgate.core.sampling;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed-hash sampling (DESIGN contract): prompt_hash = first 8 bytes of HMAC-SHA256(key, UTF-8
 * prompt) as a signed big-endian 64-bit int; sampled iff remainderUnsigned(hash, 10000) <
 * shadow_pct x 100. The key keeps the hash from being a plain digest of user text; the same
 * prompt always gets the same decision, on every gateway replica.
 */
public final class PromptSampler {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    private final long thresholdBasisPoints;
    private final double shadowPct;
    private final ThreadLocal<Mac> macs;

    public PromptSampler(byte[] key, double shadowPct) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("sampling key must not be empty");
        }
        if (!(shadowPct >= 0 && shadowPct <= 100)) {
            throw new IllegalArgumentException("shadow_pct must be within [0, 100], got " + shadowPct);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.thresholdBasisPoints = Math.round(shadowPct * 100);
        this.shadowPct = shadowPct;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The sampled percentage, in [0, 100]. */
    public double shadowPct() {
        return shadowPct;
    }

    public long hash(String prompt) {
        byte[] digest = macs.get().doFinal(prompt.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    public boolean sampled(long promptHash) {
        return Long.remainderUnsigned(promptHash, 10_000) < thresholdBasisPoints;
    }

    public boolean sampled(String prompt) {
        return sampled(hash(prompt));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
