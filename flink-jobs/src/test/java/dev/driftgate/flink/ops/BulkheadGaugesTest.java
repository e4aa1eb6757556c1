package dev.driftgate.flink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.http.RetryPolicy;
import dev.driftgate.core.llm.LlmSettings;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.PriceTable;
import dev.driftgate.core.llm.StubLlmServer;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The bulkhead gauges read core's real bulkheads: a full one refuses, and the gauge counts it. */
class BulkheadGaugesTest {
    @Test
    void aRefusedCallAndAWaitingCallerShowInTheGauges() throws Exception {
        Map<String, Metric> gauges = new HashMap<>();
        UnregisteredMetricsGroup group = capturing(gauges);
        try (StubLlmServer hung = new StubLlmServer(Wire.OPENAI, (n, body) -> Reply.ok("late").delayed(600_000));
             ModelClients models = new ModelClients(LlmSettings.from(Duration.ofSeconds(5), RetryPolicy.of(0),
                     Map.of("OPENAI_BASE_URL", hung.baseUrl(), "DRIFTGATE_BULKHEAD", "1,0")), new PriceTable(Map.of()))) {
            BulkheadGauges.register(group, models);
            assertThat(gauges).containsOnlyKeys("bulkheadRefused", "bulkheadAbandoned", "bulkheadCallers");
            assertThat(value(gauges, "bulkheadCallers")).isZero(); // no endpoint yet
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.submit(() -> models.complete(ModelRequest.inference("openai/m", "s", "p")));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (value(gauges, "bulkheadCallers") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(value(gauges, "bulkheadCallers")).isEqualTo(1);
            try {
                models.complete(ModelRequest.inference("openai/m", "s", "p"));
            } catch (ModelCallException expected) {
                // the budget of one is taken: refused at once
            }
            assertThat(value(gauges, "bulkheadRefused")).isEqualTo(1);
            assertThat(value(gauges, "bulkheadAbandoned")).isZero();
            pool.shutdownNow();
        }
    }

    @Test
    void aClientWithoutBulkheadsRegistersNothing() {
        Map<String, Metric> gauges = new HashMap<>();
        UnregisteredMetricsGroup group = capturing(gauges);
        BulkheadGauges.register(group, request -> {
            throw new ModelCallException("unused", false, 0, null);
        });
        assertThat(gauges).isEmpty();
    }

    /** A metric group that keeps the gauges registered on it. */
    private static UnregisteredMetricsGroup capturing(Map<String, Metric> gauges) {
        return new UnregisteredMetricsGroup() {
            @Override
            public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                gauges.put(name, gauge);
                return gauge;
            }
        };
    }

    private static long value(Map<String, Metric> gauges, String name) {
        return (Long) ((Gauge<?>) gauges.get(name)).getValue();
    }
}
