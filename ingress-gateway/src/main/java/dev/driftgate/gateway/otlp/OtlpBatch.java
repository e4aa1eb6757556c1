package dev.driftgate.gateway.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded export request: the items (spans or log records) that could be read, and how many could
 * not (bad ids) with the first reason, which the partial-success response reports.
 */
public record OtlpBatch<T>(List<T> items, int rejected, String firstRejection) {

    /** Collects one request's items in either encoding; an item with an invalid id is rejected, not read. */
    static final class Collector<T> {
        private final List<T> items = new ArrayList<>();
        private final String what;
        private final String idRule;
        private int rejected;
        private String firstRejection;

        /** {@code what} names the item ("span", "log record"); {@code idRule} says what a valid id is in this encoding. */
        Collector(String what, String idRule) {
            this.what = what;
            this.idRule = idRule;
        }

        /** True when both ids are valid (non-null); otherwise counts the item as rejected. */
        boolean validIds(String name, String traceId, String spanId) {
            if (traceId != null && spanId != null) {
                return true;
            }
            reject(what + " '" + name + "' has an invalid " + (traceId == null ? "trace" : "span") + " id ("
                    + idRule + ")");
            return false;
        }

        void reject(String reason) {
            rejected++;
            if (firstRejection == null) {
                firstRejection = reason;
            }
        }

        void add(T item) {
            items.add(item);
        }

        OtlpBatch<T> batch() {
            return new OtlpBatch<>(items, rejected, firstRejection);
        }
    }
}
