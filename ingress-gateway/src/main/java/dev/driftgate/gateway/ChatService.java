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
import dev.driftgate.gateway.model.StreamHandle;
import dev.driftgate.gateway.model.StreamListener;
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
            throw classified(e);
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        modelHealth.succeeded();
        boolean sample = publishIfSampled(requestId, prompt, eventCategory, conversation, answer, latencyMs, endpoint);
        return new Outcome(requestId, answer, latencyMs, sample);
    }

    /**
     * Streams the production answer to {@code client} as the model produces it. When the stream
     * completes, the answer (the tokens the client was sent, joined) goes into the shadow event exactly
     * as {@link #handle} would record it; a stream that fails or is cancelled publishes nothing, since
     * a partial answer would be scored as if it were production's. {@code client} gets its failure as
     * {@link ModelCallFailed} (product words only).
     */
    public StreamHandle stream(String requestId, String prompt, Conversation conversation, String category,
                               String endpoint, StreamListener client) {
        long start = System.nanoTime();
        String eventCategory = category(category);
        StringBuilder captured = new StringBuilder();
        return model.stream(conversation, new StreamListener() {
            @Override
            public void token(String text) {
                captured.append(text);
                client.token(text);
            }

            @Override
            public void completed(ModelAnswer answer) {
                long latencyMs = (System.nanoTime() - start) / 1_000_000;
                modelHealth.succeeded();
                ModelAnswer sent = new ModelAnswer(captured.toString(), answer.model(), answer.inputTokens(),
                        answer.outputTokens(), answer.finishReason());
                publishIfSampled(requestId, prompt, eventCategory, conversation, sent, latencyMs, endpoint);
                client.completed(sent);
            }

            @Override
            public void failed(Throwable error) {
                client.failed(error instanceof ModelCallException e ? classified(e)
                        : classified(new ModelCallException("production model stream failed", true, 1, error)));
            }
        });
    }

    /** Counts the failure against readiness when the upstream is at fault, and words it for the client. */
    private ModelCallFailed classified(ModelCallException e) {
        UpstreamFailure.Classified failure = UpstreamFailure.classify(e);
        if (failure.kind().upstreamFault()) {
            modelHealth.faulted();
        } else {
            modelHealth.succeeded(); // the upstream answered: the request was at fault
        }
        return new ModelCallFailed(failure, e);
    }

    private boolean publishIfSampled(String requestId, String prompt, String eventCategory, Conversation conversation,
                                     ModelAnswer answer, long latencyMs, String endpoint) {
        long hash = sampler.hash(prompt);
        boolean sample = sampler.sampled(hash);
        if (sample) {
            sampled.increment();
            publisher.offer(new ShadowRequestEvent(requestId, System.currentTimeMillis(), prompt, hash,
                    eventCategory, answer.model(), answer.text(), latencyMs, candidateModel,
                    ShadowRequestEvent.CURRENT_SCHEMA, conversation.messages(), conversation.params(),
                    new Usage(answer.inputTokens(), answer.outputTokens()), endpoint));
        }
        return sample;
    }

    /** The model string clients are told they were answered by. */
    public String modelString() {
        return model.modelString();
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: request ids need uniqueness, not secrecy, and
     * UUID.randomUUID() serialises every request thread on one SecureRandom.
     */
    public static String randomUuid() {
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
