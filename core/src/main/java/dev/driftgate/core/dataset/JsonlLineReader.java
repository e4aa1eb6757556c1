package dev.driftgate.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n} and decodes each line as strict UTF-8.
 *
 * <p>It reads bytes itself rather than through a Reader because a Reader would replace invalid
 * UTF-8 silently and would buffer an arbitrarily long line: here each line is decoded on its own with
 * {@link CodingErrorAction#REPORT}, and a line longer than {@code maxLineBytes} is skipped to its end
 * while holding at most {@code maxLineBytes + 1} bytes of it. A UTF-8 byte order mark at the start of
 * line 1 and a CR before the LF are removed.
 */
public final class JsonlLineReader {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[256];
    private int lineNumber;
    private boolean eof;

    public JsonlLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. A final line without LF still counts. */
    public RawLine next() throws IOException {
        if (eof) {
            return null;
        }
        int len = 0;
        long total = 0;          // bytes of this line seen, including those not kept
        boolean sawNewline = false;
        // one byte of slack: a line of exactly maxLineBytes may still carry a CR before its LF
        int keepLimit = maxLineBytes + 1;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                break;
            }
            int start = chunkPos;
            int nl = indexOf(chunk, (byte) '\n', start, chunkLen);
            int end = nl < 0 ? chunkLen : nl;
            int n = end - start;
            total += n;
            if (len < keepLimit) {
                int keep = Math.min(n, keepLimit - len);
                ensureCapacity(len + keep);
                System.arraycopy(chunk, start, line, len, keep);
                len += keep;
            }
            if (nl >= 0) {
                chunkPos = nl + 1;
                sawNewline = true;
                break;
            }
            chunkPos = chunkLen;
        }
        if (!sawNewline) {
            eof = true;
            if (total == 0) {
                return null; // nothing after the last LF
            }
        }
        lineNumber++;
        if (total > keepLimit || (total == keepLimit && line[len - 1] != '\r')) {
            return RawLine.failed(lineNumber, "line is " + total + " bytes, longer than the limit of "
                    + maxLineBytes + " bytes (limits.max_line_bytes)");
        }
        int from = 0;
        if (lineNumber == 1 && len >= 3 && Arrays.equals(line, 0, 3, BOM, 0, 3)) {
            from = 3;
        }
        if (len > from && line[len - 1] == '\r') {
            len--;
        }
        return decode(from, len);
    }

    private RawLine decode(int from, int to) {
        ByteBuffer bytes = ByteBuffer.wrap(line, from, to - from);
        CharBuffer chars = CharBuffer.allocate(to - from);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int offset = bytes.position() - from + 1;
            return RawLine.failed(lineNumber, String.format("invalid UTF-8: byte 0x%02X at byte %d of the line",
                    line[bytes.position()] & 0xFF, offset));
        }
        chars.flip();
        return RawLine.ok(lineNumber, chars.toString());
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk);
        while (n == 0) {
            n = in.read(chunk);
        }
        if (n < 0) {
            return false;
        }
        chunkPos = 0;
        chunkLen = n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, Math.min(line.length * 2, maxLineBytes + 1)));
        }
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
