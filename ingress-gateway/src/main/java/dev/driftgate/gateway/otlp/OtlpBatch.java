package dev.driftgate.gateway.otlp;

import java.util.List;

/**
 * A decoded export request: the spans that could be read, and how many could not (bad ids) with the
 * first reason, which the partial-success response reports.
 */
public record OtlpBatch(List<OtlpSpan> spans, int rejected, String firstRejection) {
}
