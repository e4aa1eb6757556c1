package dev.driftgate.cli.demo;

import dev.driftgate.cli.DatasetInputOptions;
import dev.driftgate.cli.DriftgateCli;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StateDirOption;
import dev.driftgate.cli.dataset.DatasetBuildCommand;
import dev.driftgate.cli.local.StoreDatabase;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.DriftgateConfig;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.store.Database;
import dev.driftgate.flink.shadow.ShadowReport;
import dev.driftgate.local.sim.LlmSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code driftgate demo}: the whole flow on embedded parts, offline and without keys. It builds the
 * golden dataset, starts the LLM simulator, evaluates the production model and promotes it, shows
 * the gate blocking a degraded candidate and passing a good one, then (unless {@code --quick}) sends
 * live /chat traffic through the real gateway, scores the sampled share on the streaming job and
 * prints the shadow report. Everything lives under {@code <state-dir>/demo} with its own embedded
 * PostgreSQL, so the user's run history is never touched; every process it starts is stopped at the
 * end, on failure and on Ctrl-C. Every number printed comes from what ran.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Run the whole flow offline on embedded parts: dataset, simulator, eval + promote, the gate blocking "
                        + "a degraded model and passing a good one, then shadow traffic through the gateway and the "
                        + "streaming job.",
                "State lives in <state-dir>/demo (its own PostgreSQL); your run history is not touched.",
                "Exit codes: 0 the demo ran and every outcome was the expected one, 1 bad flags or an unexpected "
                        + "gate verdict, 2 a stage failed, 130 interrupted."})
public final class DemoCommand extends EnvironmentAware implements Callable<Integer> {
    static final String PRODUCTION_MODEL = "openai/sim-good";
    static final String DEGRADED_MODEL = "openai/sim-degraded";
    static final String CANDIDATE_MODEL = "openai/sim-candidate";

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetInputOptions input;

    /** The demo keeps everything in STATE_DIR/demo. */
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(names = "--quick", description = "Skip the shadow traffic stage (gateway, Kafka, streaming job).")
    boolean quick;

