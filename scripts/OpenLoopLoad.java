import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load at a fixed rate (what wrk2 does; wrk2 is not in Debian): request i is due at
 * start + i/rate, and its latency is measured from that due time, so a stalled server is not
 * hidden by the generator waiting for it (no coordinated omission). Distinct prompts per request.
 *
 * <p>Each of CONNECTIONS threads owns one keep-alive HTTP/1.1 socket and takes the next due request
 * from a shared counter, so at most CONNECTIONS requests are in flight; a request that finds every
 * connection busy starts late and its wait counts in its latency. Plain blocking sockets keep the
 * generator's own cost far below the server's (java.net.http's async client cost more CPU per
 * request than the gateway it measured). The generator reports its own CPU per request so a reader
 * can check that it was not the bottleneck.
 *
 * <p>Usage: java scripts/OpenLoopLoad.java URL RATE_PER_S SECONDS [CONNECTIONS (default 64)]
 * Prints: sent, ok, errors, achieved rate, late starts, p50/p90/p99/p99.9/max latency in ms, and
 * the generator's CPU ms per request.
 */
public final class OpenLoopLoad {
    private static final long TIMEOUT_MS = 10_000;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        long total = (long) rate * seconds;
        double intervalNs = 1e9 / rate;
        long[] latenciesNs = new long[(int) total];
        Arrays.fill(latenciesNs, -1);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong late = new AtomicLong();
        String run = Long.toHexString(System.nanoTime());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime() + 200_000_000L; // let every thread connect first
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                Connection c = null;
                for (long i; (i = next.getAndIncrement()) < total; ) {
                    long due = start + (long) (i * intervalNs);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    } else if (wait < -1_000_000) {
                        late.incrementAndGet();
                    }
                    try {
                        if (c == null) {
                            c = new Connection(uri);
                        }
                        String body = "{\"prompt\":\"open-loop question " + run + "-" + i + " about the benchmark\"}";
                        int status = c.post(body);
                        long done = System.nanoTime();
                        if (c.dead) {
                            c.close();
                            c = null;
                        }
                        if (status == 200) {
                            latenciesNs[(int) i] = done - due;
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (c != null) {
                            c.close();
                        }
                        c = null;
                    }
                }
                if (c != null) {
                    c.close();
                }
            }, "load-" + w);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMsPerRequest = (os.getProcessCpuTime() - cpu0) / 1e6 / total;
        long[] sorted = Arrays.stream(latenciesNs).filter(v -> v >= 0).sorted().toArray();
        System.out.printf("sent=%d ok=%d errors=%d rate=%.0f/s late=%d p50=%.2fms p90=%.2fms p99=%.2fms "
                        + "p99.9=%.2fms max=%.2fms loadgen_cpu_ms_per_req=%.3f%n",
                total, sorted.length, errors.get(), total / elapsed, late.get(), pct(sorted, 50), pct(sorted, 90),
                pct(sorted, 99), pct(sorted, 99.9), pct(sorted, 100), cpuMsPerRequest);
    }

    private static void sleepNanos(long nanos) {
        // Thread.sleep rounds to the timer slack (~50-100 us on Linux); spin the last stretch
        long until = System.nanoTime() + nanos;
        if (nanos > 300_000) {
            try {
                Thread.sleep((nanos - 200_000) / 1_000_000, (int) ((nanos - 200_000) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** One keep-alive HTTP/1.1 connection; reads responses framed by Content-Length or chunked. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String head;
        /** The server said Connection: close; the next request needs a new connection. */
        boolean dead;

        Connection(URI uri) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout((int) TIMEOUT_MS);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: ";
        }

        int post(String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write((head + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h; !(h = line()).isEmpty(); ) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long n; (n = Long.parseLong(line().trim(), 16)) > 0; ) {
                    skip(n);
                    line();
                }
                line();
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("response without Content-Length or chunked encoding");
            }
            dead = close;
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    s = 1;
                }
                n -= s;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int ch; (ch = in.read()) != '\n'; ) {
                if (ch < 0) {
                    throw new IOException("connection closed");
                }
                if (ch != '\r') {
                    sb.append((char) ch);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    private OpenLoopLoad() {
    }
}
