package dev.driftgate.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shed decisions on real PromptSampler hashes: deterministic, stratified, counted, restored. */
class LoadShedderTest {
    private static final double SHADOW_PCT = 5.0;
    private static final PromptSampler SAMPLER = new PromptSampler("k".getBytes(StandardCharsets.UTF_8), SHADOW_PCT);
    private static final String[] CATEGORIES = {"factual_qa", "reasoning", "summarization", "instruction_following", "safety"};
    private static final double[] MIX = {0.4, 0.25, 0.2, 0.1, 0.05};

    record Event(String category, long hash) {
    }

    @Test
    void underThreeTimesTheCapacityItKeepsAThirdWithTheSampledCategoryMixAndCountsEveryShedEvent() {
        List<Event> sampled = sampledEvents(60_000);
        LoadShedder shedder = LoadShedder.defaults(SHADOW_PCT);
        // offered 3X for capacity X: pressure = offered x keep fraction / capacity, observed once a "second"
        double fraction = 1.0;
        for (int i = 0; i < 50; i++) {
            fraction = shedder.observe(3.0 * fraction);
        }
        assertThat(fraction).isBetween(0.2, 0.4);

        Map<String, Integer> sampledBy = new HashMap<>();
        Map<String, Integer> keptBy = new HashMap<>();
        for (Event e : sampled) {
            sampledBy.merge(e.category(), 1, Integer::sum);
            if (shedder.keep(e.category(), e.hash())) {
                keptBy.merge(e.category(), 1, Integer::sum);
            }
        }
        int kept = keptBy.values().stream().mapToInt(Integer::intValue).sum();
        for (String c : CATEGORIES) {
            double sampledShare = sampledBy.get(c) / (double) sampled.size();
            double keptShare = keptBy.get(c) / (double) kept;
            assertThat(keptShare).as(c).isCloseTo(sampledShare, within(0.1 * sampledShare));
            LoadShedder.CategoryCounts counts = shedder.counts().get(c);
            assertThat(counts.sampled()).as("kept + shed = sampled, exactly").isEqualTo(sampledBy.get(c).longValue());
            assertThat(counts.kept()).isEqualTo(keptBy.get(c).longValue());
        }
        assertThat(kept / (double) sampled.size()).isCloseTo(fraction, within(0.02));
    }

    @Test
    void theDecisionIsTheKeyedHashThresholdSoAReplayShedsTheSameEventsAndCapacityRestoresTheRate() {
        List<Event> sampled = sampledEvents(5_000);
        LoadShedder a = LoadShedder.defaults(SHADOW_PCT);
        LoadShedder b = LoadShedder.defaults(SHADOW_PCT);
        for (int i = 0; i < 5; i++) {
            a.observe(2.0);
            b.observe(2.0);
        }
        for (Event e : sampled) {
            boolean keep = a.keep(e.category(), e.hash());
            assertThat(b.keep(e.category(), e.hash())).isEqualTo(keep);
            assertThat(keep).isEqualTo(Long.remainderUnsigned(e.hash(), 10_000) < a.keepThresholdBasisPoints());
        }
        for (int i = 0; i < 30; i++) {
            a.observe(0.3);
        }
        assertThat(a.keepFraction()).isEqualTo(1.0);
        assertThat(sampled).allMatch(e -> a.keep(e.category(), e.hash()));
    }

    @Test
    void aDailySpendBudgetLowersTheRateInsteadOfFailingCalls() {
        LoadShedder shedder = LoadShedder.defaults(SHADOW_PCT);
        // a quarter of the day gone, $30 of a $60 budget spent: the rest of the day would cost $90 at full rate
        assertThat(shedder.limitBySpend(60, 30, 0.25)).isCloseTo(30.0 / 90.0, within(1e-9));
        assertThat(shedder.spendBinds()).as("the budget sets the fraction").isTrue();
        assertThat(shedder.limitBySpend(0, 30, 0.25)).isEqualTo(1.0);
        assertThat(shedder.spendBinds()).as("no budget").isFalse();

        LoadShedder overloaded = LoadShedder.defaults(SHADOW_PCT);
        overloaded.limitBySpend(60, 30, 0.25);
        for (int i = 0; i < 10; i++) {
            overloaded.observe(10); // the capacity's cap falls below the budget's
        }
        assertThat(overloaded.spendBinds()).as("the lag sets the fraction").isFalse();
    }

    private static List<Event> sampledEvents(int n) {
        Random random = new Random(16);
        List<Event> events = new ArrayList<>();
        for (int i = 0; events.size() < n; i++) {
            long hash = SAMPLER.hash("prompt " + i);
            if (SAMPLER.sampled(hash)) {
                double u = random.nextDouble();
                int c = 0;
                double acc = MIX[0];
                while (u > acc && c < MIX.length - 1) {
                    c++;
                    acc += MIX[c];
                }
                events.add(new Event(CATEGORIES[c], hash));
            }
        }
        return events;
    }
}
