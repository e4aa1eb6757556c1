package dev.driftgate.flink.ops;

import static dev.driftgate.flink.ops.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.flink.ops.testing.OverlapJudge;
import dev.driftgate.flink.ops.testing.ScriptedModelClient;
import dev.driftgate.flink.ops.testing.ScriptedModelClient.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The async operators wired with Flink's async I/O on a MiniCluster, in BATCH mode: Flink makes one
 * attempt per element (retries belong to core's model client, see ModelCallRetriesTest), a failed
 * call becomes a failed example (the job still finishes), hung calls time out, and in-flight calls
 * never exceed capacity.
 */
class AsyncCallsMiniClusterTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        return env;
    }

    private static Map<String, EvalItem> run(StreamExecutionEnvironment env, DataStream<EvalItem> out)
            throws Exception {
        List<EvalItem> results = new ArrayList<>();
        try (CloseableIterator<EvalItem> it = out.executeAndCollect("ops-test")) {
            it.forEachRemaining(results::add);
        }
        return results.stream().collect(Collectors.toMap(EvalItem::id, Function.identity()));
    }

    @Test
    void oneAttemptPerElementAndFailuresRecordedWithoutFailingTheJob() throws Exception {
        ScriptedModelClient.Scenario s = ScriptedModelClient.scenario("mc-retry")
                .failFirst("p429", Failure.RATE_LIMITED, Failure.RATE_LIMITED)
                .failFirst("p500", Failure.SERVER_ERROR)
                .failFirst("pdown", Failure.SERVER_ERROR, Failure.SERVER_ERROR, Failure.SERVER_ERROR)
                .failFirst("p400", Failure.BAD_REQUEST)
                .failFirst("phang", Failure.HANG);
        StreamExecutionEnvironment env = env();
        List<EvalItem> in = List.of(item("ok", "factual_qa", "pok", "r"), item("r429", "factual_qa", "p429", "r"),
                item("r500", "reasoning", "p500", "r"), item("down", "reasoning", "pdown", "r"),
                item("bad", "safety", "p400", "r"), item("hang", "safety", "phang", "r"));
        DataStream<EvalItem> source = env.fromData(TypeInformation.of(EvalItem.class), in.toArray(EvalItem[]::new));
        AsyncCallOptions options = new AsyncCallOptions(4, 300);
        Map<String, EvalItem> out = run(env, inference(source, "mc-retry", options));

        assertThat(out).hasSize(6);
        assertThat(out.get("ok").inferenceAttempts()).isEqualTo(1);
        assertThat(out.get("ok").result().failed()).isFalse();
        // this scripted client does not retry, and Flink no longer does: each failure is final
        assertThat(out.get("r429").result().failureStage()).isEqualTo("inference");
        assertThat(out.get("r429").result().failureReason()).contains("HTTP 429");
        assertThat(out.get("down").result().failureReason()).contains("HTTP 500");
        assertThat(out.get("bad").result().failureReason()).contains("HTTP 400");
        assertThat(out.get("hang").result().failed()).isTrue();
        assertThat(out.get("hang").result().failureReason()).contains("timed out");
        assertThat(s.calls.get()).as("one call per element").isEqualTo(6);
    }

    @Test
    void keepsAtMostCapacityCallsInFlight() throws Exception {
        ScriptedModelClient.Scenario s = ScriptedModelClient.scenario("mc-capacity").latency(50);
        StreamExecutionEnvironment env = env();
        List<EvalItem> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            in.add(item("e" + i, "factual_qa", "prompt " + i, "r"));
        }
        AsyncCallOptions options = new AsyncCallOptions(8, 5_000);
        DataStream<EvalItem> source = env.fromData(TypeInformation.of(EvalItem.class), in.toArray(EvalItem[]::new));
        Map<String, EvalItem> out = run(env, inference(source, "mc-capacity", options));
        assertThat(out).hasSize(40);
        assertThat(s.maxInFlight.get()).isLessThanOrEqualTo(8).isGreaterThanOrEqualTo(4);
    }

    @Test
    void malformedJudgeOutputBecomesACountedJudgeFailure() throws Exception {
        ScriptedModelClient.scenario("mc-judge").reply("JUDGE p1", "0.75").reply("JUDGE p2", "{not a verdict")
                .failFirst("JUDGE p3", Failure.RATE_LIMITED);
        StreamExecutionEnvironment env = env();
        List<EvalItem> in = List.of(answered("j1", "p1"), answered("j2", "p2"), answered("j3", "p3"));
        AsyncCallOptions options = new AsyncCallOptions(2, 5_000);
        var clients = new ScriptedModelClient.Factory("mc-judge");
        var judges = new OverlapJudge.Factory("openai/judge-sim");
        DataStream<EvalItem> source = env.fromData(TypeInformation.of(EvalItem.class), in.toArray(EvalItem[]::new));
        DataStream<EvalItem> judged = AsyncCalls.wireOnce(source, EvalItemSteps.judge(clients, judges, options),
                        options, EvalItem.class, "judge")
                .map(new CompositeScoreFunction(new dev.driftgate.core.config.ScorerConfig.MetricWeights(0.3, 0.2, 0.5)));
        Map<String, EvalItem> out = run(env, judged);

        ExampleResult ok = out.get("j1").result();
        assertThat(ok.failed()).isFalse();
        // 1.0 x 0.3 + 0.5 x 0.2 + 0.75 x 0.5
        assertThat(ok.composite()).isCloseTo(0.775, org.assertj.core.api.Assertions.within(1e-12));
        ExampleResult malformed = out.get("j2").result();
        assertThat(malformed.failed()).isTrue();
        assertThat(malformed.failureStage()).isEqualTo("judge");
        assertThat(malformed.failureReason()).isEqualTo("unparseable verdict");
        assertThat(malformed.judge().rawText()).isEqualTo("{not a verdict");
        // Flink does not retry the judge: retries belong to the judge's client (core), which this
        // scripted client has not, so a judge that throws is one failed attempt at stage "judge"
        assertThat(out.get("j3").result().failureStage()).isEqualTo("judge");
        assertThat(out.get("j3").judgeAttempts()).isEqualTo(1);
        assertThat(out.get("j3").judgeUsage().calls()).as("the 429 only").isEqualTo(1);
        assertThat(out.get("j3").judgeUsage().model()).isEqualTo("openai/judge-sim");
    }

    private static DataStream<EvalItem> inference(DataStream<EvalItem> source, String scenario,
                                                  AsyncCallOptions options) {
        var clients = new ScriptedModelClient.Factory(scenario);
        var request = new EvalItemSteps.InferenceRequest("openai/m", "sys", 0, 16, "v1");
        return AsyncCalls.wireOnce(source, EvalItemSteps.inference(clients, request, options), options,
                EvalItem.class, "inference");
    }

    private static EvalItem answered(String id, String prompt) {
        EvalItem i = item(id, "factual_qa", prompt, "same words");
        ExampleResult r = i.result();
        return i.withResult(new ExampleResult(r.id(), r.category(), r.prompt(), r.referenceResponse(), "same words",
                new dev.driftgate.core.metrics.Prf(0.5, 0.5, 0.5), new dev.driftgate.core.metrics.Prf(1, 1, 1), null,
                Double.NaN, 5, 0, false, null, null));
    }
}
