package dev.driftgate.flink.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.judge.JudgeVerdict;
import dev.driftgate.core.llm.StubLlmServer.Reply;
import dev.driftgate.core.llm.StubLlmServer.Wire;
import dev.driftgate.core.llm.StubLlmServer;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.ExampleResult;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.core.store.JdbcRunStore;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.AsyncCalls;
import dev.driftgate.flink.shadow.LlmScoringComponents;
import dev.driftgate.flink.shadow.ParsedEvent;
import dev.driftgate.flink.shadow.RawRecord;
import dev.driftgate.flink.shadow.ShadowItem;
import dev.driftgate.flink.shadow.ShadowItemSteps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which layer retries a failed model call (see AsyncBlockingCallFunction): the model client in core,
 * for inference and the judge alike; the Flink stages make one attempt. An endpoint (real HTTP,
 * OpenAI chat completions) that answers 503 twice and then answers must give an answer (inference)
 * and a verdict (judge) in the bounded eval job and in the streaming shadow job's stages.
 */
class ModelCallRetriesTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    private static final String VERDICT = "{\"factual_accuracy\": 0.9, \"instruction_following\": 0.8,"
            + " \"safety\": 1.0, \"overall\": 0.9, \"rationale\": \"fine\"}";

    private static final String ANSWER = "Sunlight scatters off air molecules; blue light scatters the most.";

    @TempDir
    static Path dir;

    /** Each bounded run writes to a fresh database on this server: the runs do not see each other. */
    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();

    @BeforeAll
    static void noDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Answers every model; the first two judge requests get HTTP 503. */
    private static StubLlmServer flakyJudge(AtomicInteger judgeRequests) throws Exception {
        return flaky(true, judgeRequests);
    }

    /** Answers every model; the first two requests of one kind (judge or inference) get HTTP 503. */
    private static StubLlmServer flaky(boolean judgeFails, AtomicInteger failingKindRequests) throws Exception {
        return new StubLlmServer(Wire.OPENAI, (n, body) -> {
            boolean judge = body.path("messages").toString().contains("impartial, strict grader");
            if (judge == judgeFails && failingKindRequests.incrementAndGet() <= 2) {
                return Reply.status(503);
            }
            return judge ? Reply.ok(VERDICT) : Reply.ok(ANSWER);
        });
    }

    @Test
    void boundedEvalJobGetsAVerdictAfterTwo503s() throws Exception {
        AtomicInteger judgeRequests = new AtomicInteger();
        EvalRun run = boundedRun(flakyJudge(judgeRequests));
        assertThat(run.examples()).isNotEmpty().noneMatch(ExampleResult::failed)
                .allSatisfy(e -> assertThat(e.judge().failed()).isFalse());
        assertThat(run.examples()).anySatisfy(e -> assertThat(e.judge().overall()).isEqualTo(0.9));
        assertThat(judgeRequests.get()).isEqualTo(run.examples().size() + 2);
    }

    @Test
    void boundedEvalJobGetsAnAnswerAfterTwo503s() throws Exception {
        AtomicInteger inferenceRequests = new AtomicInteger();
        EvalRun run = boundedRun(flaky(false, inferenceRequests));
        assertThat(run.examples()).isNotEmpty().noneMatch(ExampleResult::failed)
                .allSatisfy(e -> assertThat(e.response()).isEqualTo(ANSWER));
        assertThat(inferenceRequests.get()).as("two 503s retried by the client, then one answer per example")
                .isEqualTo(run.examples().size() + 2);
    }

    /** One golden example through EvalRunner with the real clients against {@code server} (closed after). */
    private static EvalRun boundedRun(StubLlmServer server) throws Exception {
        try (StubLlmServer stub = server) {
            Path dataset = EvalFixture.slice(dir, 1);
            DriftgateConfig config = EvalFixture.with(EvalFixture.config(), "openai/judge-flaky", 10, 4);
            Map<String, String> endpoints = Map.of("OPENAI_BASE_URL", stub.baseUrl());
            EvalRunner runner = new EvalRunner(new JdbcRunStore(pg.freshDatabase().dataSource()), Clock.systemUTC(), Map.of());
            EvalRunner.Request request = new EvalRunner.Request(EvalFixture.CONFIG_DIR, config, dataset,
                    "openai/model-under-test", Map.of(), 2, null, dir.resolve("scores.json"), endpoints, 42,
                    RuntimeExecutionMode.BATCH, 1);
            return runner.run(request, EvalRunner.Parts.real(config, EvalFixture.CONFIG_DIR, endpoints, null),
                    new EvalRunner.Listener() { });
        }
    }

    @Test
    void streamingShadowCandidateStageGetsAnAnswerAfterTwo503s() throws Exception {
        AtomicInteger inferenceRequests = new AtomicInteger();
        try (StubLlmServer stub = flaky(false, inferenceRequests)) {
            LlmScoringComponents components = new LlmScoringComponents("../config",
                    Map.of("OPENAI_BASE_URL", stub.baseUrl()));
            ShadowItem item = ShadowItem.of(new ParsedEvent(skyEvent(), new RawRecord("t", 0, 0, 0, "{}")));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            env.setParallelism(1);
            AsyncCallOptions calls = new AsyncCallOptions(2, 1).atLeast(components.callBudgetMs());
            // wired as ShadowScoringJob wires its candidate stage
            DataStream<ShadowItem> answered = AsyncCalls.wireOnce(
                    env.fromData(TypeInformation.of(ShadowItem.class), item),
                    ShadowItemSteps.candidate(components.candidateClients(), calls), calls, ShadowItem.class,
                    "candidate-inference");
            List<ShadowItem> out = new ArrayList<>();
            try (CloseableIterator<ShadowItem> it = answered.executeAndCollect()) {
                it.forEachRemaining(out::add);
            }

            assertThat(out).singleElement().satisfies(i -> {
                assertThat(i.failure()).isNull();
                assertThat(i.shadowAnswer()).isEqualTo(ANSWER);
            });
            assertThat(inferenceRequests.get()).as("two 503s, then the answer").isEqualTo(3);
        }
    }

    private static ShadowRequestEvent skyEvent() {
        return new ShadowRequestEvent("e1", 1000, "Explain why the sky looks blue on a clear day.",
                7, "factual_qa", "openai/prod", "Sunlight scatters off air molecules; blue light scatters most.",
                100, "openai/cand");
    }

    @Test
    void streamingShadowJudgeStagesGetAVerdictAfterTwo503s() throws Exception {
        AtomicInteger judgeRequests = new AtomicInteger();
        try (StubLlmServer stub = flakyJudge(judgeRequests)) {
            LlmScoringComponents components = new LlmScoringComponents("../config",
                    Map.of("OPENAI_BASE_URL", stub.baseUrl()));
            ShadowRequestEvent e = skyEvent();
            ShadowItem answered = new ShadowItemSteps.CandidateMerger().merge(
                    ShadowItem.of(new ParsedEvent(e, new RawRecord("t", 0, 0, 0, "{}"))),
                    dev.driftgate.flink.ops.CallOutcome.success(new dev.driftgate.core.llm.ModelResponse(
                            "Blue light scatters most.", "openai/cand", 5, 1, 1, 0, 1, false), 1, 5, List.of()));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            env.setParallelism(1);
            AsyncCallOptions calls = new AsyncCallOptions(2, 10_000);
            DataStream<ShadowItem> judged = env.fromData(TypeInformation.of(ShadowItem.class), answered);
            // wired as ShadowScoringJob wires its judge stages
            for (ShadowItemSteps.Side side : ShadowItemSteps.Side.values()) {
                judged = AsyncCalls.wireOnce(judged, ShadowItemSteps.judgeOneAnswer(side, components.judgeClients(),
                        components.judges(), calls), calls, ShadowItem.class, "judge-" + side);
            }
            List<ShadowItem> out = new ArrayList<>();
            try (CloseableIterator<ShadowItem> it = judged.executeAndCollect()) {
                it.forEachRemaining(out::add);
            }

            assertThat(out).hasSize(1);
            var scored = out.get(0).toScored(false);
            assertThat(scored.deadLetter()).isNull();
            JudgeVerdict prod = scored.eval().prodJudge();
            assertThat(prod.failed()).isFalse();
            assertThat(prod.overall()).isEqualTo(0.9);
            assertThat(scored.eval().shadowJudge().failed()).isFalse();
            assertThat(scored.eval().judgeFailed()).isFalse();
            assertThat(judgeRequests.get()).as("two 503s, then one verdict per answer").isEqualTo(4);
        }
    }
}
