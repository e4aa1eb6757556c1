package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
            assertThat(harness.getSideOutput(ShedOverload.SHED))
                    .allSatisfy(r -> assertThat(r.getValue().cause()).isEqualTo(ShedEvent.Cause.LAG));

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

    /** What the fake spend source answers: a Double (USD) or an Exception (the read fails). */
    private static final AtomicReference<Object> SPEND = new AtomicReference<>();
    /** The day starts it was asked about, one per read. */
    private static final List<Instant> READS = new CopyOnWriteArrayList<>();

    private static double fakeSpend(Instant from) throws Exception {
        READS.add(from);
        Object v = SPEND.get();
        if (v instanceof Exception e) {
            throw e;
        }
        return (Double) v;
    }

    @Test
    void aDailyBudgetCapsTheKeepFractionByTodaysSpendWithSheddingOffAndKeepsTheLastCapWhenTheReadFails()
            throws Exception {
        READS.clear();
        SPEND.set(0.6);
        // shedding by lag off, a budget of 1 USD a day, the spend re-read every 10 s
        ShedOverload budgeted = new ShedOverload(new ShedOptions(false, 5.0, 30_000, 10_000, 1.0),
                ShedOverloadHarnessTest::fakeSpend);
        long noon = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
        try (OneInputStreamOperatorTestHarness<ParsedEvent, ParsedEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(budgeted))) {
            harness.open();
            assertThat(budgeted.spentTodayUsd()).isEqualTo(-1);
            harness.setProcessingTime(noon);
            int prompt = 0;
            int expectedKept = 0;
            // half the day gone, 0.6 spent at the full rate: the rest of the day would cost 0.6 more,
            // 0.4 is left, so 2/3 of the sampled events are kept: the hash remainder below 2/3 x 500
            for (int i = 0; i < 300; i++) {
                prompt = nextSampled(prompt);
                if (Long.remainderUnsigned(SAMPLER.hash("prompt " + prompt), 10_000) < Math.floor(500 * 0.4 / 0.6)) {
                    expectedKept++;
                }
                harness.processElement(new StreamRecord<>(event(prompt, noon - 100), 0));
            }
            assertThat(READS).containsExactly(Instant.parse("2026-03-10T00:00:00Z"));
            assertThat(budgeted.spentTodayUsd()).isEqualTo(0.6);
            assertThat(budgeted.spendFraction()).isCloseTo(0.4 / 0.6, within(1e-9));
            assertThat(budgeted.keepFraction()).isEqualTo(budgeted.spendFraction());
            assertThat(harness.extractOutputValues()).hasSize(expectedKept);
            assertThat(harness.getSideOutput(ShedOverload.SHED)).hasSize(300 - expectedKept)
                    .allSatisfy(r -> assertThat(r.getValue().cause()).isEqualTo(ShedEvent.Cause.DAILY_BUDGET));
            assertThat(expectedKept).isBetween(1, 299);

            // the database is down 10 s later: the last cap stays, the job goes on
            SPEND.set(new java.sql.SQLException("connection refused"));
            harness.setProcessingTime(noon + 10_000);
            prompt = nextSampled(prompt);
            harness.processElement(new StreamRecord<>(event(prompt, noon + 9_900), 0));
            assertThat(READS).hasSize(2);
            assertThat(budgeted.spendFraction()).isCloseTo(0.4 / 0.6, within(1e-9));
            assertThat(budgeted.spentTodayUsd()).isEqualTo(0.6);

            // a new UTC day: nothing spent yet, the cap is lifted
            SPEND.set(0.0);
            long nextDay = Instant.parse("2026-03-11T00:00:30Z").toEpochMilli();
            harness.setProcessingTime(nextDay);
            prompt = nextSampled(prompt);
            harness.processElement(new StreamRecord<>(event(prompt, nextDay - 100), 0));
            assertThat(READS).last().isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
            assertThat(budgeted.keepFraction()).isEqualTo(1.0);
        }
    }

    @Test
    void aBudgetWithoutASpendSourceIsRefusedAndNoBudgetNeverReadsTheSpend() throws Exception {
        assertThatThrownBy(() -> new ShedOverload(new ShedOptions(false, 5.0, 30_000, 1_000, 2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("daily_budget_usd");
        READS.clear();
        SPEND.set(100.0);
        ShedOverload unbudgeted = new ShedOverload(new ShedOptions(false, 5.0, 30_000, 1_000, 0),
                ShedOverloadHarnessTest::fakeSpend);
        try (OneInputStreamOperatorTestHarness<ParsedEvent, ParsedEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(unbudgeted))) {
            harness.open();
            harness.setProcessingTime(1_000_000_000L);
            harness.processElement(new StreamRecord<>(event(nextSampled(0), 999_999_000L), 0));
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(READS).isEmpty();
            assertThat(unbudgeted.spendFraction()).isEqualTo(1.0);
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
