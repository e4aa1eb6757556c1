package dev.driftgate.gateway;

import io.micronaut.runtime.Micronaut;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts the ingress gateway (`driftgate gateway` runs this in a child JVM). */
public final class GatewayApplication {
    private GatewayApplication() {
    }

    public static void main(String[] args) {
        // gRPC logs through java.util.logging; without the bridge its lines bypass the logging config
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Micronaut.build(args).mainClass(GatewayApplication.class).banner(false).start();
    }
}
