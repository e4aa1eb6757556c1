package dev.driftgate.local.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Popular questions repeat prompts and answers, and still only as the gateway would have sampled
 * them: the sampler's keyed hash, sampled prompts only, a pool per prompt suffix.
 */
class SampledRequestsTest {
    private static final PromptSampler SAMPLER = new PromptSampler("k".getBytes(StandardCharsets.UTF_8), 5);

    @Test
    void popularQuestionsRepeatSampledPromptsWithTheirOwnAnswers() {
        SampledRequests requests = new SampledRequests(SAMPLER, () -> new PopularQuestions(20, 1.0, 7));
        List<ShadowRequestEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(requests.next(i % 2 == 0 ? "" : " [bad]", "prod", "cand"));
        }
        assertThat(events).allSatisfy(e -> {
            assertThat(e.promptHash()).as("hash of %s", e.prompt()).isEqualTo(SAMPLER.hash(e.prompt()));
            assertThat(SAMPLER.sampled(e.promptHash())).as("sampled: %s", e.prompt()).isTrue();
        });
        Map<String, List<String>> answersByPrompt = events.stream().collect(Collectors.groupingBy(
                ShadowRequestEvent::prompt, Collectors.mapping(ShadowRequestEvent::prodResponse, Collectors.toList())));
        // 20 a suffix, and a prompt always comes with the same production answer
        assertThat(answersByPrompt).hasSizeLessThanOrEqualTo(40).hasSizeGreaterThan(20);
        assertThat(answersByPrompt.values()).allSatisfy(answers -> assertThat(answers).containsOnly(answers.get(0)));
        assertThat(answersByPrompt.keySet().stream().filter(p -> p.endsWith(" [bad]")).count()).isLessThanOrEqualTo(20);
    }

    @Test
    void theSameArgumentsSendTheSameRequests() {
        SampledRequests a = new SampledRequests(SAMPLER, () -> new PopularQuestions(50, 1.0, 3));
        SampledRequests b = new SampledRequests(SAMPLER, () -> new PopularQuestions(50, 1.0, 3));
        for (int i = 0; i < 200; i++) {
            assertThat(a.next("", "p", "c").prompt()).isEqualTo(b.next("", "p", "c").prompt());
        }
    }

    @Test
    void byDefaultNoPromptRepeats() {
        SampledRequests requests = new SampledRequests(SAMPLER, Questions::unique);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            prompts.add(requests.next("", "p", "c").prompt());
        }
        assertThat(prompts).doesNotHaveDuplicates();
    }

    @Test
    void aQuestionNotDrawnAsASampledOneIsRefused() {
        // question numbers made up instead of drawn: most of them are not sampled at 5%
        SampledRequests requests = new SampledRequests(SAMPLER, () -> fresh -> 1);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                requests.next(" #" + i, "p", "c");
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("not drawn as a sampled one");
    }
}
