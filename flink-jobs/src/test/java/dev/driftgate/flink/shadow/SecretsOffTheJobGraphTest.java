package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftgate.core.cache.CacheMode;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.llm.ModelClient;
import dev.driftgate.core.llm.ModelRequest;
import dev.driftgate.core.llm.StubLlmServer;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.flink.eval.BatchEvalJob;
import dev.driftgate.flink.eval.BatchEvalOptions;
import dev.driftgate.flink.eval.EvalRunner;
import dev.driftgate.flink.eval.EvalSpec;
import dev.driftgate.flink.eval.GoldenDataset;
import dev.driftgate.flink.ops.EvalItem;
import dev.driftgate.flink.ops.LlmClientFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TaskEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets never enter a job graph (DESIGN.md): both jobs are built with recognisable fake secrets in
 * the environment; neither serialised JobGraph (vertex configurations with their operators, the job
 * configuration, the whole graph) holds any of them, and the operators still read them at run time,
 * on the task manager.
 */
class SecretsOffTheJobGraphTest {
    private static final Path CONFIG_DIR = Path.of("..", "config");
    private static final Path GOLDEN = Path.of("..", "data", "eval", "golden_dataset.jsonl");
    private static final String JDBC_URL = "jdbc:postgresql://db.example:5432/driftgate_marker";
    private static final Map<String, String> SECRETS = Map.of(
            Environment.OPENAI_API_KEY, "sk-FAKE-openai-7f3a91",
            Environment.ANTHROPIC_API_KEY, "sk-ant-FAKE-91c2e4",
            Environment.DB_PASSWORD, "pw-FAKE-db-55e1c7",
            Environment.SLACK_WEBHOOK_URL, "https://hooks.slack.example/services/FAKE-hook-0b8d33");

    private final DriftgateConfig config = new ConfigLoader().load(CONFIG_DIR);
    private AutoCloseable taskEnvironment;

    @BeforeEach
    void installSecrets() {
        taskEnvironment = TaskEnvironment.install(Environment.of(SECRETS));
    }

    @AfterEach
    void removeSecrets() throws Exception {
        taskEnvironment.close();
    }

    @Test
    void theStreamingJobGraphHoldsNoSecret() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // with a daily budget: its spend reader ships a database connection too
        ShadowJobOptions options = ShadowJobOptions.from(config.shadow())
                .withOverload(ShedOptions.from(config.shadow()).withDailyBudget(10));
        new ShadowDeployment("kafka.example:9092", "group", JDBC_URL, "driftgate", Environment.DB_PASSWORD, null)
                .job(config.shadow(), options, new LlmScoringComponents(CONFIG_DIR.toString(), Map.of()))
                .build(env);

        assertNoSecretIn(serialised(env.getStreamGraph().getJobGraph()), JDBC_URL, Environment.DB_PASSWORD,
                Environment.SLACK_WEBHOOK_URL);
    }

    @Test
    void theBoundedJobGraphHoldsNoSecret() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<EvalItem> items = GoldenDataset.load(GOLDEN, config.dataset()).limit(2).examples().stream()
                .map(EvalItem::of).toList();
        EvalRunner.Parts parts = EvalRunner.Parts.real(config, CONFIG_DIR, Map.of(),
                new LlmClientFactory.ResponseCacheTarget(JDBC_URL, "driftgate", CacheMode.NORMAL));
        EvalSpec spec = EvalSpec.from(config, "openai/gpt-4o-mini", parts.inferenceClients(), parts.judgeClients(),
                parts.judges(), parts.metrics());
        BatchEvalJob.pipeline(env.fromData(TypeInformation.of(EvalItem.class), items.toArray(EvalItem[]::new)), spec,
                BatchEvalOptions.of(RuntimeExecutionMode.BATCH, 1, 4, 30_000, 8)).print();

        assertNoSecretIn(serialised(env.getStreamGraph().getJobGraph()), JDBC_URL);
    }

    @Test
    void theModelClientsReadTheApiKeyOnTheTaskManager() throws Exception {
        try (StubLlmServer llm = new StubLlmServer(StubLlmServer.Wire.OPENAI, (n, body) -> StubLlmServer.Reply.ok("hi"))) {
            ModelClientFactory shipped = InstantiationUtil.clone(
                    LlmClientFactory.of(config.scorer(), Map.of(Environment.OPENAI_BASE_URL, llm.baseUrl()), 0));
            try (ModelClient client = shipped.create()) {
                client.complete(ModelRequest.inference("openai/gpt-4o-mini", "be brief", "say hi"));
            }
            assertThat(llm.requestHeaders().get(0).get("Authorization"))
                    .containsExactly("Bearer " + SECRETS.get(Environment.OPENAI_API_KEY));
        }
    }

    @Test
    void theSinksReadTheDatabasePasswordOnTheTaskManager() throws Exception {
        TaskManagerJdbcConnections shipped = InstantiationUtil.clone(
                (TaskManagerJdbcConnections) ShadowJdbcSinks.connection(JDBC_URL, "driftgate", Environment.DB_PASSWORD));
        assertThat(shipped.resolve().getPassword()).contains(SECRETS.get(Environment.DB_PASSWORD));
        assertThat(shipped.resolve().getUsername()).contains("driftgate");
    }

    @Test
    void theSlackStepReadsTheWebhookOnTheTaskManager() throws Exception {
        try (SlackWebhookReceiver slack = new SlackWebhookReceiver();
             AutoCloseable ignored = TaskEnvironment.install(Environment.of(Map.of(Environment.SLACK_WEBHOOK_URL,
                     slack.url())))) {
            SlackAlertFunction shipped = InstantiationUtil.clone(
                    new SlackAlertFunction(Environment.SLACK_WEBHOOK_URL, 1, 10, null));
            shipped.open(DefaultOpenContext.INSTANCE);
            CapturedDelivery out = new CapturedDelivery();
            shipped.asyncInvoke(new DriftAlert("openai/cand", "safety", DriftAlert.ALERT, 0.6, 0.72, "dip", 0, 0), out);
            assertThat(out.await().delivered()).isTrue();
            assertThat(slack.accepted()).hasSize(1);
            shipped.close();
        }
    }

    private static byte[] serialised(JobGraph graph) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        for (JobVertex vertex : graph.getVertices()) {
            parts.add(InstantiationUtil.serializeObject(vertex.getConfiguration()));
        }
        parts.add(InstantiationUtil.serializeObject(graph.getJobConfiguration()));
        parts.add(InstantiationUtil.serializeObject(graph));
        int size = parts.stream().mapToInt(b -> b.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** {@code shipped}: what the operators do carry (proves the search sees into the serialised operators). */
    private static void assertNoSecretIn(byte[] graph, String... shipped) {
        String text = new String(graph, StandardCharsets.ISO_8859_1);
        for (String value : shipped) {
            assertThat(text.contains(value)).as(value + " in the job graph").isTrue();
        }
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            assertThat(text.contains(secret.getValue())).as(secret.getKey() + " in the job graph").isFalse();
        }
    }

    /** Holds the one delivery the Slack step completes with. */
}
