package dev.driftgate.flink.eval;

import dev.driftgate.flink.ops.AsyncCalls;
import dev.driftgate.flink.ops.CompositeScoreFunction;
import dev.driftgate.flink.ops.EvalItem;
import dev.driftgate.flink.ops.EvalItemSteps;
import dev.driftgate.flink.ops.TextMetricsOperator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The bounded evaluation job: golden examples -> async inference on the model under test ->
 * ROUGE-L + batched BERTScore -> async judge with reference -> composite -> every example back to
 * the caller (collected through Flink's collect sink, so it works the same on a local MiniCluster
 * and on a remote cluster). The caller aggregates ({@link EvalRunAssembler}).
 *
 * <p>Source and sink come in through the constructor (the Flink training style): the examples and a
 * consumer that sees each finished example as it arrives (progress, collection).
 */
public final class BatchEvalJob {
    private final List<EvalItem> source;
    private final Consumer<EvalItem> sink;
    private final BatchEvalOptions options;
    private final EvalSpec spec;
    private volatile JobClient jobClient;
    private volatile boolean cancelled;

    public BatchEvalJob(List<EvalItem> source, Consumer<EvalItem> sink, BatchEvalOptions options, EvalSpec spec) {
        this.source = List.copyOf(source);
        this.sink = sink;
        this.options = options;
        this.spec = spec;
    }

    /** The operator chain, shared by tests and by {@link #execute}. */
    public static DataStream<EvalItem> pipeline(DataStream<EvalItem> examples, EvalSpec spec, BatchEvalOptions options) {
        var calls = options.calls();
        // one attempt per example in every call stage: core's model clients retry (inference.max_retries)
        DataStream<EvalItem> answered = AsyncCalls.wireOnce(examples,
                EvalItemSteps.inference(spec.inferenceClients(), spec.inference(), calls), calls, EvalItem.class,
                "inference");
        DataStream<EvalItem> scored = answered.transform("rouge-l+bertscore", TypeInformation.of(EvalItem.class),
                new TextMetricsOperator<>(spec.metrics(), new EvalItemSteps.AnswerVsReference(),
                        new EvalItemSteps.MetricsMerger(), options.bertBatchSize(), 200)).uid("text-metrics");
        DataStream<EvalItem> judged = AsyncCalls.wireOnce(scored,
                EvalItemSteps.judge(spec.judgeClients(), spec.judges(), calls), calls, EvalItem.class, "judge");
        return judged.map(new CompositeScoreFunction(spec.weights())).name("composite").uid("composite");
    }

    /** Builds the environment: runtime mode, parallelism, and no restarts (a failed call is a failed example). */
    public StreamExecutionEnvironment environment(Configuration extra) {
        Configuration conf = new Configuration(extra);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(options.mode());
        env.setParallelism(options.parallelism());
        return env;
    }

    /** Runs the job to the end (or until {@link #cancel()}); returns how many examples came back. */
    public int execute(Configuration extra) throws Exception {
        StreamExecutionEnvironment env = environment(extra);
        DataStream<EvalItem> examples = env.fromData(TypeInformation.of(EvalItem.class), source.toArray(EvalItem[]::new))
                .name("golden-dataset");
        CloseableIterator<EvalItem> results = pipeline(examples, spec, options).collectAsync();
        jobClient = env.executeAsync("driftgate-batch-eval");
        if (cancelled) {
            jobClient.cancel();
        }
        int n = 0;
        try (results) {
            while (results.hasNext()) {
                sink.accept(results.next());
                n++;
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                throw e;
            }
        }
        if (!cancelled) {
            jobClient.getJobExecutionResult().get();
        }
        return n;
    }

    /** Stops the running job (Ctrl-C); {@link #execute} returns with what arrived so far. */
    public void cancel() {
        cancelled = true;
        JobClient client = jobClient;
        if (client != null) {
            client.cancel();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }
}
