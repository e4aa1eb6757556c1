package dev.driftgate.cli.eval;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StoreOption;
import dev.driftgate.cli.cluster.ClusterJobs;
import dev.driftgate.core.cache.CacheMode;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.llm.ModelClients;
import dev.driftgate.core.llm.ModelProbe;
import dev.driftgate.core.text.Names;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.RunTags;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.scoring.CategoryScore;
import dev.driftgate.core.scoring.ModelUsage;
import dev.driftgate.core.run.EvalSummary;
import dev.driftgate.core.store.Database;
import dev.driftgate.flink.eval.EvalRunner;
import dev.driftgate.flink.eval.GoldenDataset;
import dev.driftgate.flink.ops.LlmClientFactory;
import dev.driftgate.local.db.EmbeddedDatabase;
import dev.driftgate.local.sim.LlmSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate eval}: the golden dataset through the bounded Flink job on a local MiniCluster,
 * then scores_output/scores.json and the run in PostgreSQL. Exit 0 completed, 1 invalid input,
 * 2 more examples failed than inference.max_failed_fraction allows, 130 interrupted (recorded as an
 * aborted run).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on the golden dataset (Flink batch job) and record the run.")
public final class EvalCommand extends EnvironmentAware implements Callable<Integer> {
    /** Endpoint variables (never keys) an injected environment hands to the job's model clients. */
    static final List<String> ENDPOINT_VARIABLES = List.of(Environment.OPENAI_BASE_URL, Environment.ANTHROPIC_BASE_URL,
            Environment.OLLAMA_BASE_URL);

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "PROVIDER/MODEL",
            description = "Model under test (default: DRIFTGATE_MODEL, else current_model of model_version.yaml).")
    String model;

    @Option(names = "--judge-model", paramLabel = "PROVIDER/MODEL",
            description = "Judge model (default: DRIFTGATE_JUDGE_MODEL, else judge.model of scorer_config.yaml).")
    String judgeModel;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "Golden dataset JSONL (default: paths.golden of dataset_config.yaml).")
    Path dataset;

    @Option(names = "--tag", paramLabel = "KEY=VALUE",
            description = "Run tag, repeatable (default tags from tracking.default_tags: env=ci).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--concurrency", paramLabel = "N", description = "Model calls in flight per stage "
            + "(default: inference.concurrency).")
    Integer concurrency;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate N examples, round-robin over categories.")
    Integer limit;

    static final class CacheFlags {
        @Option(names = "--no-cache", description = "Neither read nor write the response cache.")
        boolean noCache;

        @Option(names = "--cache-only", description = "Answer only from the response cache; a miss fails the example.")
        boolean cacheOnly;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    CacheFlags cache = new CacheFlags();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "scores_output",
            description = "Where scores.json goes. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--pr", paramLabel = "N", description = "Pull request number (default: from GITHUB_EVENT_PATH).")
    Integer pr;

    @Mixin
    ConfigDirOption.WithLegacyAlias configDirOption = new ConfigDirOption.WithLegacyAlias();

    @Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--sim", description = "Start the in-process LLM simulator (config/simulator.yaml) and point "
            + "OPENAI_BASE_URL at it.")
    boolean sim;

    @Option(names = "--mode", defaultValue = "BATCH", description = "Flink runtime mode: BATCH or STREAMING.")
    RuntimeExecutionMode mode;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N", description = "Flink parallelism.")
    int parallelism;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Submit the job jar to this Flink "
            + "cluster's JobManager (REST address) with Flink's client instead of a local MiniCluster.")
    String cluster;

    @Option(names = "--job-jar", paramLabel = "FILE", description = "--cluster only: the job jar (default: "
            + "flink-jobs/target/driftgate-flink-job.jar).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        if (concurrency != null && concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be >= 1, got " + concurrency);
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 1, got " + limit);
        }
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be >= 1, got " + parallelism);
        }
        Path configDir = configDirOption.dir();
        DriftgateConfig config = new ConfigLoader().load(configDir);
        Environment env = environment();
        String judge = judgeModel != null ? judgeModel : env.get(Environment.JUDGE_MODEL).orElse(null);
        if (judge != null) {
            config = config.withJudgeModel(judge);
        }
        String candidate = model != null ? model : env.get(Environment.MODEL).orElse(null);
        try {
            // before anything prints a name or calls a model: a control character must not reach the terminal
            if (candidate != null) {
                Names.requireModel(model != null ? "--model" : Environment.MODEL, candidate);
            }
            if (judge != null) {
                Names.requireModel(judgeModel != null ? "--judge-model" : Environment.JUDGE_MODEL, judge);
            }
            Names.requireTags("--tag", tags);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sim) {
            // the scorecard puts a "simulated models" banner on runs with this tag
            tags.putIfAbsent(RunTags.MODELS, RunTags.SIMULATED);
        }
        Path datasetPath = dataset != null ? dataset : Path.of(config.dataset().paths().golden());
        if (cluster != null) {
            return onCluster(configDir, datasetPath);
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        CacheMode cacheMode = CacheMode.fromFlags(cache.noCache, cache.cacheOnly);

        LlmSimulator simulator = null;
        Map<String, String> endpoints = new LinkedHashMap<>();
        // an injected environment does not reach the task managers by itself: ship its endpoints (never keys)
        ENDPOINT_VARIABLES.forEach(name -> env.get(name).ifPresent(v -> endpoints.put(name, v)));
        try (RecordingStore recording = RecordingStore.open(store, env, err)) {
            if (sim) {
                // the simulator config names the dataset relative to the repository root (config/..)
                simulator = LlmSimulator.fromConfig(configDir.resolve("simulator.yaml"),
                        configDir.toAbsolutePath().normalize().getParent()).start(0);
                endpoints.put("OPENAI_BASE_URL", simulator.baseUrl());
                err.println("simulator on " + simulator.baseUrl());
            }
            LlmClientFactory.ResponseCacheTarget cacheTarget = cacheTarget(recording, cacheMode, env);
            if (cacheTarget != null && cacheTarget.directory() != null) {
                err.println("response cache: " + cacheTarget.directory());
            }
            if (cacheMode != CacheMode.CACHE_ONLY) {
                try {
                    GoldenDataset.load(datasetPath, config.dataset()); // bad input is exit 1, before any model call
                } catch (GoldenDataset.InvalidDatasetException | IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                probe(config, candidate, endpoints, cacheTarget);
            }
            EvalRunner runner = new EvalRunner(recording, Clock.systemUTC(), environment().asMap());
            EvalRunner.Request request = new EvalRunner.Request(configDir, config, datasetPath, candidate, tags,
                    concurrency, limit, out, endpoints, pr, mode, parallelism);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                err.println();
                err.println("interrupted: stopping the job and recording the run as aborted...");
                err.flush();
                runner.cancel();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "eval-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
            EvalRun run;
            try (AutoCloseable recordEvenOnCtrlC = EmbeddedDatabase.holdOpenDuringShutdown();
                 EvalProgress progress = new EvalProgress(err, System.console() != null)) {
                run = runner.run(request, EvalRunner.Parts.real(config, configDir, endpoints, cacheTarget), progress);
            } catch (GoldenDataset.InvalidDatasetException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the JVM is exiting and the hook is running
                }
            }
            printSummary(outWriter, run, out.resolve(ScoresFile.NAME), recording.describe());
            if (run.status() != EvalRun.Status.ABORTED && recording.database().isPresent()) {
                RunAlerts.check(recording.database().get().dataSource(), config.scorer(), environment().asMap(), run, err);
            }
            return switch (run.status()) {
                case ABORTED -> ExitCodes.INTERRUPTED;
                case TOO_MANY_FAILURES -> ExitCodes.UNDECIDED;
                case COMPLETED -> ExitCodes.OK;
            };
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /**
     * EvalJobMain through Flink's client. What the MiniCluster path adds in this JVM (the simulator,
     * run tags, the response cache, STREAMING mode) is not part of the job's entry point, so asking
     * for it is an error rather than silently dropped.
     */
    private int onCluster(Path configDir, Path datasetPath) {
        if (sim || !tags.isEmpty() || cache.noCache || cache.cacheOnly || mode != RuntimeExecutionMode.BATCH) {
            throw new ParameterException(spec.commandLine(), "--cluster runs EvalJobMain as `flink run` would: "
                    + "--sim, --tag, --no-cache/--cache-only and --mode are not available with it (start the cluster "
                    + "with OPENAI_BASE_URL set for a simulator: driftgate sim-llm)");
        }
        List<String> args = ClusterJobs.jobArgs("dataset", datasetPath.toAbsolutePath(), "config",
                configDir.toAbsolutePath(), "output", out.toAbsolutePath(), "model", model, "limit", limit,
                "concurrency", concurrency, "parallelism", parallelism, "pr", pr);
        PrintWriter err = spec.commandLine().getErr();
        int code = ClusterJobs.eval(cluster, jobJar != null ? jobJar : ClusterJobs.DEFAULT_JOB_JAR, configDir, args,
                out.toAbsolutePath(), err);
        Path scores = out.resolve(ScoresFile.NAME);
        if (code != ExitCodes.INTERRUPTED && java.nio.file.Files.exists(scores)) {
            printSummary(spec.commandLine().getOut(), ScoresFile.read(scores), scores,
                    environment().get(Environment.DB_URL).isPresent() ? Environment.DB_URL : "no store (set "
                            + Environment.DB_URL + " to record the run)");
        }
        return code;
    }

    /** Fails fast, once, when the model or the judge does not exist (see {@link ModelProbe}). */
    private void probe(DriftgateConfig config, String candidate, Map<String, String> endpoints,
                       LlmClientFactory.ResponseCacheTarget cacheTarget) {
        String inferenceModel = candidate != null ? candidate : config.modelVersion().currentModel();
        // the job's own client stack, cache included: a rerun answered from the cache makes no call at all
        try (ModelClients clients = (ModelClients) LlmClientFactory.of(config.scorer(), endpoints,
                config.scorer().inference().maxRetries()).withCache(cacheTarget).create()) {
            ModelProbe probe = new ModelProbe(clients, clients.settings());
            probe.check("candidate", inferenceModel);
            probe.check("judge", config.scorer().judge().model());
        }
    }

    /**
     * The shared database cache when an external store is reachable; otherwise files under
     * $DRIFTGATE_HOME/cache, which CI restores and saves with actions/cache (an identical rerun makes
     * no model call without any database).
     */
    private LlmClientFactory.ResponseCacheTarget cacheTarget(RecordingStore recording, CacheMode mode, Environment env) {
        if (mode == CacheMode.NO_CACHE) {
            return null;
        }
        if (env.get(Environment.DB_URL).isEmpty() || recording.database().isEmpty()) {
            return LlmClientFactory.ResponseCacheTarget.directory(store.stateDir().resolve(env).resolve("cache"), mode);
        }
        Database db = recording.database().get();
        if (db.dataSource() instanceof PGSimpleDataSource ds) {
            return new LlmClientFactory.ResponseCacheTarget(ds.getURL(), ds.getUser(), mode);
        }
        throw new IllegalStateException("the response cache needs a PostgreSQL data source, got "
                + db.dataSource().getClass().getName());
    }

    static void printSummary(PrintWriter out, EvalRun run, Path scores, String store) {
        out.print(EvalSummary.render(run, scores.toString(), store));
        out.flush();
    }
}
