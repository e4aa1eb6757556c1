package dev.driftgate.core.scoring;

import static dev.driftgate.core.scoring.ScoringFixtures.unscored;
import static dev.driftgate.core.scoring.ScoringFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.driftgate.core.config.ScorerConfig.MetricWeights;
import dev.driftgate.core.judge.JudgeVerdict;
import org.junit.jupiter.api.Test;

class CompositeScorerTest {
    private final CompositeScorer scorer = new CompositeScorer(new MetricWeights(0.30, 0.20, 0.50));

    @Test
    void weightsTheThreeScoresAsConfigured() {
        // 0.8 x 0.3 + 0.5 x 0.2 + 0.9 x 0.5 = 0.24 + 0.10 + 0.45 = 0.79
        ExampleResult r = scorer.score(unscored("a", "factual_qa", 0.8, 0.5, verdict(0.9)));
        assertThat(r.failed()).isFalse();
        assertThat(r.composite()).isCloseTo(0.79, within(1e-12));
    }

    @Test
    void otherWeightsChangeTheResult() {
        CompositeScorer judgeOnly = new CompositeScorer(new MetricWeights(0.0, 0.0, 1.0));
        assertThat(judgeOnly.score(unscored("a", "x", 0.8, 0.5, verdict(0.9))).composite())
                .isCloseTo(0.9, within(1e-12));
    }

    @Test
    void failedJudgeMakesTheExampleFailedNotZero() {
        JudgeVerdict bad = JudgeVerdict.failure("unparseable verdict after 3 attempts", "{oops", 3, 40);
        ExampleResult r = scorer.score(unscored("a", "safety", 0.8, 0.5, bad));
        assertThat(r.failed()).isTrue();
        assertThat(r.failureStage()).isEqualTo("judge");
        assertThat(r.failureReason()).isEqualTo("unparseable verdict after 3 attempts");
        assertThat(r.composite()).isNaN();
    }

    @Test
    void missingVerdictIsAFailure() {
        ExampleResult r = scorer.score(unscored("a", "safety", 0.8, 0.5, null));
        assertThat(r.failed()).isTrue();
        assertThat(r.failureReason()).isEqualTo("no judge verdict");
    }

    @Test
    void alreadyFailedExamplesStayAsTheyAre() {
        ExampleResult failed = ScoringFixtures.failed("a", "safety", "inference");
        assertThat(scorer.score(failed)).isSameAs(failed);
    }

    @Test
    void rejectsWeightsThatDoNotSumToOne() {
        assertThatThrownBy(() -> new CompositeScorer(new MetricWeights(0.3, 0.3, 0.5)))
                .hasMessageContaining("sum to 1");
    }
}
