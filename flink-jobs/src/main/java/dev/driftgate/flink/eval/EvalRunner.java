package dev.driftgate.flink.eval;

import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.ScorerConfig;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.scoring.RunAggregator;
import dev.driftgate.core.run.RunParameters;
import dev.driftgate.core.run.RunTags;
import dev.driftgate.core.store.RunStore;
import dev.driftgate.flink.ops.AsyncCallOptions;
import dev.driftgate.core.text.Names;
import dev.driftgate.flink.ops.CoreTextMetricsFactory;
import dev.driftgate.flink.ops.EvalItem;
import dev.driftgate.flink.ops.JudgeFactory;
import dev.driftgate.flink.ops.LlmClientFactory;
import dev.driftgate.flink.ops.LlmJudgeFactory;
import dev.driftgate.flink.ops.ModelClientFactory;
import dev.driftgate.flink.ops.TextMetricsFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;

/**
 * One evaluation end to end: load the dataset, run {@link BatchEvalJob}, assemble the
 * {@link EvalRun}, write scores.json atomically and record the run in the {@link RunStore}. The CLI
 * and the tests both go through here. {@link #cancel()} (Ctrl-C) stops the job; the examples that
 * finished are still written, with status "aborted".
 */
public final class EvalRunner {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What to evaluate and where results go. Nulls mean "from config". */
    public record Request(Path configDir, DriftgateConfig config, Path dataset, String model,
                          Map<String, String> tags, Integer concurrency, Integer limit, Path outDir,
                          Map<String, String> endpointOverrides, Integer prNumber, RuntimeExecutionMode mode,
                          int parallelism) {
    }

    /** Sees the run as it goes (progress bars). */
    public interface Listener {
        default void started(String runId, int total) {
        }

        default void example(EvalItem item) {
        }
    }

    /** The parts the job builds on the task managers; tests and benchmarks may swap them. */
    public record Parts(ModelClientFactory inferenceClients, ModelClientFactory judgeClients, JudgeFactory judges,
                        TextMetricsFactory metrics) {

        /**
         * LangChain4j clients (endpoints from the environment plus overrides) behind the response
         * cache ({@code cache} null: none), core's LLM judge and metrics.
         */
        public static Parts real(DriftgateConfig config, Path configDir, Map<String, String> endpointOverrides,
                                 LlmClientFactory.ResponseCacheTarget cache) {
            ScorerConfig scorer = config.scorer();
            return new Parts(LlmClientFactory.of(scorer, endpointOverrides, scorer.inference().maxRetries()).withCache(cache),
                    LlmClientFactory.of(scorer, endpointOverrides, scorer.inference().maxRetries()).withCache(cache),
                    LlmJudgeFactory.of(config, configDir), CoreTextMetricsFactory.of(scorer, configDir));
        }
    }

    private final RunStore store;
    private final Clock clock;
    private final Map<String, String> env;
    private volatile BatchEvalJob job;
    private volatile boolean cancelled;

    public EvalRunner(RunStore store, Clock clock, Map<String, String> env) {
        this.store = store;
        this.clock = clock;
        this.env = env;
    }

    public EvalRun run(Request request, Parts parts, Listener listener) throws Exception {
        DriftgateConfig config = request.config();
        ScorerConfig scorer = config.scorer();
        GoldenDataset dataset = GoldenDataset.load(request.dataset(), config.dataset()).limit(request.limit());
        String model = request.model() != null ? request.model() : config.modelVersion().currentModel();
        // both are printed, stored and rendered into Markdown and Slack: refuse control characters here
        Names.requireModel("--model", model);
        Names.requireTags("--tag", request.tags());
        int concurrency = request.concurrency() != null ? request.concurrency() : scorer.inference().concurrency();
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
        }
        BatchEvalOptions options = BatchEvalOptions.of(request.mode(), request.parallelism(), concurrency,
                AsyncCallOptions.budgetMs(scorer),
                scorer.bertscore().batchSize());
        EvalSpec spec = EvalSpec.from(config, model, parts.inferenceClients(), parts.judgeClients(), parts.judges(),
                parts.metrics());

        Instant startedAt = clock.instant();
        String runId = "run-" + RUN_ID_TIME.format(startedAt) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> tags = new LinkedHashMap<>(scorer.tracking().defaultTags());
        tags.putAll(request.tags());
        String gitSha = RunContext.gitSha(env, Path.of("").toAbsolutePath());
        Integer pr = RunContext.prNumber(request.prNumber(), env);
        Map<String, String> endpointEnv = new LinkedHashMap<>(env);
        if (request.endpointOverrides() != null) {
            endpointEnv.putAll(request.endpointOverrides());
        }
        Map<String, String> params = RunParameters.of(config, new RunParameters.Inputs(request.configDir(), model,
                scorer.judge().model(), dataset.version(), request.limit(), RunTags.SIMULATED.equals(tags.get(RunTags.MODELS)),
                endpointEnv, gitSha, pr));
        RunMetadata meta = new RunMetadata(runId, gitSha, pr, model, scorer.judge().model(),
                config.modelVersion().promptTemplateVersion(), config.modelVersion().systemPromptHash(),
                dataset.version(), config.configHash(), tags, params);

        List<EvalItem> items = dataset.examples().stream().map(EvalItem::of).toList();
        List<EvalItem> results = Collections.synchronizedList(new ArrayList<>(items.size()));
        listener.started(runId, items.size());
        BatchEvalJob evalJob = new BatchEvalJob(items, item -> {
            results.add(item);
            listener.example(item);
        }, options, spec);
        job = evalJob;
        if (cancelled) {
            evalJob.cancel();
        }
        evalJob.execute(new Configuration());
        boolean aborted = evalJob.cancelled() || results.size() < items.size();

        EvalRun run = new EvalRunAssembler(new RunAggregator(scorer.categoryWeights()),
                scorer.inference().maxFailedFraction()).assemble(meta, startedAt, clock.instant(),
                new ArrayList<>(results), aborted);
        ScoresFile.write(request.outDir(), run);
        if (store != null) {
            store.saveRun(run);
        }
        return run;
    }

    /** Ctrl-C: stop the running job; {@link #run} then records what finished as an aborted run. */
    public void cancel() {
        cancelled = true;
        BatchEvalJob current = job;
        if (current != null) {
            current.cancel();
        }
    }
}
