package dev.driftgate.flink.ops;

import static dev.driftgate.flink.ops.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.flink.ops.testing.ScriptedModelClient;
import dev.driftgate.flink.ops.testing.ScriptedModelClient.Failure;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls the inference function directly (no operator): merge, retry signalling, failures, timeout. */
class AsyncModelCallFunctionTest {
    private ScriptedModelClient.Scenario scenario;
    private AsyncModelCallFunction<EvalItem, EvalItem> function;

    @BeforeEach
    void open() throws Exception {
        scenario = ScriptedModelClient.scenario("fn-test");
        function = new AsyncModelCallFunction<>(new ScriptedModelClient.Factory("fn-test"),
                new EvalItemSteps.InferenceRequest("openai/sim-good", "sys", 0.0, 64, "chat-v1"),
                new EvalItemSteps.InferenceMerger(), new EvalItemSteps.InferenceKey(), 2, 3);
        function.setRuntimeContext(new MockStreamingRuntimeContext(1, 0));
        function.open(null);
    }

    @AfterEach
    void close() throws Exception {
        function.close();
    }

    private EvalItem invoke(EvalItem in) throws Exception {
        CapturingResultFuture<EvalItem> future = new CapturingResultFuture<>();
        function.asyncInvoke(in, future);
        return future.single();
    }

    @Test
    void mergesTheAnswerLatencyAndUsage() throws Exception {
        EvalItem out = invoke(item("q1", "factual_qa", "What is the capital of France?", "Paris."));
        assertThat(out.result().response()).isEqualTo("answer: What is the capital of France?");
        assertThat(out.result().failed()).isFalse();
        assertThat(out.retryPending()).isFalse();
        assertThat(out.inferenceAttempts()).isEqualTo(1);
        assertThat(out.inferenceUsage().model()).isEqualTo("openai/sim-good");
        assertThat(out.inferenceUsage().calls()).isEqualTo(1);
        assertThat(out.inferenceUsage().inputTokens()).isEqualTo(6);
    }

    @Test
    void retryableErrorAsksFlinkToRetryThenSucceeds() throws Exception {
        scenario.failFirst("p retry", Failure.RATE_LIMITED);
        EvalItem in = item("q2", "reasoning", "p retry", "ref");
        EvalItem first = invoke(in);
        assertThat(first.retryPending()).isTrue();
        assertThat(first.result().failed()).as("a pending retry is not a failure yet").isFalse();
        EvalItem second = invoke(in); // what Flink's retry strategy does with the same input
        assertThat(second.retryPending()).isFalse();
        assertThat(second.result().failed()).isFalse();
        assertThat(second.inferenceAttempts()).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheReason() throws Exception {
        scenario.failFirst("p down", Failure.SERVER_ERROR, Failure.SERVER_ERROR, Failure.SERVER_ERROR);
        EvalItem in = item("q3", "reasoning", "p down", "ref");
        assertThat(invoke(in).retryPending()).isTrue();
        assertThat(invoke(in).retryPending()).isTrue();
        EvalItem last = invoke(in);
        assertThat(last.retryPending()).isFalse();
        assertThat(last.result().failed()).isTrue();
        assertThat(last.result().failureStage()).isEqualTo("inference");
        assertThat(last.result().failureReason()).contains("HTTP 500").contains("attempt 3");
    }

    @Test
    void nonRetryableErrorFailsAtOnce() throws Exception {
        scenario.failFirst("p bad", Failure.BAD_REQUEST);
        EvalItem out = invoke(item("q4", "safety", "p bad", "ref"));
        assertThat(out.retryPending()).isFalse();
        assertThat(out.result().failed()).isTrue();
        assertThat(out.result().failureReason()).contains("HTTP 400").contains("attempt 1");
    }

    @Test
    void operatorTimeoutBecomesAFailedExample() throws Exception {
        CapturingResultFuture<EvalItem> future = new CapturingResultFuture<>();
        function.timeout(item("q5", "safety", "p slow", "ref"), future);
        EvalItem out = future.single();
        assertThat(out.result().failed()).isTrue();
        assertThat(out.result().failureReason()).contains("timed out");
    }
}
