package dev.driftgate.flink.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.shadow.ShadowOutcomes;
import dev.driftgate.core.testing.SlackWebhookReceiver;
import dev.driftgate.core.testing.TestDatabase;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.TaskEnvironment;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole streaming job on one Flink MiniCluster, a real Kafka broker (child JVM), real embedded
 * PostgreSQL with the migrated schema, and a local Slack webhook receiver. Each test uses its own
 * topics and candidate model name so they share the cluster, broker and database.
 */
class ShadowScoringJobTest {
    private static final long MIN = 60_000L;
    /** A minute-aligned event-time origin, so window i is [T0 + i min, T0 + (i+1) min). */
    private static final long T0 = (1_767_225_600_000L / MIN) * MIN;
    /** The events here are historic (T0 is 2026-01-01): any ts of the last ten years, none beyond 5 min ahead. */
    static final EventTimeBounds HISTORIC = new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(3650));

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(flinkConf()).build());

    @RegisterExtension
    static final TestDatabase pg = TestDatabase.migrated();
    private static LocalKafkaBroker kafka;
    private static SlackWebhookReceiver slack;
    private static AutoCloseable taskEnvironment;

    private static Configuration flinkConf() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    @BeforeAll
    static void startParts() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        kafka = LocalKafkaBroker.startIn(tmp.resolve("kafka-" + UUID.randomUUID()));
        slack = new SlackWebhookReceiver();
        // the job carries only the variable name; its Slack step reads the URL here, as on a task manager
        taskEnvironment = TaskEnvironment.install(Environment.of(Map.of(Environment.SLACK_WEBHOOK_URL, slack.url())));
    }

    @AfterAll
    static void stopParts() throws Exception {
        if (taskEnvironment != null) {
            taskEnvironment.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyEventBecomesOneRowEvenWhenDeliveredTwiceAndBadEventsAreDeadLettered() throws Exception {
        String topic = "t1.requests";
        String dlq = "t1.dlq";
        kafka.createTopics(1, topic, dlq);
        JobClient job = start(topic, dlq, "t1", options(), new Configuration());
        try {
            List<String> good = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String id = "t1-" + i;
                String prompt = "question " + i;
                // every third event in schema 2: the job reads both through Kafka, Kryo and the sinks
                good.add(i % 3 == 0 ? eventV2(id, T0 + i * 1000, "cand-t1", "factual_qa", prompt, "user")
                        : event(id, T0 + i * 1000, "cand-t1", "factual_qa", prompt));
            }
            List<String> bad = List.of(
                    "{oops",
                    event("t1-nots", T0, "cand-t1", "factual_qa", "q").replaceFirst("\"ts\":\\d+,", ""),
                    eventV2("t1-robot", T0, "cand-t1", "factual_qa", "q", "robot"),
                    event("t1-judge", T0 + 500, "cand-t1", "factual_qa", "q [judge-fail]"),
                    event("t1-infer", T0 + 600, "cand-t1", "factual_qa", "q [infer-fail]"));
            List<String> all = new ArrayList<>(good);
            all.addAll(bad);
            produce(topic, all);

            Eventually.within(Duration.ofSeconds(60), () -> count("cand-t1") == 31);
            List<JsonNode> letters = readDeadLetters(dlq, 5);
            assertThat(letters).extracting(n -> n.get("reason").asText()).anySatisfy(r ->
                    assertThat(r).startsWith("bad JSON")).anySatisfy(r ->
                    assertThat(r).isEqualTo("missing field ts")).anySatisfy(r ->
                    assertThat(r).startsWith("field messages[1].role is unknown: \"robot\"")).anySatisfy(r ->
                    assertThat(r).startsWith("judge failed on prod answer after 3 attempts: unparseable verdict"))
                    .anySatisfy(r -> assertThat(r).startsWith("candidate inference failed after 3 attempt(s): ")
                            .contains("HTTP 500"));
            for (JsonNode l : letters) {
                assertThat(l.get("topic").asText()).isEqualTo(topic);
                assertThat(l.get("partition").asInt()).isZero();
                assertThat(l.get("offset").asLong()).isBetween(30L, 34L);
                assertThat(bad).contains(l.get("payload").asText());
                assertThat(l.get("ts").asLong()).isPositive();
            }
            assertThat(query("SELECT request_schema, count(*) FROM shadow_evals WHERE shadow_model = 'cand-t1'"
                    + " GROUP BY request_schema ORDER BY 1")).containsExactly("1|21", "2|10");
            // the judge failure is also recorded, with no score (never a silent 0)
            assertThat(query("SELECT judge_failed, prod_score IS NULL, delta IS NULL FROM shadow_evals"
                    + " WHERE event_id = 't1-judge'")).containsExactly("true|true|true");
            assertThat(query("SELECT count(*) FROM shadow_evals WHERE shadow_model = 'cand-t1' AND prompt IS NOT NULL"))
                    .containsExactly("0");
            assertThat(query("SELECT round(delta::numeric, 3), judge_details->'shadow'->>'overall' FROM shadow_evals"
                    + " WHERE event_id = 't1-3'")).containsExactly("0.000|0.9");

            // the same 30 events again (a producer retry or an upstream replay), then a sentinel
            List<String> again = new ArrayList<>(good);
            again.add(event("t1-sentinel", T0 + 40_000, "cand-t1", "factual_qa", "last"));
            produce(topic, again);
            Eventually.within(Duration.ofSeconds(60), () ->
                    query("SELECT count(*) FROM shadow_evals WHERE event_id = 't1-sentinel'").equals(List.of("1")));
            assertThat(count("cand-t1")).isEqualTo(32);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aCandidateThatDegradesAlertsOncePerCategoryThenRecoversAndLateEventsLandInTheirWindows()
            throws Exception {
        String topic = "t2.requests";
        String dlq = "t2.dlq";
        kafka.createTopics(1, topic, dlq);
        slack.reset();
        slack.failNext(1); // Slack answers 503 once: the notifier retries
        JobClient job = start(topic, dlq, "t2", options(), new Configuration());
        try {
            List<String> events = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                boolean degraded = w >= 4 && w < 10;
                for (int s : new int[] {10, 30, 50}) {
                    for (String cat : List.of("reasoning", "safety")) {
                        events.add(event("t2-" + cat + "-" + w + "-" + s, T0 + w * MIN + s * 1000L, "cand-drift",
                                cat, "prompt " + w + (degraded ? " [bad]" : "")));
                    }
                }
            }
            // out of order across window boundaries: each window's :50 events arrive after the next
            // window's :10 events (20 s late, inside the 30 s bounded out-of-orderness)
            for (int w = 0; w < 15; w++) {
                int i = w * 6 + 4;
                List<String> late = new ArrayList<>(events.subList(i, i + 2));
                events.set(i, events.get(i + 2));
                events.set(i + 1, events.get(i + 3));
                events.set(i + 2, late.get(0));
                events.set(i + 3, late.get(1));
            }
            // an event far ahead moves the watermark past every window above
            events.add(event("t2-flush", T0 + 30 * MIN, "cand-drift-flush", "reasoning", "flush"));
            produce(topic, events);

            Eventually.within(Duration.ofSeconds(90), () -> slack.accepted().size() >= 4
                    && query("SELECT count(*) FROM alerts WHERE subject = 'cand-drift'").equals(List.of("4")));
            Thread.sleep(1000); // anything extra would show up now
            assertThat(slack.accepted()).hasSize(4);
            assertThat(slack.requests()).isEqualTo(5);
            assertThat(query("SELECT category || ':' || kind || ':' || delivered FROM alerts"
                    + " WHERE source = 'shadow' AND subject = 'cand-drift' ORDER BY category, id"))
                    .containsExactly("reasoning:alert:true", "reasoning:recovery:true",
                            "safety:alert:true", "safety:recovery:true");
            JsonNode first = slack.accepted().get(0);
            assertThat(first.get("blocks").get(0).get("type").asText()).isEqualTo("header");
            assertThat(first.get("text").asText()).contains("cand-drift");

            // every window holds exactly its own 3 events per category, despite the disorder
            assertThat(query("SELECT count(*) FROM drift_windows WHERE shadow_model = 'cand-drift' AND n = 3"
                    + " AND window_end - window_start = interval '1 minute'")).containsExactly("32");
            assertThat(query("SELECT round(mean_delta::numeric, 3) FROM drift_windows WHERE shadow_model = 'cand-drift'"
                    + " AND category = 'safety' AND window_start = to_timestamp(" + (T0 + 5 * MIN) / 1000 + ")"))
                    .containsExactly("-0.600");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void stopWithSavepointAndResumeLosesNothingAndCountsNothingTwice() throws Exception {
        String topic = "t3.requests";
        String dlq = "t3.dlq";
        kafka.createTopics(1, topic, dlq);
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            for (int s = 0; s < 60; s += 6) {
                String e = event("t3-" + w + "-" + s, T0 + w * MIN + s * 1000L, "cand-sp", "summarization", "p");
                (w < 2 || (w == 2 && s < 30) ? before : after).add(e);
            }
        }
        after.add(event("t3-flush", T0 + 30 * MIN, "cand-sp-flush", "summarization", "flush"));

        JobClient first = start(topic, dlq, "t3", options(), new Configuration());
        produce(topic, before);
        Eventually.within(Duration.ofSeconds(60), () -> count("cand-sp") == before.size());
        Path savepoints = Files.createTempDirectory("savepoints");
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        produce(topic, after); // arrives while the job is down
        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = start(topic, dlq, "t3", options(), resume);
        try {
            Eventually.within(Duration.ofSeconds(60), () -> count("cand-sp") == 40
                    && query("SELECT count(*) FROM drift_windows WHERE shadow_model = 'cand-sp'").equals(List.of("4")));
            // window 2 straddles the savepoint: its 10 events are counted once each, none lost, none replayed
            assertThat(query("SELECT n FROM drift_windows WHERE shadow_model = 'cand-sp' ORDER BY window_start"))
                    .containsExactly("10", "10", "10", "10");
        } finally {
            second.cancel().get();
        }
    }

    @Test
    void everySampledEventEndsInExactlyOnePlaceAcrossARestoreWithBadEventsJudgeFailuresAndLateEvents()
            throws Exception {
        String topic = "t9.requests";
        String dlq = "t9.dlq";
        kafka.createTopics(1, topic, dlq);
        ShadowOutcomes before = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(event("t9-" + i, T0 + i * 1000, "cand-t9", "reasoning", "q " + i));
        }
        first.add("{oops");
        first.add(eventV2("t9-empty", T0, "cand-t9", "reasoning", "q", "user")
                .replaceFirst("\"messages\":\\[[^\\]]*\\]", "\"messages\":[]"));
        first.add(event("t9-judge", T0 + 500, "cand-t9", "reasoning", "q [judge-fail]"));
        first.add(event("t9-infer", T0 + 600, "cand-t9", "reasoning", "q [infer-fail]"));
        first.add(event("t9-ahead", T0 + 5 * MIN, "cand-t9", "reasoning", "moves the watermark"));
        List<String> whileDown = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            whileDown.add(event("t9-down-" + i, T0 + 6 * MIN + i * 1000, "cand-t9", "reasoning", "d " + i));
        }
        List<String> late = List.of(event("t9-late-1", T0 + 2000, "cand-t9", "reasoning", "late 1"),
                event("t9-late-2", T0 + 3000, "cand-t9", "reasoning", "late 2"));

        JobClient job = start(topic, dlq, "t9", options(), new Configuration());
        produce(topic, first);
        Eventually.within(Duration.ofSeconds(60), () -> delta(before).accounted() == first.size());
        String savepoint = job.stopWithSavepoint(false, Files.createTempDirectory("t9-savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        produce(topic, whileDown);
        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = start(topic, dlq, "t9", options(), resume);
        try {
            Eventually.within(Duration.ofSeconds(60), () -> count("cand-t9") == 17);
            Thread.sleep(1500); // the periodic watermark passes T0's window before the late events arrive
            produce(topic, late);
            int total = first.size() + whileDown.size() + late.size();
            Eventually.within(Duration.ofSeconds(60), () -> delta(before).accounted() == total);
            Thread.sleep(1000); // nothing more may arrive: each event in exactly one place
            ShadowOutcomes d = delta(before);
            assertThat(d).isEqualTo(new ShadowOutcomes(16, 2, 1, 1, 2));
            assertThat(SampledCount.since(kafka.bootstrapServers(), topic, Instant.EPOCH)).isEqualTo(total)
                    .isEqualTo(d.accounted());
            assertThat(query("SELECT event_id FROM shadow_evals WHERE late ORDER BY event_id"))
                    .containsExactly("t9-late-1", "t9-late-2");
            // late events stay out of their (already fired) window: T0's window holds its 10 + the judge failure
            assertThat(query("SELECT n FROM drift_windows WHERE shadow_model = 'cand-t9' ORDER BY window_start"))
                    .first().isEqualTo("11");
        } finally {
            second.cancel().get();
        }
    }

    private static ShadowOutcomes delta(ShadowOutcomes before) throws SQLException {
        ShadowOutcomes now = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        return new ShadowOutcomes(now.scored() - before.scored(), now.late() - before.late(),
                now.failedCandidate() - before.failedCandidate(), now.failedJudge() - before.failedJudge(),
                now.deadLettered() - before.deadLettered(), now.shed() - before.shed(),
                now.scoredOnReplay() - before.scoredOnReplay());
    }

    @Test
    void withSheddingOnAJobFarBehindShedsByTheKeyedHashAndAccountsForEveryShedEvent() throws Exception {
        String topic = "t16.requests";
        String dlq = "t16.dlq";
        kafka.createTopics(1, topic, dlq);
        ShadowOutcomes before = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event("t16-" + i, T0 + i * 1000, "cand-t16", i % 2 == 0 ? "reasoning" : "factual_qa", "s " + i));
        }
        // the events are months old: the lag is far over a 1 s target, the keep fraction falls at every event
        ShadowJobOptions shedding = options().withOverload(new ShedOptions(true, 100, 1_000, 0));
        JobClient job = start(topic, dlq, "t16", shedding, new Configuration());
        try {
            produce(topic, events);
            Eventually.within(Duration.ofSeconds(60), () -> delta(before).accounted() == events.size());
            Thread.sleep(1000); // nothing more may arrive: each event in exactly one place
            ShadowOutcomes d = delta(before);
            assertThat(d.shed()).isPositive();
            assertThat(d.scored()).isPositive();
            assertThat(d.scored() + d.shed()).isEqualTo(events.size());
            assertThat(SampledCount.since(kafka.bootstrapServers(), topic, Instant.EPOCH)).isEqualTo(d.accounted());
            assertThat(d.render(events.size())).contains("(all accounted for)").contains("shed " + d.shed());
            assertThat(query("SELECT DISTINCT reason FROM shadow_dead_letters WHERE stage = 'shed' "
                    + "AND source_topic = 't16.requests' ORDER BY reason"))
                    .containsExactly("shed under overload (category factual_qa; event lag over target)",
                            "shed under overload (category reasoning; event lag over target)");
            assertThat(count("cand-t16")).isEqualTo(d.scored());
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void everyRowCarriesWhatItsModelCallsCostForTheDailyBudget() throws Exception {
        String topic = "t20.requests";
        String dlq = "t20.dlq";
        kafka.createTopics(1, topic, dlq);
        ShadowOutcomes before = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(event("t20-" + i, T0 + i * 1000, "cand-t20", "reasoning", "c " + i));
        }
        events.add(event("t20-judge", T0 + 5000, "cand-t20", "reasoning", "c [judge-fail]"));
        events.add(event("t20-infer", T0 + 6000, "cand-t20", "reasoning", "c [infer-fail]"));
        // tiny, so today's spend it leaves behind cannot matter to the budget test
        JobClient job = start(topic, dlq, "t20", options(), new Configuration(),
                new FakeScoringComponents(0, 0).withCostPerCall(0.000001));
        try {
            produce(topic, events);
            Eventually.within(Duration.ofSeconds(60), () -> delta(before).accounted() == events.size());
            // the candidate's answered call is the cost (the fake judge calls no model), also on a judge
            // failure's row; the failed candidate call cost nothing and left no row
            assertThat(query("SELECT event_id FROM shadow_evals WHERE shadow_model = 'cand-t20' "
                    + "AND abs(cost_usd - 0.000001) < 1e-12 ORDER BY event_id"))
                    .containsExactly("t20-0", "t20-1", "t20-2", "t20-3", "t20-judge");
            assertThat(count("cand-t20")).isEqualTo(5);
            // each row names the Kafka record it came from (V11): offsets 0-4 of the one partition
            assertThat(query("SELECT source_topic || ':' || source_partition || ':' || source_offset FROM shadow_evals"
                    + " WHERE shadow_model = 'cand-t20' ORDER BY source_offset"))
                    .containsExactly(topic + ":0:0", topic + ":0:1", topic + ":0:2", topic + ":0:3", topic + ":0:4");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aDailyBudgetSpentUpShedsTheSampledEventsWithSheddingOffAndAccountsForEachOne() throws Exception {
        String topic = "t21.requests";
        String dlq = "t21.dlq";
        kafka.createTopics(1, topic, dlq);
        ShadowOutcomes before = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(event("t21-" + i, T0 + i * 1000, "cand-t21", i % 2 == 0 ? "reasoning" : "factual_qa", "b " + i));
        }
        first.add("{oops");
        // lag shedding off, a budget of 0.05 USD a day (re-read every second), each candidate call 0.001 USD
        ShadowJobOptions budgeted = options().withOverload(new ShedOptions(false, 100, 30_000, 1_000, 0.05));
        JobClient job = start(topic, dlq, "t21", budgeted, new Configuration(),
                new FakeScoringComponents(0, 0).withCostPerCall(0.001));
        try {
            produce(topic, first);
            Eventually.within(Duration.ofSeconds(60), () -> delta(before).accounted() == first.size());
            ShadowOutcomes underBudget = delta(before);
            assertThat(underBudget).isEqualTo(new ShadowOutcomes(5, 0, 0, 0, 1, 0));
            assertThat(Double.parseDouble(query("SELECT sum(cost_usd) FROM shadow_evals "
                    + "WHERE shadow_model = 'cand-t21'").get(0))).isCloseTo(0.005, within(1e-9));

            // earlier today another candidate spent the whole budget
            pg.execute("INSERT INTO shadow_evals (event_id, ts, prompt_hash, category, prod_model, shadow_model, "
                    + "cost_usd) VALUES ('t21-spent', now(), 1, 'reasoning', 'openai/sim-good', 'cand-t21-earlier', 0.05)");
            ShadowOutcomes spent = ShadowOutcomes.since(pg.dataSource(), Instant.EPOCH);
            Thread.sleep(1500); // the next read of the spend is due when the next event arrives
            List<String> second = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                second.add(event("t21-over-" + i, T0 + 10_000 + i * 1000, "cand-t21",
                        i % 2 == 0 ? "reasoning" : "factual_qa", "o " + i));
            }
            produce(topic, second);
            Eventually.within(Duration.ofSeconds(60), () -> delta(spent).accounted() == second.size());
            Thread.sleep(1000); // nothing more may arrive: each event in exactly one place
            ShadowOutcomes overBudget = delta(spent);
            assertThat(overBudget).isEqualTo(new ShadowOutcomes(0, 0, 0, 0, 0, second.size()));
            // sampled = scored + failed + dead-lettered + shed, over both parts
            assertThat(SampledCount.since(kafka.bootstrapServers(), topic, Instant.EPOCH))
                    .isEqualTo(first.size() + second.size())
                    .isEqualTo(underBudget.accounted() + overBudget.accounted());
            assertThat(query("SELECT DISTINCT reason FROM shadow_dead_letters WHERE stage = 'shed' "
                    + "AND source_topic = 't21.requests' ORDER BY reason"))
                    .containsExactly("shed under overload (category factual_qa; daily budget)",
                            "shed under overload (category reasoning; daily budget)");
            assertThat(count("cand-t21")).isEqualTo(5);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void agreementMetricsAreRealBertScoreAndRougeLBetweenTheCandidateAndProductionAnswers() throws Exception {
        String topic = "t4.requests";
        String dlq = "t4.dlq";
        kafka.createTopics(1, topic, dlq);
        Path config = Path.of("..", "config");
        ScoringComponents real = new FakeScoringComponents(0, 0).withAgreementMetrics(
                CoreTextMetricsFactory.of(new ConfigLoader().load(config).scorer(), config));
        JobClient job = start(topic, dlq, "t4", options(), new Configuration(), real);
        try {
            // production answered "a fine production answer"; "[echo] X" makes the candidate answer X
            produce(topic, List.of(
                    event("t4-same", T0, "cand-agree", "factual_qa", "[echo] a fine production answer"),
                    event("t4-close", T0 + 1000, "cand-agree", "factual_qa", "[echo] a fine answer from production"),
                    event("t4-other", T0 + 2000, "cand-agree", "factual_qa",
                            "[echo] Bananas are yellow because of carotenoids.")));
            Eventually.within(Duration.ofSeconds(90), () -> count("cand-agree") == 3);
            List<String> rows = query("SELECT event_id || '|' || agreement_bertscore_f1 || '|' || agreement_rouge_l_f1"
                    + " FROM shadow_evals WHERE shadow_model = 'cand-agree' ORDER BY ts");
            double[] bert = new double[3];
            double[] rouge = new double[3];
            for (int i = 0; i < 3; i++) {
                String[] cols = rows.get(i).split("\\|");
                bert[i] = Double.parseDouble(cols[1]);
                rouge[i] = Double.parseDouble(cols[2]);
            }
            assertThat(bert[0]).isCloseTo(1.0, within(1e-3));
            assertThat(rouge[0]).isCloseTo(1.0, within(1e-9));
            // LCS "a fine production" (or "a fine answer"): P = 3/5, R = 3/4
            assertThat(rouge[1]).isCloseTo(2 * 0.6 * 0.75 / (0.6 + 0.75), within(1e-6));
            assertThat(rouge[2]).isZero();
            assertThat(bert[1]).isLessThan(bert[0] - 0.01).isGreaterThan(bert[2]);
            assertThat(bert[2]).isBetween(0.0, 0.9);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void pairwiseJudgingRunsThroughTheSharedOperatorsAndBertScoreOffLeavesOnlyRougeL() throws Exception {
        String topic = "t5.requests";
        String dlq = "t5.dlq";
        kafka.createTopics(1, topic, dlq);
        JobClient job = start(topic, dlq, "t5",
                options(JudgeMode.PAIRWISE, new AgreementOptions(false, 32, 100)), new Configuration());
        try {
            produce(topic, List.of(
                    event("t5-tie", T0, "cand-pair", "reasoning", "q"),
                    event("t5-worse", T0 + 1000, "cand-pair", "reasoning", "q [bad]"),
                    event("t5-infer", T0 + 2000, "cand-pair", "reasoning", "q [infer-fail]")));
            Eventually.within(Duration.ofSeconds(60), () -> count("cand-pair") == 2);
            assertThat(query("SELECT event_id, round(prod_score::numeric, 2), round(delta::numeric, 3),"
                    + " agreement_bertscore_f1 IS NULL, agreement_rouge_l_f1 IS NOT NULL FROM shadow_evals"
                    + " WHERE shadow_model = 'cand-pair' ORDER BY ts"))
                    .containsExactly("t5-tie|0.90|0.000|true|true", "t5-worse|0.90|-0.600|true|true");
            assertThat(readDeadLetters(dlq, 1)).extracting(n -> n.get("reason").asText())
                    .singleElement().asString().startsWith("candidate inference failed after 3 attempt(s)");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Issue 18 items 3 and 6 against the real broker: records that once stopped the job for good
     * (300 KB of 0x01 bytes: a 1.8 MB dead letter after JSON escaping, over Kafka's 1 MiB limit),
     * binary, invalid UTF-8 and escape-heavy text, and events whose ts would poison the watermark
     * (ten years ahead) or reopen windows long gone. Each becomes one bounded dead letter with its
     * reason, size and hash; the job never restarts (restarts are off here: any failure would end it)
     * and the windows after the poison still fire with their own events.
     */
    @Test
    void hostileRecordsBecomeBoundedDeadLettersAndTheJobAndItsWindowsKeepWorking() throws Exception {
        String topic = "t6.requests";
        String dlq = "t6.dlq";
        kafka.createTopics(1, topic, dlq);
        JobClient job = start(topic, dlq, "t6", options(), new Configuration());
        try {
            byte[] controlBytes = new byte[300_000];
            java.util.Arrays.fill(controlBytes, (byte) 0x01);
            byte[] binary = new byte[200_000];
            new java.util.Random(6).nextBytes(binary);
            byte[] invalidUtf8 = {'{', (byte) 0xC3, '(', (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
                    '}'};
            byte[] quotes = "\"".repeat(900_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long now = System.currentTimeMillis();
            byte[] future = utf8(event("t6-future", now + Duration.ofDays(3653).toMillis(), "cand-t6", "reasoning", "q"));
            byte[] ancient = utf8(event("t6-ancient", 1_000L, "cand-t6", "reasoning", "q"));
            List<byte[]> hostile = List.of(controlBytes, binary, invalidUtf8, quotes, future, ancient);

            List<byte[]> records = new ArrayList<>();
            records.add(utf8(event("t6-w0a", T0 + 10_000, "cand-t6", "reasoning", "before")));
            records.add(utf8(event("t6-w0b", T0 + 20_000, "cand-t6", "reasoning", "before")));
            records.addAll(hostile);
            for (int w = 1; w <= 2; w++) {
                records.add(utf8(event("t6-w" + w + "a", T0 + w * MIN + 10_000, "cand-t6", "reasoning", "after")));
                records.add(utf8(event("t6-w" + w + "b", T0 + w * MIN + 20_000, "cand-t6", "reasoning", "after")));
            }
            // moves the watermark past windows 0..2 (an accepted future event would have done so at once)
            records.add(utf8(event("t6-flush", T0 + 30 * MIN, "cand-t6-flush", "reasoning", "flush")));
            produceBytes(topic, records);

            Eventually.within(Duration.ofSeconds(60), () -> count("cand-t6") == 6
                    && query("SELECT count(*) FROM drift_windows WHERE shadow_model = 'cand-t6'").equals(List.of("3")));
            assertThat(query("SELECT n FROM drift_windows WHERE shadow_model = 'cand-t6' ORDER BY window_start"))
                    .as("every window after the poison fired with its own two events").containsExactly("2", "2", "2");
            assertThat(job.getJobStatus().get()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);

            List<JsonNode> letters = readDeadLetters(dlq, hostile.size());
            for (JsonNode l : letters) {
                byte[] original = hostile.get((int) l.get("offset").asLong() - 2);
                assertThat(l.get("payload_bytes").asLong()).isEqualTo(original.length);
                assertThat(l.get("payload_sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(original)));
                assertThat(l.get("reason").asText()).isNotBlank();
            }
            assertThat(letters).extracting(l -> l.get("offset").asLong() + " " + l.get("payload_encoding").asText()
                    + " " + l.get("payload_truncated").asBoolean())
                    .containsExactlyInAnyOrder("2 base64 true", "3 base64 true", "4 base64 false", "5 base64 true",
                            "6 utf-8 false", "7 utf-8 false");
            assertThat(letters).extracting(l -> l.get("reason").asText())
                    .anySatisfy(r -> assertThat(r).startsWith("field ts is").contains("ahead of the clock"))
                    .anySatisfy(r -> assertThat(r).startsWith("field ts is").contains("max_event_age"));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A dead letter the broker refuses (here: a DLQ topic whose max.message.bytes is smaller than
     * any record) is counted and logged by the sink, not a job failure: the job keeps scoring.
     */
    @Test
    void aDeadLetterTheBrokerRefusesDoesNotFailTheJob() throws Exception {
        String topic = "t7.requests";
        String dlq = "t7.dlq";
        kafka.createTopics(1, topic);
        Properties admin = new Properties();
        admin.put("bootstrap.servers", kafka.bootstrapServers());
        try (var client = org.apache.kafka.clients.admin.Admin.create(admin)) {
            client.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(dlq, 1, (short) 1)
                    .configs(java.util.Map.of("max.message.bytes", "64")))).all().get();
        }
        JobClient job = start(topic, dlq, "t7", options(), new Configuration());
        try {
            produce(topic, List.of("{not json", event("t7-1", T0 + 1000, "cand-t7", "safety", "q")));
            Eventually.within(Duration.ofSeconds(60), () -> count("cand-t7") == 1);
            Thread.sleep(1000); // the refused write's callback has long run by now
            assertThat(job.getJobStatus().get()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
            produce(topic, List.of(event("t7-2", T0 + 2000, "cand-t7", "safety", "q")));
            Eventually.within(Duration.ofSeconds(60), () -> count("cand-t7") == 2);
        } finally {
            job.cancel().get();
        }
    }

    // ---- helpers

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void produceBytes(String topic, List<byte[]> values) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get(); // in order, and fail loudly if refused
            }
        }
    }

    private static ShadowJobOptions options() {
        return options(JudgeMode.POINTWISE, AgreementOptions.defaults());
    }

    private static ShadowJobOptions options(JudgeMode mode, AgreementOptions agreement) {
        return new ShadowJobOptions(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMillis(500), mode, false,
                new DriftRule(0.72, 3, -0.05, Duration.ofMinutes(60).toMillis()),
                new AsyncCallOptions(8, 30_000), agreement, Environment.SLACK_WEBHOOK_URL, 4, 50, 50, 100);
    }

    private static JobClient start(String topic, String dlq, String group, ShadowJobOptions opts, Configuration conf)
            throws Exception {
        return start(topic, dlq, group, opts, conf, new FakeScoringComponents(0, 0));
    }

    private static JobClient start(String topic, String dlq, String group, ShadowJobOptions opts, Configuration conf,
                                   ScoringComponents components) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        var conn = ShadowJdbcSinks.connection(pg.jdbcUrl(), "postgres", null);
        var exec = ShadowJdbcSinks.execution(opts.jdbcBatchSize(), opts.jdbcBatchIntervalMs());
        ShadowSinks sinks = ShadowSinks.jdbcAndKafka(conn, exec, kafka.bootstrapServers(), dlq);
        return new ShadowScoringJob(ShadowKafka.source(kafka.bootstrapServers(), topic, group), sinks,
                components, opts, HISTORIC).executeAsync(env);
    }

    static String event(String id, long ts, String candidate, String category, String prompt) {
        return "{\"event_id\":\"" + id + "\",\"ts\":" + ts + ",\"prompt\":\"" + prompt + "\",\"prompt_hash\":"
                + prompt.hashCode() + ",\"category\":\"" + category + "\",\"prod_model\":\"openai/sim-good\","
                + "\"prod_response\":\"a fine production answer\",\"prod_latency_ms\":20,\"candidate_model\":\""
                + candidate + "\"}";
    }

    /** A schema-2 event: a system prompt and the prompt as the last user message (role of that message given). */
    static String eventV2(String id, long ts, String candidate, String category, String prompt, String userRole) {
        return event(id, ts, candidate, category, prompt).replaceFirst("}$", ",\"schema_version\":2,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be precise.\"},{\"role\":\"" + userRole + "\",\"content\":\""
                + prompt + "\"}],\"params\":{\"temperature\":0.2,\"max_tokens\":64},\"endpoint\":\"/chat\"}");
    }

    private static void produce(String topic, List<String> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v));
            }
            producer.flush();
        }
    }

    private static List<JsonNode> readDeadLetters(String topic, int expected) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(utf8(r.value()).length).as("a dead letter is bounded").isLessThan(DeadLetter.MAX_JSON_BYTES);
                    out.add(Json.mapper().readTree(r.value()));
                }
            }
            // a short extra poll: more than expected would be a bug
            for (var r : consumer.poll(Duration.ofSeconds(1))) {
                out.add(Json.mapper().readTree(r.value()));
            }
        }
        assertThat(out).hasSize(expected);
        return out;
    }

    private static long count(String model) {
        return Long.parseLong(query("SELECT count(*) FROM shadow_evals WHERE shadow_model = '" + model + "'").get(0));
    }

    private static List<String> query(String sql) {
        try (Connection c = pg.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<String> rows = new ArrayList<>();
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= cols; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(b.toString().replace("|t", "|true").replace("|f", "|false")
                        .replaceFirst("^t\\|", "true|").replaceFirst("^f\\|", "false|"));
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
