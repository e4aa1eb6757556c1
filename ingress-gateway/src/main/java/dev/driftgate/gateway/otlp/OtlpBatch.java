package dev.driftgate.gateway.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded export request: the spans that could be read, and how many could not (bad ids) with the
 * first reason, which the partial-success response reports.
 */
public record OtlpBatch(List<OtlpSpan> spans, int rejected, String firstRejection) {

    /** Collects one request's spans in either encoding; a span with an invalid id is rejected, not read. */
    static final class Collector {
        private final List<OtlpSpan> spans = new ArrayList<>();
        private final String idRule;
        private int rejected;
        private String firstRejection;

        /** {@code idRule} says what a valid id is in this encoding, for the error message. */
        Collector(String idRule) {
            this.idRule = idRule;
        }

        /** True when both ids are valid (non-null); otherwise counts the span as rejected. */
        boolean validIds(String name, String traceId, String spanId) {
            if (traceId != null && spanId != null) {
                return true;
            }
            rejected++;
            if (firstRejection == null) {
                firstRejection = "span '" + name + "' has an invalid " + (traceId == null ? "trace" : "span") + " id ("
                        + idRule + ")";
            }
            return false;
        }

        void add(OtlpSpan span) {
            spans.add(span);
        }

        OtlpBatch batch() {
            return new OtlpBatch(spans, rejected, firstRejection);
        }
    }
}
