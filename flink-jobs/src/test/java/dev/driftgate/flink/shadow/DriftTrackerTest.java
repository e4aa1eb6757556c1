package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftTrackerTest {
    private static final long MIN = 60_000L;
    private static final CusumRule CUSUM = new CusumRule(-0.05, 30, 5);
    private static final DriftRule RULE = new DriftRule(0.72, 3, -0.05, 60 * MIN, CUSUM);

    private static DriftWindow window(int index, double delta) {
        long start = index * 5 * MIN;
        return new DriftWindow("m", "reasoning", start, start + 5 * MIN, 50, 0.85 - delta, 0.85, delta,
                delta - 0.25, delta, delta + 0.25, 0.0, 0.2);
    }

    @Test
    void thresholdFollowsTheFalseAlarmBudget() {
        // 30 days of 5-minute windows times 5 categories = 43,200 windows: h = ln(43200)
        assertThat(CUSUM.threshold(5 * MIN)).isCloseTo(Math.log(43_200), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void noiseAroundZeroNeverAccumulates() {
        DriftTracker t = new DriftTracker(RULE);
        DriftTracker.State s = DriftTracker.State.EMPTY;
        for (int i = 0; i < 200; i++) {
            DriftTracker.Step step = t.onWindow(s, window(i, i % 2 == 0 ? 0.02 : -0.02), 0);
            assertThat(step.alert()).isNull();
            s = step.next();
        }
        assertThat(s.cusum()).isLessThan(1);
    }

    @Test
    void aSustainedDropAlertsWithinAnHourAndRecoversWhenItEnds() {
        DriftTracker t = new DriftTracker(RULE);
        DriftTracker.State s = DriftTracker.State.EMPTY;
        int alertAt = -1;
        for (int i = 0; i < 12 && alertAt < 0; i++) {
            DriftTracker.Step step = t.onWindow(s, window(i, -0.05), 0);
            s = step.next();
            if (step.alert() != null) {
                assertThat(step.alert().kind()).isEqualTo(DriftAlert.ALERT);
                assertThat(step.alert().message()).contains("CUSUM");
                alertAt = i;
            }
        }
        assertThat(alertAt).isBetween(2, 11);
        DriftAlert recovery = null;
        for (int i = alertAt + 1; i < alertAt + 100 && recovery == null; i++) {
            DriftTracker.Step step = t.onWindow(s, window(i, 0.0), 0);
            s = step.next();
            recovery = step.alert();
        }
        assertThat(recovery).isNotNull();
        assertThat(recovery.kind()).isEqualTo(DriftAlert.RECOVERY);
    }

    @Test
    void windowMeanMethodIsUnchangedWithoutCusum() {
        DriftTracker t = new DriftTracker(new DriftRule(0.72, 3, -0.05, 60 * MIN));
        DriftTracker.State s = DriftTracker.State.EMPTY;
        DriftAlert first = null;
        for (int i = 0; i < 3; i++) {
            DriftTracker.Step step = t.onWindow(s, window(i, -0.06), 0);
            s = step.next();
            first = first == null ? step.alert() : first;
        }
        assertThat(first).isNotNull();
        assertThat(first.message()).contains("mean delta -0.060");
    }
}
