package dev.driftgate.gateway.otlp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The request body as the encoders wrote it: gzip ({@code Content-Encoding: gzip}, what the Collector's
 * otlphttp exporter sends by default) is inflated with a bound, so a small compressed body cannot
 * expand into the heap (a "zip bomb" is answered 413).
 */
public final class OtlpBodies {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private final int maxDecompressedBytes;

    public OtlpBodies(int maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    byte[] decode(byte[] body, String contentEncoding) throws UnsupportedEncoding, TooLarge, MalformedOtlp {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity" -> {
                return body;
            }
            case "gzip", "x-gzip" -> {
                // the server may already have inflated the body before the controller sees it
                boolean gzipped = body.length >= 2 && (body[0] & 0xff) == GZIP_MAGIC_0 && (body[1] & 0xff) == GZIP_MAGIC_1;
                return gzipped ? gunzip(body) : body;
            }
            default -> throw new UnsupportedEncoding("Content-Encoding '" + encoding
                    + "' is not supported: send gzip or no encoding");
        }
    }

    private byte[] gunzip(byte[] body) throws TooLarge, MalformedOtlp {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecompressedBytes, body.length * 4));
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxDecompressedBytes) {
                    throw new TooLarge("the request is larger than " + maxDecompressedBytes + " bytes once decompressed");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MalformedOtlp("the body is not valid gzip");
        }
    }

    static final class UnsupportedEncoding extends Exception {
        UnsupportedEncoding(String message) {
            super(message, null, false, false);
        }
    }

    static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }
}
