package dev.driftgate.flink.ops;

import static dev.driftgate.flink.ops.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.flink.ops.testing.OverlapMetrics;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
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
        return harness(new OverlapMetrics(scenario, failing), maxWaitMs);
    }

    private static OneInputStreamOperatorTestHarness<EvalItem, EvalItem> harness(TextMetricsFactory metrics,
                                                                                 long maxWaitMs) throws Exception {
        var op = new TextMetricsOperator<>(metrics, new EvalItemSteps.AnswerVsReference(),
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

    @Test
    void elementsKeepTheirTimestampsAndAreFlushedBeforeAWatermarkPasses() throws Exception {
        try (var h = harness("timestamps", false, 0)) {
            h.processElement(answered("a", "x", "x"), 1_000);
            h.processWatermark(new Watermark(1_500));
            h.processElement(answered("b", "y", "y"), 2_000);
            h.endInput();
            List<Object> out = List.copyOf(h.getOutput());
            // the buffered element goes out ahead of the watermark, or a window would see it late
            assertThat(out).hasSize(3);
            assertThat(((StreamRecord<?>) out.get(0)).getTimestamp()).isEqualTo(1_000);
            assertThat(out.get(1)).isEqualTo(new Watermark(1_500));
            assertThat(((StreamRecord<?>) out.get(2)).getTimestamp()).isEqualTo(2_000);
        }
    }

    @Test
    void withoutBertScoreOnlyRougeLIsComputed() throws Exception {
        try (var h = harness(new OverlapMetrics("rouge-only", false).withoutBertScore(), 0)) {
            h.processElement(answered("a", "paris is the capital", "paris is the capital"), 0);
            h.endInput();
            ExampleResult r = output(h).get(0).result();
            assertThat(r.failed()).isFalse();
            assertThat(r.rougeL().f1()).isEqualTo(0.5);
            assertThat(r.bertscore()).isNull();
            assertThat(OverlapMetrics.BATCH_SIZES.get("rouge-only")).isNull(); // no BERTScore batch ran
        }
    }
}
