package dev.driftgate.gateway.otlp;

import dev.driftgate.gateway.http.BearerTokens;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC server (the protocol's standard port is 4317): both Export services behind the API-key
 * check, with a bound on each (decompressed) message. Started by {@link #start}; {@link #close} lets
 * calls in flight finish for a moment, then stops.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
    private final Server server;

    private OtlpGrpcReceiver(Server server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} (port 0 for a free one) and serves; a port already taken fails the start,
     * so a gateway never runs without the receiver it was configured with.
     */
    public static OtlpGrpcReceiver start(String host, int port, int maxMessageBytes, OtlpIngest ingest,
                                         BearerTokens tokens) {
        OtlpGrpcAuth auth = new OtlpGrpcAuth(tokens);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .maxInboundMessageSize(maxMessageBytes)
                .addService(ServerInterceptors.intercept(OtlpGrpcServices.traces(ingest), auth))
                .addService(ServerInterceptors.intercept(OtlpGrpcServices.logs(ingest), auth))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the OTLP/gRPC receiver cannot listen on " + host + ":" + port
                    + " (set driftgate.gateway.otlp-grpc-port, or otlp-grpc-enabled=false)", e);
        }
        LOG.info("OTLP/gRPC receiver listening on {}:{}", host, server.getPort());
        return new OtlpGrpcReceiver(server);
    }

    /** The port it listens on (the one picked when started with 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
