package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftDetectorHarnessTest {
    private static final long MIN = 60_000L;
    private static final long COOLDOWN = Duration.ofMinutes(60).toMillis();
    private KeyedOneInputStreamOperatorTestHarness<String, DriftWindow, DriftAlert> harness;

    @BeforeEach
    void setUp() throws Exception {
        DriftRule rule = new DriftRule(0.72, 3, -0.05, COOLDOWN);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DriftDetector(rule)), DriftWindow::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static DriftWindow window(String model, int index, double shadow, double delta) {
        long start = index * 5 * MIN;
        return new DriftWindow(model, "reasoning", start, start + 5 * MIN, 10, shadow - delta, shadow, delta,
                delta, delta, delta, 0.0);
    }

    private void push(DriftWindow w) throws Exception {
        harness.processElement(new StreamRecord<>(w, w.windowEnd() - 1));
        harness.processWatermark(w.windowEnd() - 1);
    }

    private List<DriftAlert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void oneAlertPerCooldownThenRecovery() throws Exception {
        for (int i = 0; i < 3; i++) {
            push(window("m", i, 0.90, 0.0));
        }
        assertThat(alerts()).isEmpty();
        // quality drops at window 3: the mean delta (0+0-0.4)/3 = -0.133 is below -0.05 there,
        // before the mean shadow score (0.767) is below 0.72; it stays drifting afterwards
        for (int i = 3; i < 9; i++) {
            push(window("m", i, 0.50, -0.40));
        }
        assertThat(alerts()).extracting(DriftAlert::kind).containsExactly(DriftAlert.ALERT);
        assertThat(alerts().get(0).windowEnd()).isEqualTo(window("m", 3, 0, 0).windowEnd());
        assertThat(alerts().get(0).message()).contains("mean delta -0.133");
        for (int i = 9; i < 12; i++) {
            push(window("m", i, 0.90, 0.0));
        }
        assertThat(alerts()).extracting(DriftAlert::kind).containsExactly(DriftAlert.ALERT, DriftAlert.RECOVERY);
    }

    @Test
    void deltaDropAloneAlertsAndCooldownSuppressesARelapse() throws Exception {
        for (int i = 0; i < 3; i++) {
            push(window("m", i, 0.80, -0.10)); // above threshold, but shadow is 0.10 worse than prod
        }
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.message()).contains("mean delta"));
        push(window("m", 3, 0.90, 0.0));
        push(window("m", 4, 0.90, 0.0));
        push(window("m", 5, 0.90, 0.0));
        assertThat(alerts()).extracting(DriftAlert::kind).containsExactly(DriftAlert.ALERT, DriftAlert.RECOVERY);
        // relapse 30 minutes after the alert: inside the 60-minute cooldown, suppressed
        for (int i = 6; i < 9; i++) {
            push(window("m", i, 0.50, -0.4));
        }
        assertThat(alerts()).hasSize(2);
        // still drifting once the cooldown (60 min after window 2 ended) has passed: alert again
        for (int i = 9; i < 15; i++) {
            push(window("m", i, 0.50, -0.4));
        }
        assertThat(alerts()).extracting(DriftAlert::kind)
                .containsExactly(DriftAlert.ALERT, DriftAlert.RECOVERY, DriftAlert.ALERT);
        assertThat(alerts().get(2).windowEnd() - alerts().get(0).windowEnd()).isGreaterThanOrEqualTo(COOLDOWN);
    }

    @Test
    void keysAreIndependent() throws Exception {
        for (int i = 0; i < 3; i++) {
            push(window("bad", i, 0.40, -0.5));
            push(window("good", i, 0.95, 0.01));
        }
        assertThat(alerts()).extracting(DriftAlert::shadowModel).containsExactly("bad");
    }

    @Test
    void stateAndTimersAreClearedWhenAKeyGoesQuiet() throws Exception {
        for (int i = 0; i < 3; i++) {
            push(window("m", i, 0.40, -0.5));
        }
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // rescheduled, not piled up
        harness.processWatermark(window("m", 2, 0, 0).windowEnd() + COOLDOWN + 1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void windowsWithNothingScoredAreNoEvidence() throws Exception {
        for (int i = 0; i < 3; i++) {
            push(window("m", i, Double.NaN, Double.NaN));
        }
        assertThat(alerts()).isEmpty();
    }
}
