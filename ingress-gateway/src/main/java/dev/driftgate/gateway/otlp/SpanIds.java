package dev.driftgate.gateway.otlp;

import java.util.HexFormat;

/** OTLP trace and span ids: 16 and 8 bytes, not all zero (the specification calls all-zero ids invalid). */
final class SpanIds {
    private static final HexFormat HEX = HexFormat.of();

    private SpanIds() {
    }

    /** The lower-case hex id, or null when the bytes are not a valid id of {@code length} bytes. */
    static String hex(byte[] id, int length) {
        if (id == null || id.length != length) {
            return null;
        }
        for (byte b : id) {
            if (b != 0) {
                return HEX.formatHex(id);
            }
        }
        return null;
    }

    /** OTLP/JSON carries ids as hex strings (not base64 as proto3 JSON would). */
    static String hex(String text, int length) {
        if (text == null || text.length() != length * 2) {
            return null;
        }
        try {
            return hex(HEX.parseHex(text), length);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True for an id that is absent (empty or all zero): a log record outside any span. */
    static boolean unset(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The hex form of {@link #unset(byte[])}: absent, empty or all zero digits. */
    static boolean unset(String id) {
        return id == null || id.chars().allMatch(c -> c == '0');
    }
}
