package dev.driftgate.gateway.otlp;

import dev.driftgate.gateway.http.BearerTokens;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The gateway's API keys on OTLP/gRPC: the {@code authorization} metadata (what OTEL_EXPORTER_OTLP_HEADERS
 * sets for either transport) must be {@code Bearer <key>}, else the call is closed UNAUTHENTICATED before
 * its message is read.
 */
final class OtlpGrpcAuth implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final BearerTokens tokens;

    OtlpGrpcAuth(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (tokens.required()) {
            String refusal = tokens.refusal(headers.get(AUTHORIZATION));
            if (refusal != null) {
                call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }
}
