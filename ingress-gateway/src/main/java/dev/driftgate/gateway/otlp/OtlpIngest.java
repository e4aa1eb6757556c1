package dev.driftgate.gateway.otlp;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns decoded spans into shadow events, with the gateway's sampling (core's PromptSampler on the
 * last user message) and publisher (same topic, same bounded queue). Every span is counted by what
 * became of it ({@code driftgate_gateway_otlp_spans_total{result}}), GenAI spans that cannot be
 * replayed also by reason ({@code driftgate_gateway_otlp_not_evaluable_total{reason}}).
 */
public final class OtlpIngest {
    /** The attribute a team sets to tag a call's category (mapped like the gateway's {@code metadata.category}). */
    public static final String CATEGORY_ATTRIBUTE = "driftgate.category";
    static final String UNCATEGORIZED = "uncategorized";
    static final String ENDPOINT = "/v1/traces";
    private final PromptSampler sampler;
    private final ShadowPublisher publisher;
    private final String candidateModel;
    private final Set<String> categories;
    private final String unknownCategory;
    private final RecentIds recent;
    private final MeterRegistry registry;
    private final Counter evaluable;
    private final Counter ignored;
    private final Counter rejected;
    private final Counter duplicate;
    private final Counter sampled;
    private final Counter notEvaluableTotal;
    private final Map<String, Counter> notEvaluable = new ConcurrentHashMap<>();

    public OtlpIngest(PromptSampler sampler, ShadowPublisher publisher, String candidateModel, Set<String> categories,
                      String unknownCategory, int recentIdsCapacity, MeterRegistry registry) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.candidateModel = candidateModel;
        this.categories = Set.copyOf(categories);
        this.unknownCategory = unknownCategory;
        this.recent = new RecentIds(recentIdsCapacity);
        this.registry = registry;
        this.evaluable = spans(registry, "evaluable");
        this.ignored = spans(registry, "ignored");
        this.rejected = spans(registry, "rejected");
        this.duplicate = spans(registry, "duplicate");
        this.notEvaluableTotal = spans(registry, "not_evaluable");
        this.sampled = Counter.builder("driftgate_gateway_otlp_sampled")
                .description("GenAI chat spans sampled for shadow evaluation").register(registry);
    }

    private static Counter spans(MeterRegistry registry, String result) {
        return Counter.builder("driftgate_gateway_otlp_spans")
                .description("OTLP spans received, by what became of them: evaluable (a GenAI chat call with content), "
                        + "not_evaluable, ignored (not GenAI), rejected (invalid ids), duplicate (already published)")
                .tag("result", result).register(registry);
    }

    /** Handles every readable span of the batch; the batch's rejected spans are only counted. */
    public void accept(OtlpBatch batch) {
        rejected.increment(batch.rejected());
        for (OtlpSpan span : batch.spans()) {
            if (!GenAiSpans.isGenAi(span.attributes())) {
                ignored.increment();
                continue;
            }
            GenAiCall call;
            try {
                call = GenAiSpans.read(span, CATEGORY_ATTRIBUTE);
            } catch (NotEvaluable e) {
                notEvaluable(e.reason());
                continue;
            }
            evaluable.increment();
            long hash = sampler.hash(call.prompt());
            if (!sampler.sampled(hash)) {
                continue;
            }
            // only sampled keys are remembered: the 5% that can be published, so the bound covers 20x the traffic
            if (!recent.firstTime(span.key())) {
                duplicate.increment();
                continue;
            }
            sampled.increment();
            publisher.offer(event(span, call, hash));
        }
    }

    private ShadowRequestEvent event(OtlpSpan span, GenAiCall call, long hash) {
        long ts = call.endMillis() > 0 ? call.endMillis() : System.currentTimeMillis();
        return new ShadowRequestEvent(eventId(span), ts, call.prompt(), hash, category(call.category()), call.model(),
                call.answer(), call.latencyMs(), candidateModel, ShadowRequestEvent.CURRENT_SCHEMA, call.messages(),
                call.params(), call.usage(), ENDPOINT, ShadowRequestEvent.SOURCE_OTLP);
    }

    /** Deterministic (a name-based UUID of trace id + span id): a re-sent span is upserted, not added, downstream. */
    static String eventId(OtlpSpan span) {
        return UUID.nameUUIDFromBytes(("otlp:" + span.key()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String category(String requested) {
        if (requested == null || requested.isBlank()) {
            return UNCATEGORIZED;
        }
        return categories.contains(requested) ? requested : unknownCategory;
    }

    private void notEvaluable(String reason) {
        notEvaluableTotal.increment();
        notEvaluable.computeIfAbsent(reason, r -> Counter.builder("driftgate_gateway_otlp_not_evaluable")
                .description("GenAI spans that cannot be replayed to the candidate, by reason (no message content "
                        + "captured, a tool call, a failed call, ...)").tag("reason", r).register(registry)).increment();
    }
}
