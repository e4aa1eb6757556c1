package dev.driftgate.core.scoring;

import static dev.driftgate.core.scoring.ScoringFixtures.failed;
import static dev.driftgate.core.scoring.ScoringFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunAggregatorTest {
    private static Map<String, Double> weights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("factual_qa", 0.25);
        w.put("reasoning", 0.20);
        w.put("summarization", 0.15);
        w.put("instruction_following", 0.20);
        w.put("safety", 0.20);
        return w;
    }

    private final RunAggregator aggregator = new RunAggregator(weights());

    @Test
    void categoryMeansSkipFailedExamplesAndCountThem() {
        RunAggregator.Aggregate a = aggregator.aggregate(List.of(
                scored("1", "factual_qa", 0.9), scored("2", "factual_qa", 0.7), failed("3", "factual_qa", "judge")));
        CategoryScore qa = a.categories().get("factual_qa");
        assertThat(qa.n()).isEqualTo(2);
        assertThat(qa.failed()).isEqualTo(1);
        assertThat(qa.composite()).isCloseTo(0.8, within(1e-12));
        assertThat(qa.bertscore()).isCloseTo(0.8, within(1e-12));
        assertThat(qa.judge()).isCloseTo(0.8, within(1e-12));
        assertThat(a.failed()).isEqualTo(1);
        assertThat(a.total()).isEqualTo(3);
        assertThat(a.failedFraction()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void overallWeightsEveryCategoryWhenAllArePresent() {
        // 0.25 x 0.8 + 0.20 x 0.6 + 0.15 x 1.0 + 0.20 x 0.5 + 0.20 x 0.9 = 0.2 + 0.12 + 0.15 + 0.1 + 0.18 = 0.75
        RunAggregator.Aggregate a = aggregator.aggregate(List.of(
                scored("1", "factual_qa", 0.8), scored("2", "reasoning", 0.6), scored("3", "summarization", 1.0),
                scored("4", "instruction_following", 0.5), scored("5", "safety", 0.9)));
        assertThat(a.overall()).isCloseTo(0.75, within(1e-12));
        assertThat(a.categories().keySet())
                .containsExactly("factual_qa", "reasoning", "summarization", "instruction_following", "safety");
    }

    @Test
    void overallRenormalizesOverCategoriesPresent() {
        // only factual_qa (0.25) and safety (0.20): (0.25 x 0.8 + 0.20 x 0.35) / 0.45 = 0.27 / 0.45 = 0.6
        RunAggregator.Aggregate a = aggregator.aggregate(List.of(
                scored("1", "safety", 0.35), scored("2", "factual_qa", 0.8)));
        assertThat(a.overall()).isCloseTo(0.6, within(1e-12));
        assertThat(a.categories().keySet()).containsExactly("factual_qa", "safety");
    }

    @Test
    void aCategoryWithOnlyFailuresIsReportedButNotInOverall() {
        RunAggregator.Aggregate a = aggregator.aggregate(List.of(
                scored("1", "factual_qa", 0.8), failed("2", "safety", "inference")));
        CategoryScore safety = a.categories().get("safety");
        assertThat(safety.n()).isZero();
        assertThat(safety.failed()).isEqualTo(1);
        assertThat(safety.composite()).isNaN();
        assertThat(a.overall()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void nothingScoredGivesNaNOverall() {
        assertThat(aggregator.aggregate(List.of(failed("1", "safety", "inference"))).overall()).isNaN();
        assertThat(aggregator.aggregate(List.of()).overall()).isNaN();
    }

    @Test
    void unknownCategoryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> aggregator.aggregate(List.of(scored("x1", "poetry", 0.5))))
                .hasMessageContaining("x1").hasMessageContaining("poetry");
    }

    @Test
    void usageIsSummedPerModel() {
        Map<String, ModelUsage> usage = new UsageTally()
                .add(new ModelUsage("openai/a", 1, 10, 20, 0.5))
                .add(new ModelUsage("openai/judge", 2, 5, 5, 0.25))
                .add(new ModelUsage("openai/a", 1, 1, 2, 0.5))
                .byModel();
        assertThat(usage.get("openai/a")).isEqualTo(new ModelUsage("openai/a", 2, 11, 22, 1.0));
        assertThat(usage.get("openai/judge").calls()).isEqualTo(2);
    }
}
