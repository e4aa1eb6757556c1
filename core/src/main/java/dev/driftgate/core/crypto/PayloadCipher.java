package dev.driftgate.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption with the JDK only. Sealing makes a data key per payload, so the
 * key-encryption keys encrypt only 32 bytes each time (no GCM nonce budget to watch for them at any
 * volume), and rotation needs no re-encryption of payloads: opening picks the wrapping key by id.
 * Thread-safe (a Cipher per call).
 */
public final class PayloadCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] WRAP_AAD_PREFIX = "driftgate-dek|".getBytes(StandardCharsets.UTF_8);
    private final PayloadKeys keys;
    private final SecureRandom random = new SecureRandom();

    public PayloadCipher(PayloadKeys keys) {
        this.keys = keys;
    }

    public String activeKeyId() {
        return keys.activeId();
    }

    /** {@code aad} (e.g. the event id) is authenticated, not encrypted: a payload moved to another event fails. */
    public Envelope seal(byte[] plaintext, String aad) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey dataKey = generator.generateKey();
            byte[] iv = iv();
            byte[] ct = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, utf8(aad)).doFinal(plaintext);
            String kid = keys.activeId();
            byte[] wrapIv = iv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, kek(kid), wrapIv, wrapAad(kid)).doFinal(dataKey.getEncoded());
            byte[] key = ByteBuffer.allocate(wrapIv.length + wrapped.length).put(wrapIv).put(wrapped).array();
            return new Envelope(kid, Envelope.ALG, b64(key), b64(iv), b64(ct));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /** The plaintext, or a {@link DecryptionException} that names the key id and says what failed. */
    public byte[] open(Envelope envelope, String aad) throws DecryptionException {
        String kid = envelope.kid();
        if (!Envelope.ALG.equals(envelope.alg())) {
            throw new DecryptionException("payload envelope alg '" + envelope.alg() + "' is not " + Envelope.ALG);
        }
        if (kid == null || !keys.keys().containsKey(kid)) {
            throw new DecryptionException("payload encrypted with unknown key id '" + kid + "' (this task manager has "
                    + keys.keys().keySet() + ")");
        }
        try {
            byte[] key = b64d(envelope.key());
            byte[] dataKey = gcm(Cipher.DECRYPT_MODE, kek(kid), java.util.Arrays.copyOf(key, IV_BYTES), wrapAad(kid))
                    .doFinal(key, IV_BYTES, key.length - IV_BYTES);
            return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), b64d(envelope.iv()), utf8(aad))
                    .doFinal(b64d(envelope.ct()));
        } catch (AEADBadTagException e) {
            throw new DecryptionException("payload failed authentication with key id '" + kid
                    + "' (a different key under that id, a tampered payload, or another event's payload)");
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new DecryptionException("payload envelope with key id '" + kid + "' is malformed: " + e.getMessage());
        }
    }

    private SecretKey kek(String kid) {
        return new SecretKeySpec(keys.keys().get(kid), "AES");
    }

    private static Cipher gcm(int mode, SecretKey key, byte[] iv, byte[] aad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(aad);
        return c;
    }

    private byte[] iv() {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        return iv;
    }

    private static byte[] wrapAad(String kid) {
        byte[] id = utf8(kid);
        return ByteBuffer.allocate(WRAP_AAD_PREFIX.length + id.length).put(WRAP_AAD_PREFIX).put(id).array();
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] b64d(String s) {
        return Base64.getDecoder().decode(s == null ? "" : s);
    }

    /** A payload that cannot be opened; the message is a dead-letter reason (never key material). */
    public static final class DecryptionException extends Exception {
        private static final long serialVersionUID = 1L;

        public DecryptionException(String message) {
            super(message);
        }
    }
}
