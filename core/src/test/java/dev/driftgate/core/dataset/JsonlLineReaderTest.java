package dev.driftgate.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlLineReaderTest {

    private static List<RawLine> readAll(byte[] bytes, int max) throws IOException {
        return readAll(new ByteArrayInputStream(bytes), max);
    }

    private static List<RawLine> readAll(InputStream in, int max) throws IOException {
        JsonlLineReader reader = new JsonlLineReader(in, max);
        List<RawLine> lines = new ArrayList<>();
        for (RawLine line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnLfAndCountsALastLineWithoutLf() throws IOException {
        List<RawLine> lines = readAll(utf8("a\nb\n\nc"), 100);
        assertThat(lines).extracting(RawLine::number).containsExactly(1, 2, 3, 4);
        assertThat(lines).extracting(RawLine::text).containsExactly("a", "b", "", "c");
    }

    @Test
    void nothingAfterTheFinalLfIsNotALine() throws IOException {
        assertThat(readAll(utf8("a\n"), 100)).hasSize(1);
        assertThat(readAll(new byte[0], 100)).isEmpty();
    }

    @Test
    void stripsCrBeforeLf() throws IOException {
        List<RawLine> lines = readAll(utf8("a\r\nb\r\n"), 100);
        assertThat(lines).extracting(RawLine::text).containsExactly("a", "b");
    }

    @Test
    void stripsTheBomOnLineOneOnly() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bom);
        out.write(utf8("{}\n"));
        out.write(bom);
        out.write(utf8("{}\n"));
        List<RawLine> lines = readAll(out.toByteArray(), 100);
        assertThat(lines.get(0).text()).isEqualTo("{}");
        assertThat(lines.get(1).text()).isEqualTo("\uFEFF{}"); // left for the JSON parser to reject
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheLineAndByte() throws IOException {
        byte[] bytes = {'o', 'k', '\n', 'a', 'b', (byte) 0xC3, '(', '\n', 'f', 'i', 'n', 'e', '\n'};
        List<RawLine> lines = readAll(bytes, 100);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).isOk()).isFalse();
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(lines.get(1).error()).isEqualTo("invalid UTF-8: byte 0xC3 at byte 3 of the line");
        assertThat(lines.get(2).text()).isEqualTo("fine");
    }

    @Test
    void truncatedMultibyteSequenceAtLineEndIsInvalid() throws IOException {
        byte[] bytes = {'x', (byte) 0xE2, (byte) 0x82, '\n'};
        RawLine line = readAll(bytes, 100).get(0);
        assertThat(line.error()).startsWith("invalid UTF-8: byte 0xE2 at byte 2");
    }

    @Test
    void overlongUtf8EncodingIsRejected() throws IOException {
        byte[] bytes = {(byte) 0xC0, (byte) 0xAF, '\n'}; // "/" encoded in two bytes
        assertThat(readAll(bytes, 100).get(0).isOk()).isFalse();
    }

    @Test
    void lineLimitIsInclusiveAndIgnoresTheCrOfCrlf() throws IOException {
        assertThat(readAll(utf8("12345\n"), 5).get(0).text()).isEqualTo("12345");
        assertThat(readAll(utf8("12345\r\n"), 5).get(0).text()).isEqualTo("12345");
        RawLine tooLong = readAll(utf8("123456\nok\n"), 5).get(0);
        assertThat(tooLong.error()).isEqualTo("line is 6 bytes, longer than the limit of 5 bytes (limits.max_line_bytes)");
    }

    @Test
    void aHugeLineIsSkippedWithoutBeingHeldAndTheNextLineIsRead() throws IOException {
        long hugeBytes = 64L * 1024 * 1024; // 64 MiB of 'a', streamed: never materialised here
        InputStream in = new InputStream() {
            long served;
            final byte[] tail = utf8("\n{\"next\":true}\n");
            int tailPos;

            @Override
            public int read() {
                if (served < hugeBytes) {
                    served++;
                    return 'a';
                }
                return tailPos < tail.length ? tail[tailPos++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served < hugeBytes) {
                    int n = (int) Math.min(len, hugeBytes - served);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                    served += n;
                    return n;
                }
                return super.read(b, off, len);
            }
        };
        List<RawLine> lines = readAll(in, 1024 * 1024);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).error()).startsWith("line is 67108864 bytes, longer than the limit of 1048576 bytes");
        assertThat(lines.get(1).text()).isEqualTo("{\"next\":true}");
    }

    @Test
    void linesSpanningReadChunksAreReassembled() throws IOException {
        String longLine = "x".repeat(200_000);
        List<RawLine> lines = readAll(utf8(longLine + "\n" + "é€😀\n"), 1024 * 1024);
        assertThat(lines.get(0).text()).isEqualTo(longLine);
        assertThat(lines.get(1).text()).isEqualTo("é€😀");
    }
}
