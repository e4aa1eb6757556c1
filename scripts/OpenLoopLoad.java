import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load at a fixed rate (what wrk2 does; wrk2 is not in Debian): request i is due at
 * start + i/rate, and its latency is measured from that due time, so a stalled server is not
 * hidden by the generator waiting for it (no coordinated omission). Distinct prompts per request.
 *
 * <p>Usage: java scripts/OpenLoopLoad.java URL RATE_PER_S SECONDS
 * Prints: sent, ok, errors, achieved rate, p50/p90/p99/p99.9/max latency in ms.
 */
public final class OpenLoopLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long total = (long) rate * seconds;
        ConcurrentLinkedQueue<Long> latenciesNs = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> inflight = new ArrayList<>();
        long start = System.nanoTime();
        long intervalNs = 1_000_000_000L / rate;
        String run = Long.toHexString(System.nanoTime());
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNs;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    Thread.sleep(0, 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            String body = "{\"prompt\":\"open-loop question " + run + "-" + i + " about the benchmark\"}";
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inflight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    latenciesNs.add(System.nanoTime() - due);
                }
            }));
        }
        CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latenciesNs.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("sent=%d ok=%d errors=%d rate=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                total, sorted.length, errors.get(), total / elapsed, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                pct(sorted, 99.9), pct(sorted, 100));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private OpenLoopLoad() {
    }
}
