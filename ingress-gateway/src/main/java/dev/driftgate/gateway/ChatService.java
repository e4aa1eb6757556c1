package dev.driftgate.gateway;

import dev.driftgate.core.llm.ChatTurn;
import dev.driftgate.core.llm.Conversation;
import dev.driftgate.core.llm.ModelCallException;
import dev.driftgate.core.llm.SamplingParams;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.core.shadow.Usage;
import dev.driftgate.gateway.config.GatewaySettings;
import dev.driftgate.gateway.model.ModelCallFailed;
import dev.driftgate.gateway.model.UpstreamFailure;
import dev.driftgate.gateway.model.ModelAnswer;
import dev.driftgate.gateway.model.ModelHealth;
import dev.driftgate.gateway.model.ProductionModel;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request: ask the production model, answer, and - when the keyed hash samples the prompt -
 * hand one schema-2 {@link ShadowRequestEvent} (the conversation and parameters exactly as production
 * was sent them, and its answer) to the publisher. The hand-off
 * is a non-blocking queue offer, so sampling never delays the answer.
 */
public final class ChatService {
    public static final String CHAT_ENDPOINT = "/chat";
    public static final String COMPLETIONS_ENDPOINT = "/v1/chat/completions";
    private final ProductionModel model;
    private final PromptSampler sampler;
    private final ShadowPublisher publisher;
    private final ModelHealth modelHealth;
    private final String candidateModel;
    private final Counter sampled;
    private final Set<String> categories;
    private final String unknownCategory;
    private final Counter unknownCategories;

    public ChatService(ProductionModel model, PromptSampler sampler, ShadowPublisher publisher,
                       ModelHealth modelHealth, String candidateModel, Set<String> categories,
                       String unknownCategory, MeterRegistry registry) {
        this.model = model;
        this.sampler = sampler;
        this.publisher = publisher;
        this.modelHealth = modelHealth;
        this.candidateModel = candidateModel;
        this.sampled = Counter.builder("driftgate_gateway_shadow_sampled")
                .description("Requests whose prompt the keyed hash sampled for shadow evaluation").register(registry);
        this.categories = Set.copyOf(categories);
        this.unknownCategory = unknownCategory;
        this.unknownCategories = Counter.builder("driftgate_gateway_unknown_categories")
                .description("Requests whose client-supplied category is not a configured one (mapped to the "
                        + "unknown-category bucket)").register(registry);
    }

    /**
     * The category an event carries: a configured one as given, none as {@code uncategorized}, anything
     * else as the one unknown bucket, so clients cannot create unbounded metric, window and alert keys.
     */
    String category(String requested) {
        if (requested == null) {
            return GatewaySettings.DEFAULT_CATEGORY;
        }
        if (categories.contains(requested)) {
            return requested;
        }
        unknownCategories.increment();
        return unknownCategory;
    }

    /** The answer to a request and how long the production model took. */
    public record Outcome(String requestId, ModelAnswer answer, long latencyMs, boolean sampled) {
    }

    /**
     * @param prompt       the text that is hashed for sampling (the last user message)
     * @param conversation what the production model is sent (and the candidate, from the event)
     * @param endpoint     the route, recorded in the event
     */
    public Outcome handle(String prompt, Conversation conversation, String category, String endpoint) {
        String requestId = randomUuid();
        long start = System.nanoTime();
        String eventCategory = category(category);
        ModelAnswer answer;
        try {
            answer = model.answer(conversation);
        } catch (ModelCallException e) {
            UpstreamFailure.Classified failure = UpstreamFailure.classify(e);
            if (failure.kind().upstreamFault()) {
                modelHealth.faulted();
            } else {
                modelHealth.succeeded(); // the upstream answered: the request was at fault
            }
            throw new ModelCallFailed(failure, e);
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        modelHealth.succeeded();
        long hash = sampler.hash(prompt);
        boolean sample = sampler.sampled(hash);
        if (sample) {
            sampled.increment();
            publisher.offer(new ShadowRequestEvent(requestId, System.currentTimeMillis(), prompt, hash,
                    eventCategory, answer.model(), answer.text(), latencyMs, candidateModel,
                    ShadowRequestEvent.CURRENT_SCHEMA, conversation.messages(), conversation.params(),
                    new Usage(answer.inputTokens(), answer.outputTokens()), endpoint));
        }
        return new Outcome(requestId, answer, latencyMs, sample);
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: request ids need uniqueness, not secrecy, and
     * UUID.randomUUID() serialises every request thread on one SecureRandom.
     */
    static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** POST /chat: model_version.yaml's system prompt and the prompt, provider-default sampling. */
    public Outcome chat(String prompt, String category, String systemPrompt) {
        List<ChatTurn> turns = systemPrompt == null || systemPrompt.isBlank()
                ? List.of(ChatTurn.user(prompt))
                : List.of(ChatTurn.system(systemPrompt), ChatTurn.user(prompt));
        return handle(prompt, new Conversation(turns, SamplingParams.DEFAULTS), category, CHAT_ENDPOINT);
    }
}
