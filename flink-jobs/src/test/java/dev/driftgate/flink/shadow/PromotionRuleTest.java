package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.flink.shadow.ShadowReport.Decision;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {
    private static final ShadowConfig.Promotion FIXED = new ShadowConfig.Promotion(200, 0.02, true);
    private static final ShadowConfig.Promotion SEQUENTIAL =
            new ShadowConfig.Promotion(200, 0.02, true, ShadowConfig.Promotion.CONFIDENCE_SEQUENCE, 0.05);

    @Test
    void fixedRuleIsTheOldReportRule() {
        PromotionRule rule = new PromotionRule(FIXED);
        assertThat(rule.decide(100, 0, 0.2, 5).decision()).isEqualTo(Decision.UNDECIDED);
        // 1.96 * 0.2 / sqrt(200) = 0.0277: a true 0 does not clear -0.02, so the old rule blocks
        PromotionRule.Outcome o = rule.decide(200, 0, 0.2, 5);
        assertThat(o.decision()).isEqualTo(Decision.BLOCK);
        assertThat(o.reason()).contains("95% CI lower bound");
        assertThat(rule.decide(200, 0.01, 0.2, 5).decision()).isEqualTo(Decision.PROMOTE);
    }

    @Test
    void sequentialRuleWaitsUntilTheIntervalLeavesTheMargin() {
        PromotionRule rule = new PromotionRule(SEQUENTIAL);
        assertThat(rule.decide(200, 0, 0.2, 5).decision()).isEqualTo(Decision.UNDECIDED);
        assertThat(rule.decide(200, 0, 0.2, 5).reason()).contains("keep collecting");
        assertThat(rule.decide(5_000, 0, 0.2, 5).decision()).isEqualTo(Decision.PROMOTE);
        assertThat(rule.decide(5_000, -0.05, 0.2, 5).decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void bonferroniWidensTheIntervalWithMoreCategories() {
        PromotionRule rule = new PromotionRule(SEQUENTIAL);
        PromotionRule.Outcome one = rule.decide(1_000, 0, 0.2, 1);
        PromotionRule.Outcome five = rule.decide(1_000, 0, 0.2, 5);
        assertThat(five.high() - five.low()).isGreaterThan(one.high() - one.low());
    }
}
