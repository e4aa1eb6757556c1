package dev.driftgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 items 2 and 17: Kafka unreachable for longer than the publish queue can hold, every request
 * sampled (shadow_pct 100) with a 60 KB prompt. Before the fix the queue was bounded by count only
 * (10,000 events of ~120 KB each) and the gateway's 512 MB heap filled up. Now: every request is
 * answered 200, the heap stays flat, the drops are counted with their reason, and a metadata timeout
 * counts as send_refused, never delivery_failed.
 */
class KafkaDownMemoryTest {
    private static final int REQUESTS = 1600;
    private static final int PROMPT_CHARS = 60 * 1024;
    private static OpenAiStub model;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        model = new OpenAiStub();
        // nothing listens at the Kafka address, so the producer never gets metadata
        gateway = GatewayUnderTest.withoutKafka(model.baseUrl(), Map.of("driftgate.gateway.shadow-pct", "100"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        model.close();
    }

    @Test
    void largeSampledPromptsWithKafkaDownKeepTheHeapFlatAndCountTheDrops() throws Exception {
        assertThat(gateway.postJson("/chat", Map.of("prompt", "warm up the gateway")).statusCode()).isEqualTo(200);
        long baseline = usedHeapAfterGc();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String prompt = ("request " + i + " ").repeat(PROMPT_CHARS / 8).substring(0, PROMPT_CHARS);
            statuses.add(clients.submit(() -> {
                HttpResponse<String> r = gateway.postJson("/chat", Map.of("prompt", prompt));
                return r.statusCode();
            }));
        }
        int ok = 0;
        for (Future<Integer> s : statuses) {
            ok += s.get() == 200 ? 1 : 0;
        }
        clients.shutdown();
        long after = usedHeapAfterGc();
        long growthMb = (after - baseline) >> 20;
        System.out.printf("heap used after GC: %d MB before, %d MB after %d requests of %d KB (growth %d MB)%n",
                baseline >> 20, after >> 20, REQUESTS, PROMPT_CHARS / 1024, growthMb);
        assertThat(ok).as("requests answered 200").isEqualTo(REQUESTS);
        // the sampled events alone are ~120 KB each: 1,600 of them held would be ~190 MB
        assertThat(growthMb).as("heap growth in MB with Kafka down").isLessThan(80);
        double dropped = gateway.metric("driftgate_gateway_shadow_dropped_total");
        double queueFull = gateway.metric("driftgate_gateway_shadow_dropped_total{reason=\"queue_bytes_full\"}");
        System.out.printf("dropped %.0f (queue_bytes_full %.0f)%n", dropped, queueFull);
        assertThat(queueFull).as("drops for the byte bound").isGreaterThan(REQUESTS / 2.0);
        assertThat(gateway.metric("driftgate_gateway_shadow_dropped_total{reason=\"delivery_failed\"}"))
                .as("a metadata timeout is a refused send, not a failed delivery").isZero();
        assertThat(gateway.metric("driftgate_gateway_shadow_queue_bytes")).isLessThanOrEqualTo(32 << 20);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
