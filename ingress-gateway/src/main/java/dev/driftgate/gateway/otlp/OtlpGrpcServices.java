package dev.driftgate.gateway.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * OTLP/gRPC's TraceService/Export and LogsService/Export, fed to the same {@link OtlpIngest} as OTLP/HTTP.
 * The methods carry raw bytes, not parsed messages, so a request goes through {@link OtlpExport}
 * exactly as an {@code application/x-protobuf} body does: the same partial success for invalid ids, and a
 * body that is not an export request answered INVALID_ARGUMENT with the same message (a protobuf
 * marshaller would have failed it inside gRPC, as INTERNAL, which exporters retry).
 */
final class OtlpGrpcServices {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes(); // gRPC has already held it to the maximum message size
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private OtlpGrpcServices() {
    }

    /** One signal's decoding, handling and encoded Export*ServiceResponse. */
    private interface Export {
        byte[] receive(byte[] request) throws MalformedOtlp;
    }

    static ServerServiceDefinition traces(OtlpIngest ingest) {
        return service(TraceServiceGrpc.SERVICE_NAME, raw -> OtlpExport.traces(ingest, raw, true));
    }

    static ServerServiceDefinition logs(OtlpIngest ingest) {
        return service(LogsServiceGrpc.SERVICE_NAME, raw -> OtlpExport.logs(ingest, raw, true));
    }

    private static ServerServiceDefinition service(String serviceName, Export export) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Export"))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        return ServerServiceDefinition.builder(serviceName)
                .addMethod(method, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> response) -> {
                    byte[] answer;
                    try {
                        answer = export.receive(request);
                    } catch (MalformedOtlp e) {
                        response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                        return;
                    }
                    response.onNext(answer);
                    response.onCompleted();
                })).build();
    }
}
