package dev.driftgate.flink.ops;

import dev.driftgate.core.llm.BulkheadStats;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelClients;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The call operator's view of its client's provider bulkheads, as Flink gauges summed over endpoints:
 * {@code bulkheadRefused} (calls failed at once: budget full, or a stalled endpoint at its share),
 * {@code bulkheadAbandoned} (attempts given up: hard timeout, or a caller leaving a stalled endpoint)
 * and {@code bulkheadCallers} (callers waiting on an endpoint now). Why: a hung provider shows as these
 * rising before anyone reads the dead letters' reasons.
 */
final class BulkheadGauges {
    private BulkheadGauges() {
    }

    /** Registers the gauges when {@code client} is core's {@link ModelClients}; other clients have no bulkheads. */
    static void register(MetricGroup group, ModelClient client) {
        if (client instanceof ModelClients models) {
            register(group, models::bulkheadStats);
        }
    }

    static void register(MetricGroup group, Supplier<List<BulkheadStats>> stats) {
        group.gauge("bulkheadRefused", sum(stats, BulkheadStats::rejected));
        group.gauge("bulkheadAbandoned", sum(stats, BulkheadStats::abandoned));
        group.gauge("bulkheadCallers", sum(stats, BulkheadStats::callers));
    }

    private static Gauge<Long> sum(Supplier<List<BulkheadStats>> stats, ToLongFunction<BulkheadStats> field) {
        return () -> stats.get().stream().mapToLong(field).sum();
    }
}
