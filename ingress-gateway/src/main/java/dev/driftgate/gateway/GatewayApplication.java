package dev.driftgate.gateway;

import io.micronaut.runtime.Micronaut;

/** Starts the ingress gateway (`driftgate gateway` runs this in a child JVM). */
public final class GatewayApplication {
    private GatewayApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(GatewayApplication.class).banner(false).start();
    }
}
