package dev.driftgate.flink.ops;

import static dev.driftgate.flink.ops.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.flink.ops.testing.ScriptedModelClient;
import dev.driftgate.flink.ops.testing.ScriptedModelClient.Failure;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls the inference function directly (no operator): merge, failures, timeout. */
class AsyncModelCallFunctionTest {
    private ScriptedModelClient.Scenario scenario;
    private AsyncModelCallFunction<EvalItem, EvalItem> function;

    @BeforeEach
    void open() throws Exception {
        scenario = ScriptedModelClient.scenario("fn-test");
        function = new AsyncModelCallFunction<>(new ScriptedModelClient.Factory("fn-test"),
                new EvalItemSteps.InferenceRequest("openai/sim-good", "sys", 0.0, 64, "chat-v1"),
                new EvalItemSteps.InferenceMerger(), 2);
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
        assertThat(out.inferenceAttempts()).isEqualTo(1);
        assertThat(out.inferenceUsage().model()).isEqualTo("openai/sim-good");
        assertThat(out.inferenceUsage().calls()).isEqualTo(1);
        assertThat(out.inferenceUsage().inputTokens()).isEqualTo(6);
    }

    @Test
    void aClientFailureIsAFailedExampleAtOnceWithoutAFlinkRetry() throws Exception {
        scenario.failFirst("p down", Failure.SERVER_ERROR);
        EvalItem out = invoke(item("q3", "reasoning", "p down", "ref"));
        assertThat(out.result().failed()).isTrue();
        assertThat(out.result().failureStage()).isEqualTo("inference");
        assertThat(out.result().failureReason()).contains("HTTP 500");
        assertThat(scenario.calls.get()).as("retries belong to the core client, not the stage").isEqualTo(1);
    }

    @Test
    void nonRetryableErrorFailsAtOnce() throws Exception {
        scenario.failFirst("p bad", Failure.BAD_REQUEST);
        EvalItem out = invoke(item("q4", "safety", "p bad", "ref"));
        assertThat(out.result().failed()).isTrue();
        assertThat(out.result().failureReason()).contains("HTTP 400");
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
