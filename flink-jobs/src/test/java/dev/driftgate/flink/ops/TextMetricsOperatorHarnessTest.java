package dev.driftgate.flink.ops;

import static dev.driftgate.flink.ops.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.flink.ops.testing.OverlapMetrics;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The batching scorer in a one-input operator harness: flush on size, end of input, timer; pass-through. */
class TextMetricsOperatorHarnessTest {

    private static EvalItem answered(String id, String answer, String reference) {
        EvalItem i = item(id, "factual_qa", "prompt " + id, reference);
        ExampleResult r = i.result();
        return i.withResult(new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(), answer, null,
                null, null, Double.NaN, 5, 0, false, null, null));
    }

    private static OneInputStreamOperatorTestHarness<EvalItem, EvalItem> harness(String scenario, boolean failing,
                                                                                 long maxWaitMs) throws Exception {
        var op = new TextMetricsOperator<>(new OverlapMetrics(scenario, failing), new EvalItemSteps.AnswerVsReference(),
                new EvalItemSteps.MetricsMerger(), 2, maxWaitMs);
        var h = new OneInputStreamOperatorTestHarness<>(op,
                TypeInformation.of(EvalItem.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
        h.open();
        return h;
    }

    private static List<EvalItem> output(OneInputStreamOperatorTestHarness<EvalItem, EvalItem> h) {
        return h.extractOutputValues();
    }

    @Test
    void scoresInBatchesAndFlushesTheRestAtEndOfInput() throws Exception {
        try (var h = harness("batches", false, 0)) {
            h.processElement(answered("a", "paris is the capital", "paris is the capital"), 0);
            assertThat(output(h)).isEmpty();
            h.processElement(answered("b", "berlin", "paris"), 0);
            assertThat(output(h)).hasSize(2);
            h.processElement(answered("c", "rome", "rome"), 0);
            assertThat(output(h)).hasSize(2);
            h.endInput();
            List<EvalItem> out = output(h);
            assertThat(out).hasSize(3);
            assertThat(out.get(0).result().bertscore().f1()).isEqualTo(1.0);
            assertThat(out.get(0).result().rougeL().f1()).isEqualTo(0.5);
            assertThat(out.get(1).result().bertscore().f1()).isEqualTo(0.0);
            assertThat(OverlapMetrics.BATCH_SIZES.get("batches")).containsExactly(2, 1);
        }
    }

    @Test
    void failedExamplesPassThroughUnscored() throws Exception {
        try (var h = harness("passthrough", false, 0)) {
            EvalItem failed = item("f", "safety", "p", "r").withResult(
                    EvalItem.fail(item("f", "safety", "p", "r").result(), "inference", "HTTP 500"));
            h.processElement(failed, 0);
            h.processElement(answered("ok", "x", "x"), 0);
            List<EvalItem> out = output(h);
            assertThat(out).hasSize(2);
            assertThat(out.stream().filter(i -> i.id().equals("f")).findFirst().orElseThrow().result().bertscore())
                    .isNull();
            assertThat(OverlapMetrics.BATCH_SIZES.get("passthrough")).containsExactly(1);
        }
    }

    @Test
    void scorerErrorFailsTheBatchAtStageScoring() throws Exception {
        try (var h = harness("failing", true, 0)) {
            h.processElement(answered("a", "x", "x"), 0);
            h.endInput();
            ExampleResult r = output(h).get(0).result();
            assertThat(r.failed()).isTrue();
            assertThat(r.failureStage()).isEqualTo("scoring");
            assertThat(r.failureReason()).contains("model not loaded");
        }
    }

    @Test
    void processingTimeTimerFlushesAPartialBatch() throws Exception {
        try (var h = harness("timer", false, 100)) {
            h.setProcessingTime(0);
            h.processElement(answered("a", "x", "x"), 0);
            assertThat(output(h)).isEmpty();
            h.setProcessingTime(100);
            assertThat(output(h).stream().map(EvalItem::id).collect(Collectors.toList())).containsExactly("a");
        }
    }
}
