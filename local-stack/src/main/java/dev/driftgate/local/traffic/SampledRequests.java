package dev.driftgate.local.traffic;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The requests the gateway would have published: question numbers (from {@link Questions}) turned
 * into prompt, category and production answer; only prompts the sampler samples, each with the
 * sampler's keyed hash. Question i with suffix s is always the same prompt and answer.
 *
 * <p>A prompt suffix (a benchmark or demo marking degraded traffic) changes the prompt and so its
 * hash and whether it is sampled: each suffix gets its own {@link Questions}, so a pool of popular
 * questions is drawn from prompts sampled with that suffix.
 */
final class SampledRequests {
    private static final List<String> CATEGORIES =
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety");
    private final PromptSampler sampler;
    private final Supplier<Questions> questions;
    private final Map<String, Questions> bySuffix = new ConcurrentHashMap<>();
    private final AtomicLong drawn = new AtomicLong();

    SampledRequests(PromptSampler sampler, Supplier<Questions> questions) {
        if (!(sampler.shadowPct() > 0)) {
            throw new IllegalArgumentException("traffic generator: the sampler samples nothing (shadow_pct 0)");
        }
        this.sampler = sampler;
        this.questions = questions;
    }

    /** The next request, stamped now. */
    ShadowRequestEvent next(String promptSuffix, String prodModel, String candidateModel) {
        long i = bySuffix.computeIfAbsent(promptSuffix, s -> questions.get()).next(() -> fresh(promptSuffix));
        String prompt = prompt(i, promptSuffix);
        long hash = sampler.hash(prompt);
        if (!sampler.sampled(hash)) { // the requests the gateway would not have sampled never reach the topic
            throw new IllegalStateException("question " + i + " was not drawn as a sampled one: " + prompt);
        }
        return new ShadowRequestEvent(UUID.randomUUID().toString(), System.currentTimeMillis(), prompt, hash,
                category(i), prodModel, "A careful production answer to question " + i, 20, candidateModel);
    }

    private long fresh(String promptSuffix) {
        long i;
        do {
            i = drawn.incrementAndGet();
        } while (!sampler.sampled(prompt(i, promptSuffix)));
        return i;
    }

    private static String category(long i) {
        return CATEGORIES.get((int) (i % CATEGORIES.size()));
    }

    private static String prompt(long i, String promptSuffix) {
        return "Sampled question " + i + " about " + category(i) + promptSuffix;
    }
}
