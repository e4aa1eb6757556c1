package dev.driftgate.gateway.otlp;

/**
 * One OTLP export request through the ingest, whatever carried it (OTLP/HTTP in either encoding,
 * OTLP/gRPC as protobuf): decode, hand the batch to {@link OtlpIngest}, encode the partial-success
 * response. One place, so the transports cannot drift apart in what they accept or answer.
 */
final class OtlpExport {
    private OtlpExport() {
    }

    static byte[] traces(OtlpIngest ingest, byte[] raw, boolean protobuf) throws MalformedOtlp {
        OtlpBatch<OtlpSpan> batch = protobuf ? OtlpProtobuf.decode(raw) : OtlpJson.decode(raw);
        ingest.accept(batch);
        return protobuf ? OtlpProtobuf.response(batch.rejected(), batch.firstRejection())
                : OtlpJson.response(batch.rejected(), batch.firstRejection());
    }

    static byte[] logs(OtlpIngest ingest, byte[] raw, boolean protobuf) throws MalformedOtlp {
        OtlpBatch<OtlpLogRecord> batch = protobuf ? OtlpProtobuf.decodeLogs(raw) : OtlpJson.decodeLogs(raw);
        ingest.acceptLogs(batch);
        return protobuf ? OtlpProtobuf.logsResponse(batch.rejected(), batch.firstRejection())
                : OtlpJson.logsResponse(batch.rejected(), batch.firstRejection());
    }
}
