package dev.driftgate.flink.shadow;

import dev.driftgate.core.shadow.ShadowEval;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.flink.ops.AsyncCalls;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import dev.driftgate.flink.ops.TextMetricsOperator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * The streaming shadow-scoring job: sampled live requests in, production vs candidate scored by the
 * judge, rows in shadow_evals, event-time windows in drift_windows, drift alerts to the alerts table
 * and Slack, unscorable events to the dead-letter topic with the reason. Never fails on bad input.
 *
 * <pre>
 * source -> parse --(bad, or ts beyond max_future_skew / max_event_age)--> DLQ
 *             | event-time watermarks (bounded out-of-orderness, idleness)
 *          shed-overload (lag gauges; overload.shed: keyed-hash shedding; overload.daily_budget_usd: capped
 *             by today's shadow_evals.cost_usd) --(shed)--> shadow_dead_letters (stage shed)
 *          candidate inference -> judge (prod, shadow | pairwise) -> agreement (ROUGE-L, batched BERTScore)
 *             | (shared dev.driftgate.flink.ops operators)  --(judge failed / inference failed)--> DLQ
 *             |-> shadow_evals (upsert)
 *             |-> keyBy(model, category) -> tumbling window -> drift_windows (upsert)
 *                                                 |-> DriftDetector -> async Slack -> alerts (upsert)
 * </pre>
 */
public final class ShadowScoringJob {
    private final Source<RawRecord, ?, ?> source;
    private final ShadowSinks sinks;
    private final ScoringComponents components;
    private final ShadowJobOptions options;
    private final EventTimeBounds eventTime;

    public ShadowScoringJob(Source<RawRecord, ?, ?> source, ShadowSinks sinks, ScoringComponents components,
                            ShadowJobOptions options, EventTimeBounds eventTime) {
        this.source = source;
        this.sinks = sinks;
        this.components = components;
        this.options = options;
        this.eventTime = eventTime;
    }

    /** Adds the pipeline to env (STREAMING, checkpointed). */
    public void build(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(options.checkpointInterval().toMillis());

        SingleOutputStreamOperator<ParsedEvent> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "shadow-requests").uid("shadow-requests")
                .process(new ParseShadowEvents(eventTime)).name("parse-events").uid("parse-events");

        DataStream<ParsedEvent> timed = parsed.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<ParsedEvent>forBoundedOutOfOrderness(options.outOfOrderness())
                                .withTimestampAssigner((p, previous) -> p.event().ts())
                                .withIdleness(options.idleness()))
                .name("event-time").uid("event-time");

        // always in the graph (same uid whether shedding is on or off): it reports the lags, and sheds when enabled
        // a daily budget reads today's spend from the database the sinks write shadow_evals to
        SpendSource spend = options.overload().budgeted() ? new JdbcSpendSource(sinks.alertsDb()) : null;
        SingleOutputStreamOperator<ParsedEvent> kept = timed.process(new ShedOverload(options.overload(), spend))
                .name("shed-overload").uid("shed-overload");

        SingleOutputStreamOperator<ScoredEvent> scored = scoring(kept)
                .process(new SplitScored(options.storeRawPrompts(), options.windowSize().toMillis()))
                .name("split-dead-letters").uid("split-dead-letters");

        scored.sinkTo(sinks.evals()).name("shadow-evals-sink").uid("shadow-evals-sink");

        SingleOutputStreamOperator<DriftWindow> windows = scored
                .filter(ScoredEvent::onTime).name("on-time").uid("on-time")
                .map(ScoredEvent::eval).returns(ShadowEval.class).name("evals").uid("evals")
                .keyBy(e -> e.shadowModel() + "|" + e.category())
                .window(TumblingEventTimeWindows.of(options.windowSize()))
                .aggregate(new DriftWindowAggregate(), new DriftWindowAggregate.ToDriftWindow())
                .name("drift-windows").uid("drift-windows");
        windows.sinkTo(sinks.windows()).name("drift-windows-sink").uid("drift-windows-sink");

        SingleOutputStreamOperator<DriftAlert> alerts = windows.keyBy(DriftWindow::key)
                .process(new DriftDetector(options.driftRule())).name("drift-detector").uid("drift-detector");
        // ordered: an alert and its recovery must reach Slack in that order; alerts are rare, so it costs nothing
        SlackAlertFunction slack = new SlackAlertFunction(options.slackWebhookVariable(), options.slackMaxAttempts(),
                options.slackBackoffMillis(), sinks.alertsDb());
        AsyncDataStream.orderedWait(alerts, slack, slack.operatorTimeoutMs(), TimeUnit.MILLISECONDS, 100)
                .name("slack-notify").uid("slack-notify")
                .sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");

        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(ParseShadowEvents.DEAD_LETTERS)
                .union(scored.getSideOutput(ParseShadowEvents.DEAD_LETTERS));
        deadLetters.sinkTo(sinks.deadLetters()).name("dead-letter-sink").uid("dead-letter-sink");
        // counted per stage for `shadow report` (the topic keeps the payloads)
        // shed events are accounted as rows only (stage shed): readable events, not dead letters for the topic
        DataStream<DeadLetter> shed = kept.getSideOutput(ShedOverload.SHED)
                .map(DeadLetter::shed).returns(DeadLetter.class).name("shed-rows").uid("shed-rows");
        deadLetters.union(shed).sinkTo(sinks.deadLetterRows()).name("dead-letter-rows-sink")
                .uid("dead-letter-rows-sink");
    }

    /**
     * The shared async operators of {@code dev.driftgate.flink.ops}, as in the bounded job: candidate
     * inference, then the judge (one stage per answer, or one pairwise stage), each one attempt
     * per item (core's model clients retry, inference.max_retries); then the agreement metrics,
     * batched. The operator timeout is stretched to the clients' retry budget when the options'
     * is shorter, so Flink never cuts off a call its client is still retrying.
     */
    private DataStream<ShadowItem> scoring(DataStream<ParsedEvent> timed) {
        AsyncCallOptions calls = options.calls().atLeast(components.callBudgetMs());
        ModelClientFactory candidateClients = components.candidateClients();
        ModelClientFactory judgeClients = components.judgeClients();
        JudgeFactory judges = components.judges();
        DataStream<ShadowItem> items = timed.map(new ShadowItemSteps.Start(options.candidateOverrides())).name("items").uid("items");
        DataStream<ShadowItem> answered = AsyncCalls.wireOnce(items, ShadowItemSteps.candidate(candidateClients, calls),
                calls, ShadowItem.class, "candidate-inference");
        DataStream<ShadowItem> judged;
        if (options.judgeMode() == JudgeMode.PAIRWISE) {
            judged = AsyncCalls.wireOnce(answered, ShadowItemSteps.judgePair(judgeClients, judges, calls), calls,
                    ShadowItem.class, "judge-pairwise");
        } else {
            judged = answered;
            for (ShadowItemSteps.Side side : ShadowItemSteps.Side.values()) {
                judged = AsyncCalls.wireOnce(judged,
                        ShadowItemSteps.judgeOneAnswer(side, judgeClients, judges, calls), calls,
                        ShadowItem.class, "judge-" + side.name().toLowerCase(Locale.ROOT));
            }
        }
        AgreementOptions agreement = options.agreement();
        TextMetricsFactory metrics = agreement.bertscore() ? components.agreementMetrics()
                : components.agreementMetrics().withoutBertScore();
        return judged.transform("agreement-metrics", TypeInformation.of(ShadowItem.class),
                new TextMetricsOperator<>(metrics, new ShadowItemSteps.CandidateVsProduction(),
                        new ShadowItemSteps.AgreementMerger(), agreement.batchSize(), agreement.maxWaitMs()))
                .uid("agreement-metrics");
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync("driftgate-shadow-scoring");
    }
}