    @Option(names = "--keep", description = "Keep the demo's database and broker data afterwards and reuse them next "
            + "time (default: start from an empty demo directory and delete them at the end; artifacts stay).")
    boolean keep;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "40",
            description = "Examples per eval, round-robin over the categories (default: ${DEFAULT-VALUE}). With only a "
                    + "few per category the comparison is noisy and the good candidate may be blocked too.")
    int limit;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "300",
            description = "/chat requests sent through the gateway (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--shadow-pct", paramLabel = "PCT", defaultValue = "50",
            description = "Share of distinct prompts the gateway samples in the demo (config: shadow_pct, 5); "
                    + "higher so a few hundred requests give enough samples (default: ${DEFAULT-VALUE}).")
    double shadowPct;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "20",
            description = "Scored samples per category the shadow report needs before it can promote "
                    + "(config: promotion.min_samples, 200) (default: ${DEFAULT-VALUE}).")
    int minSamples;

    @Option(names = "--stream-timeout", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "Longest the streaming job runs before the report (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration streamTimeout;

    @Option(names = "--gateway-dir", paramLabel = "DIR", defaultValue = "ingress-gateway", hidden = true,
            description = "The built ingress-gateway module.")
    Path gatewayDir;

    @Override
    public Integer call() throws Exception {
        validateFlags();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        DriftgateConfig config = new ConfigLoader().load(input.configDir());
        Path demoDir = stateDir.resolve(environment()).resolve("demo").toAbsolutePath().normalize();
        if (!keep) {
            DemoFiles.deleteRecursively(demoDir);
        }
        Files.createDirectories(demoDir);

        DemoLogging.quietStartupNoise();
        DemoResources resources = new DemoResources(err);
        Thread hook = new Thread(() -> {
            err.println();
            err.println("demo interrupted: stopping everything it started...");
            err.flush();
            resources.close();
            if (!keep) {
                deleteBulkyState(demoDir);
            }
        }, "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runSteps(config, demoDir, resources, out, err, started);
        } finally {
            resources.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
            DemoLogging.restore();
            if (!keep) {
                deleteBulkyState(demoDir);
            }
        }
    }

    /** The database and broker data go; scores, scorecards and logs stay for reading. */
    private static void deleteBulkyState(Path demoDir) {
        DemoFiles.deleteQuietly(demoDir.resolve("pgdata"));
        DemoFiles.deleteQuietly(demoDir.resolve("kafka"));
    }

    private void validateFlags() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 1, got " + limit);
        }
        if (requests < 1) {
            throw new ParameterException(spec.commandLine(), "--requests must be >= 1, got " + requests);
        }
        if (!(shadowPct > 0 && shadowPct <= 100)) {
            throw new ParameterException(spec.commandLine(), "--shadow-pct must be in (0, 100], got " + shadowPct);
        }
        if (minSamples < 1) {
            throw new ParameterException(spec.commandLine(), "--min-samples must be >= 1, got " + minSamples);
        }
        if (streamTimeout.isNegative() || streamTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--stream-timeout must be positive, got " + streamTimeout);
        }
    }

    private int runSteps(DriftgateConfig config, Path demoDir, DemoResources resources, PrintWriter out,
                         PrintWriter err, long started) throws Exception {
        Path configDir = input.configDir().toAbsolutePath().normalize();
        int steps = quick ? 6 : 7;
        out.printf("driftgate demo: the whole flow offline (simulated models, embedded PostgreSQL%s); state in %s%n",
                quick ? "" : ", Kafka and Flink", demoDir);

        // 1. dataset
        step(out, 1, steps, "build the golden dataset",
                "Raw prompts are validated and written in canonical form; the file's SHA-256 is the dataset version.");
        Path dataset = demoDir.resolve("golden_dataset.jsonl");
        StringWriter buildOut = new StringWriter();
        int code = DatasetBuildCommand.build(input.configDir(), input.raw, dataset, new PrintWriter(buildOut, true), err);
        if (code != ExitCodes.OK) {
            err.println("demo stopped: the dataset build failed");
            return code;
        }
        indent(out, buildOut.toString());

        // the demo's own run store: embedded PostgreSQL under the demo directory, never the user's
        Database db = resources.add("PostgreSQL", StoreDatabase.open(Environment.of(Map.of()), demoDir));
        PGSimpleDataSource pg = (PGSimpleDataSource) db.dataSource();
        out.println("   run store: " + db.describe());

        // 2. simulator
        step(out, 2, steps, "start the LLM simulator",
                "An OpenAI-compatible server on 127.0.0.1 plays the models and the judge, so no API key is needed.");
        LlmSimulator sim = resources.add("LLM simulator", LlmSimulator.fromConfig(configDir.resolve("simulator.yaml"),
                configDir.getParent()).start(0));
        out.println("   simulator at " + sim.baseUrl() + "; answer quality (share of reference words kept): "
                + sim.config().models().stream()
                        .filter(m -> List.of(PRODUCTION_MODEL, DEGRADED_MODEL, CANDIDATE_MODEL).contains("openai/" + m.name()))
                        .map(m -> m.name() + " " + m.quality()).toList());
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Environment.HOME, demoDir.toString());
        env.put(Environment.DB_URL, pg.getURL());
        env.put(Environment.DB_USER, pg.getUser());
        env.put(Environment.OPENAI_BASE_URL, sim.baseUrl());

        // 3. production baseline
        step(out, 3, steps, "evaluate the production model and promote it",
                "Eval runs " + limit + " golden examples through the Flink batch job (inference, ROUGE-L, BERTScore, "
                        + "LLM judge, composite); promote makes the run the gate's baseline (env=production).");
        Evaluated production = eval(env, configDir, dataset, demoDir, "1-production", PRODUCTION_MODEL, out, err);
        if (production.code() != ExitCodes.OK) {
            return stageFailed("eval of " + PRODUCTION_MODEL, production.code(), err);
        }
        Captured promoted = cli(env, "promote", production.run().runId(),
                "--baseline", demoDir.resolve("baselines/production.json").toString());
        indent(out, promoted.out());
        if (promoted.code() != ExitCodes.OK) {
            err.print(promoted.err());
            return stageFailed("promote", promoted.code(), err);
        }

        // 4. degraded candidate -> blocked
        step(out, 4, steps, "a degraded candidate: the gate must block it",
                "The gate compares each category with production on the shared examples and blocks on a drop "
                        + "beyond " + config.scorer().thresholds().regressionAlertDelta() + " or a score under the "
                        + "thresholds (exit 1 in CI; expected here).");
        Evaluated degraded = eval(env, configDir, dataset, demoDir, "2-degraded", DEGRADED_MODEL, out, err);
        if (degraded.code() != ExitCodes.OK) {
            return stageFailed("eval of " + DEGRADED_MODEL, degraded.code(), err);
        }
        Gated degradedGate = gate(env, configDir, degraded, out, err);

        // 5. good candidate -> passes
        step(out, 5, steps, "a good candidate: the gate should pass it",
                "Same check, a model close to production.");
        Evaluated candidate = eval(env, configDir, dataset, demoDir, "3-candidate", CANDIDATE_MODEL, out, err);
        if (candidate.code() != ExitCodes.OK) {
            return stageFailed("eval of " + CANDIDATE_MODEL, candidate.code(), err);
        }
        Gated candidateGate = gate(env, configDir, candidate, out, err);

        // 6. shadow traffic
        DemoShadowStage.Result shadow = null;
        if (!quick) {
            step(out, 6, steps, "shadow traffic: gateway -> Kafka -> streaming job -> shadow report",
                    "Clients call /chat on the gateway (production model answers); a keyed-hash sample of distinct "
                            + "prompts goes to Kafka, where the Flink streaming job has the candidate answer too and "
                            + "the judge rates both.");
            ShadowConfig.Promotion promotion = new ShadowConfig.Promotion(minSamples,
                    config.shadow().promotion().maxAllowedDrop(), config.shadow().promotion().requireCiClear());
            out.printf(Locale.ROOT, "   demo settings: shadow_pct %s (config: %s), promotion.min_samples %d (config: %d),"
                            + " so %d requests are enough%n", fmt(shadowPct), fmt(config.shadow().shadowPct()),
                    minSamples, config.shadow().promotion().minSamples(), requests);
            out.flush();
            DemoShadowStage stage = new DemoShadowStage(config, configDir, gatewayDir, demoDir, sim, db, resources,
                    out, err);
            try {
                shadow = stage.run(dataset, requests, shadowPct, promotion, streamTimeout);
            } catch (DemoShadowStage.StageException e) {
                err.println("demo: shadow traffic stage failed: " + e.getMessage());
                return ExitCodes.UNDECIDED;
            }
        }

        // 7. where things are
        step(out, steps, steps, "artifacts and next steps", null);
        out.println("   runs (scores.json + scorecard.md) under " + demoDir.resolve("runs"));
        for (Evaluated e : List.of(production, degraded, candidate)) {
            out.println("     " + e.outDir().resolve(ScoresFile.NAME) + (e == production ? ""
                    : "   " + e.outDir().resolve("scorecard.md")));
        }
        if (shadow != null) {
            out.println("   gateway log: " + shadow.gatewayLog());
        }
        out.println("   Grafana dashboards: grafana/dashboards/quality-gate.json and shadow.json (provisioning in grafana/provisioning)");
        if (keep) {
            out.println("   the demo's database was kept; look around with:");
            out.println("     DRIFTGATE_HOME=" + demoDir + " ./driftgate runs list");
        } else {
            out.println("   (the demo's database is deleted at the end; rerun with --keep to browse it with "
                    + "DRIFTGATE_HOME=" + demoDir + " ./driftgate runs list)");
        }
        out.println("   next: ./driftgate eval --sim --limit 40 --model openai/sim-candidate  then  ./driftgate gate");
        out.println("         ./driftgate gateway --local   |   ./driftgate stream --local --for PT2M   |   "
                + "./driftgate shadow report");
        // last on purpose: the one file to open after the demo (charts of everything above, no server needed)
        Path report = demoDir.resolve("report.html");
        Captured reported = cli(env, "report", "--config-dir", configDir.toString(), "--out", report.toString());
        out.println(reported.code() == ExitCodes.OK ? "   HTML report (open it in a browser): " + report
                : "   HTML report not written: " + reported.err().strip());

        boolean asExpected = degradedGate.code() == ExitCodes.INVALID_OR_BLOCKED && candidateGate.code() == ExitCodes.OK;
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.println();
        out.printf("demo finished in %dm%02ds: gate %s %s, %s %s%s%n", seconds / 60, seconds % 60,
                verdict(degradedGate.code()), DEGRADED_MODEL, verdict(candidateGate.code()), CANDIDATE_MODEL,
                shadow == null ? "; shadow stage skipped (--quick)"
                        : "; shadow report on " + shadow.scored() + " scored events: " + shadow.report().decision());
        if (!asExpected) {
            out.println("demo: the gate verdicts were not the expected ones (block " + DEGRADED_MODEL + ", pass "
                    + CANDIDATE_MODEL + "); see the scorecards above");
        }
        out.flush();
        return asExpected ? ExitCodes.OK : ExitCodes.INVALID_OR_BLOCKED;
    }

    /** One eval run through the real eval command, its summary printed, its scores.json read back. */
    record Evaluated(int code, EvalRun run, Path outDir) {
    }

    record Gated(int code, Path scorecard) {
    }

    record Captured(int code, String out, String err) {
    }

    private Evaluated eval(Map<String, String> env, Path configDir, Path dataset, Path demoDir, String name,
                           String model, PrintWriter out, PrintWriter err) {
        Path outDir = demoDir.resolve("runs").resolve(name);
        out.println("   $ driftgate eval --model " + model + " --limit " + limit + " --tag env=demo");
        out.flush();
        // progress goes straight to stderr; the summary table is the command's own output
        StringWriter summary = new StringWriter();
        int code = cliInto(env, new PrintWriter(summary, true), err, "eval", "--config-dir", configDir.toString(),
                "--dataset", dataset.toString(), "--model", model, "--limit", Integer.toString(limit),
                "--tag", "env=demo", "--out", outDir.toString());
        indent(out, summary.toString());
        Path scores = outDir.resolve(ScoresFile.NAME);
        EvalRun run = Files.isRegularFile(scores) ? ScoresFile.read(scores) : null;
        return new Evaluated(run == null && code == ExitCodes.OK ? ExitCodes.UNDECIDED : code, run, outDir);
    }

    private Gated gate(Map<String, String> env, Path configDir, Evaluated evaluated, PrintWriter out, PrintWriter err)
            throws IOException {
        Path scorecard = evaluated.outDir().resolve("scorecard.md");
        out.println("   $ driftgate gate");
        Captured gate = cli(env, "gate", "--config-dir", configDir.toString(), "--scores",
                evaluated.outDir().resolve(ScoresFile.NAME).toString(), "--out", scorecard.toString());
        err.print(gate.err());
        indent(out, gate.out());
        out.println("   exit code " + gate.code() + " (" + verdict(gate.code()) + ")");
        if (Files.isRegularFile(scorecard)) {
            out.println("   from " + scorecard + ":");
            categoryTable(Files.readAllLines(scorecard, StandardCharsets.UTF_8)).forEach(l -> out.println("     " + l));
        }
        out.flush();
        return new Gated(gate.code(), scorecard);
    }

    /** The scorecard's per-category table (baseline, current, delta, CI, status). */
    static List<String> categoryTable(List<String> scorecard) {
        int start = scorecard.indexOf("### Categories");
        if (start < 0) {
            return List.of();
        }
        return scorecard.subList(start + 1, scorecard.size()).stream()
                .dropWhile(String::isBlank).takeWhile(l -> l.startsWith("|")).toList();
    }

    private static String verdict(int gateCode) {
        return switch (gateCode) {
            case ExitCodes.OK -> "passed";
            case ExitCodes.INVALID_OR_BLOCKED -> "blocked";
            default -> "could not decide on";
        };
    }

    private Captured cli(Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = cliInto(env, new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Captured(code, o.toString(), e.toString());
    }

    /** The real root command in this JVM, with the demo's environment instead of the process's. */
    private static int cliInto(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = DriftgateCli.newCommandLine();
        injectEnvironment(cli, env);
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static void injectEnvironment(CommandLine cmd, Map<String, String> env) {
        if (cmd.getCommand() instanceof EnvironmentAware aware) {
            aware.useEnvironment(Environment.of(env));
        }
        cmd.getSubcommands().values().forEach(sub -> injectEnvironment(sub, env));
    }

    private static int stageFailed(String what, int code, PrintWriter err) {
        err.println("demo stopped: " + what + " exited with " + code);
        err.flush();
        return code == ExitCodes.INTERRUPTED ? code : ExitCodes.UNDECIDED;
    }

    private static void step(PrintWriter out, int n, int of, String title, String explanation) {
        out.println();
        out.printf("[%d/%d] %s%n", n, of, title);
        if (explanation != null) {
            out.println("   " + explanation);
        }
        out.flush();
    }

    static void indent(PrintWriter out, String text) {
        text.lines().filter(l -> !l.isBlank()).forEach(l -> out.println("   " + l));
        out.flush();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
