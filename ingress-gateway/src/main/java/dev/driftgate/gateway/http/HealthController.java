package dev.driftgate.gateway.http;

import dev.driftgate.gateway.model.ModelHealth;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * Liveness: the process answers. Readiness: the model endpoint is not known to be failing. Kafka
 * state is reported but does not make the gateway unready: without Kafka only shadow events are
 * lost (and counted), clients are still answered.
 */
@Controller("/health")
public final class HealthController {
    private final ModelHealth model;
    private final ShadowPublisher publisher;

    public HealthController(ModelHealth model, ShadowPublisher publisher) {
        this.model = model;
        this.publisher = publisher;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Health(String status, String liveness, String readiness, Component model, Component kafka) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Component(String state, String detail, Integer queued, Integer queueCapacity) {
    }

    @Get
    public HttpResponse<Health> health() {
        Health health = current();
        return HttpResponse.status(health.readiness().equals("UP") ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(health);
    }

    @Get("/liveness")
    public Health liveness() {
        return current();
    }

    @Get("/readiness")
    public HttpResponse<Health> readiness() {
        return health();
    }

    private Health current() {
        ModelHealth.Status m = model.status();
        ShadowPublisher.KafkaHealth k = publisher.health();
        boolean ready = m.state() != ModelHealth.State.DOWN;
        String status = !ready ? "DOWN" : k.state().equals("DOWN") ? "DEGRADED" : "UP";
        return new Health(status, "UP", ready ? "UP" : "DOWN",
                new Component(m.state().name(), m.detail(), null, null),
                new Component(k.state(), k.detail(), k.queued(), k.queueCapacity()));
    }
}
