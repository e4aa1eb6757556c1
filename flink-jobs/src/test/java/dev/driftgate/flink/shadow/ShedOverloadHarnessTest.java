package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The shed decision in the operator: behind -> lower and count; caught up -> restored. */
class ShedOverloadHarnessTest {
    private static final PromptSampler SAMPLER = new PromptSampler("k".getBytes(StandardCharsets.UTF_8), 5.0);

    @Test
    void shedsWhileBehindCountsEverythingAndRestoresWhenCaughtUp() throws Exception {
        ShedOverload shed = new ShedOverload(5.0, 30_000, 1_000);
        try (OneInputStreamOperatorTestHarness<ParsedEvent, ParsedEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(shed))) {
            harness.open();
            long now = 1_000_000_000L;
            int prompt = 0;
            int offered = 0;
            // two minutes behind for 40 s of processing time: 20 events a second
            for (int s = 0; s < 40; s++) {
                harness.setProcessingTime(now + s * 1_000L);
                for (int i = 0; i < 20; i++, offered++) {
                    prompt = nextSampled(prompt);
                    harness.processElement(new StreamRecord<>(event(prompt, now + s * 1_000L - 120_000), 0));
                }
            }
            assertThat(shed.keepFraction()).isLessThan(0.2);
            long kept = harness.extractOutputValues().size();
            long shedCount = harness.getSideOutput(ShedOverload.SHED).size();
            assertThat(kept + shedCount).isEqualTo(offered);
            assertThat(shed.counts().values().stream().mapToLong(c -> c.shed()).sum()).isEqualTo(shedCount);
            assertThat(shedCount).isPositive();

            // caught up: lag near 0 for a minute
            for (int s = 40; s < 100; s++) {
                harness.setProcessingTime(now + s * 1_000L);
                for (int i = 0; i < 20; i++) {
                    prompt = nextSampled(prompt);
                    harness.processElement(new StreamRecord<>(event(prompt, now + s * 1_000L - 100), 0));
                }
            }
            assertThat(shed.keepFraction()).isEqualTo(1.0);
        }
    }

    @Test
    void withSheddingOffKeepsEveryEventAndReportsTheWatermarkLag() throws Exception {
        ShedOverload off = new ShedOverload(new ShedOptions(false, 0, 30_000, 1_000));
        try (OneInputStreamOperatorTestHarness<ParsedEvent, ParsedEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(off))) {
            harness.open();
            long now = 1_000_000_000L;
            assertThat(off.watermarkLagMs(now)).isEqualTo(-1);
            harness.processWatermark(now - 90_000);
            int prompt = 0;
            for (int s = 0; s < 40; s++) {
                harness.setProcessingTime(now + s * 1_000L);
                prompt = nextSampled(prompt);
                harness.processElement(new StreamRecord<>(event(prompt, now + s * 1_000L - 120_000), 0));
            }
            assertThat(harness.extractOutputValues()).hasSize(40);
            assertThat(harness.getSideOutput(ShedOverload.SHED)).isNullOrEmpty();
            assertThat(off.keepFraction()).isEqualTo(1.0);
            assertThat(off.watermarkLagMs(now + 40_000)).isEqualTo(130_000);
        }
    }

    private static int nextSampled(int from) {
        int p = from + 1;
        while (!SAMPLER.sampled("prompt " + p)) {
            p++;
        }
        return p;
    }

    private static ParsedEvent event(int prompt, long ts) {
        String[] categories = {"factual_qa", "reasoning", "summarization"};
        ShadowRequestEvent e = new ShadowRequestEvent("e" + prompt, ts, "prompt " + prompt,
                SAMPLER.hash("prompt " + prompt), categories[prompt % 3], "openai/p", "answer", 10, "openai/c");
        return new ParsedEvent(e, new RawRecord("t", 0, prompt, ts, "{}"));
    }
}
