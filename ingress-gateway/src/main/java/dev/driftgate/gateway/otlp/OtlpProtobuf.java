package dev.driftgate.gateway.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** OTLP/HTTP binary protobuf encoding ({@code application/x-protobuf}), with the official generated classes. */
final class OtlpProtobuf {
    private static final String ID_RULE = "16 and 8 bytes, not all zero";

    private OtlpProtobuf() {
    }

    static OtlpBatch<OtlpSpan> decode(byte[] body) throws MalformedOtlp {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlp("the body is not a protobuf ExportTraceServiceRequest");
        }
        OtlpBatch.Collector<OtlpSpan> batch = new OtlpBatch.Collector<>("span", ID_RULE);
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    String traceId = SpanIds.hex(span.getTraceId().toByteArray(), 16);
                    String spanId = SpanIds.hex(span.getSpanId().toByteArray(), 8);
                    if (!batch.validIds(span.getName(), traceId, spanId)) {
                        continue;
                    }
                    batch.add(new OtlpSpan(traceId, spanId, span.getName(), span.getStartTimeUnixNano(),
                            span.getEndTimeUnixNano(), span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            attributes(span.getAttributesList()), events(span.getEventsList())));
                }
            }
        }
        return batch.batch();
    }

    /** Log records; one not tied to a span (no ids) is read, one with ids of the wrong length is rejected. */
    static OtlpBatch<OtlpLogRecord> decodeLogs(byte[] body) throws MalformedOtlp {
        ExportLogsServiceRequest request;
        try {
            request = ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlp("the body is not a protobuf ExportLogsServiceRequest");
        }
        OtlpBatch.Collector<OtlpLogRecord> batch = new OtlpBatch.Collector<>("log record", ID_RULE);
        for (ResourceLogs resource : request.getResourceLogsList()) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                for (LogRecord log : scope.getLogRecordsList()) {
                    byte[] trace = log.getTraceId().toByteArray();
                    byte[] span = log.getSpanId().toByteArray();
                    String traceId = SpanIds.hex(trace, 16);
                    String spanId = SpanIds.hex(span, 8);
                    if (!(SpanIds.unset(trace) && SpanIds.unset(span)) && !batch.validIds(log.getEventName(), traceId, spanId)) {
                        continue;
                    }
                    batch.add(new OtlpLogRecord(traceId, spanId, log.getEventName(),
                            log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano(),
                            attributes(log.getAttributesList()), log.hasBody() ? value(log.getBody()) : null));
                }
            }
        }
        return batch.batch();
    }

    private static List<OtlpSpan.Event> events(List<Span.Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<OtlpSpan.Event> out = new ArrayList<>(events.size());
        for (Span.Event event : events) {
            out.add(new OtlpSpan.Event(event.getName(), attributes(event.getAttributesList())));
        }
        return out;
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> map = new HashMap<>(list.size() * 2);
        for (KeyValue kv : list) {
            Object value = value(kv.getValue());
            if (value != null) {
                map.put(kv.getKey(), value);
            }
        }
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> value.getBytesValue().toByteArray();
            case ARRAY_VALUE -> {
                List<Object> items = new ArrayList<>();
                for (AnyValue item : value.getArrayValue().getValuesList()) {
                    items.add(value(item));
                }
                yield items;
            }
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            default -> null;
        };
    }

    static byte[] response(int rejected, String errorMessage) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0 || errorMessage != null) {
            ExportTracePartialSuccess.Builder partial = ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected);
            if (errorMessage != null) {
                partial.setErrorMessage(errorMessage);
            }
            response.setPartialSuccess(partial);
        }
        return response.build().toByteArray();
    }

    static byte[] logsResponse(int rejected, String errorMessage) {
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0 || errorMessage != null) {
            ExportLogsPartialSuccess.Builder partial = ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected);
            if (errorMessage != null) {
                partial.setErrorMessage(errorMessage);
            }
            response.setPartialSuccess(partial);
        }
        return response.build().toByteArray();
    }

    /**
     * A google.rpc.Status (code = 1, message = 2), written by hand: the OTLP artifact does not ship the
     * google.rpc classes and two fields do not justify another dependency.
     */
    static byte[] status(int code, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeBytes(2, com.google.protobuf.ByteString.copyFrom(message, StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
