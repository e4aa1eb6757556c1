package dev.driftgate.cli.local;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code driftgate sim-llm}: the offline OpenAI-compatible LLM simulator, until Ctrl-C. */
@Command(name = "sim-llm", mixinStandardHelpOptions = true,
        description = "Serve simulated models over the OpenAI chat API (on 127.0.0.1 by default) until interrupted.")
public final class SimLlmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.",
            defaultValue = "8089")
    int port;

    // loopback by default: the simulator has no auth; a container passes 0.0.0.0 so others can reach it
    @Option(names = "--host", description = "Address to listen on (0.0.0.0: every interface, as in a container). "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--token-delay-ms", description = "Time per word after the first, to play a model that "
            + "is slow to finish: streamed answers send each word that far apart, blocking ones wait for all. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "0")
    long tokenDelayMs;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    private Path simConfig;

    @Option(names = "--sim-config", paramLabel = "FILE",
            description = "Simulator config (default: simulator.yaml in the --config-dir).")
    void simConfig(Path file) {
        this.simConfig = file;
    }

    /** The old name of --sim-config, still accepted. */
    @Option(names = "--config", paramLabel = "FILE", hidden = true)
    void legacyConfig(Path file) {
        this.simConfig = file;
    }

    @Option(names = "--dataset", description = "Golden dataset JSONL (overrides the config's dataset).")
    Path dataset;

    @Option(names = "--latency-ms", description = "Fixed latency for every model (overrides the config).")
    Long latencyMs;

    @Option(names = "--no-faults", description = "Disable configured 429/500 errors and malformed judge output.")
    boolean noFaults;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 0 and 65535, got " + port);
        }
        if (tokenDelayMs < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--token-delay-ms must be >= 0, got " + tokenDelayMs);
        }
        SimulatorConfig cfg;
        ReferenceAnswers refs;
        try {
            cfg = SimulatorConfig.load(simConfig != null ? simConfig : configDir.dir().resolve("simulator.yaml"));
            refs = dataset != null ? ReferenceAnswers.load(dataset)
                    : cfg.dataset() == null ? ReferenceAnswers.none() : ReferenceAnswers.load(Path.of(cfg.dataset()));
        } catch (IllegalArgumentException e) {
            // bad config or dataset is invalid input (exit 1), not an undecided run
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (LlmSimulator sim = new LlmSimulator(cfg, refs)) {
            sim.setLatencyOverrideMs(latencyMs);
            sim.setFaultsEnabled(!noFaults);
            sim.setTokenDelayMs(tokenDelayMs);
            try {
                sim.start(host, port);
            } catch (IllegalStateException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Thread hook = new Thread(stopped::countDown, "sim-llm-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            spec.commandLine().getOut().printf("sim-llm listening on %s (bound to %s; %d models, %d reference "
                    + "answers); set OPENAI_BASE_URL=%s. Ctrl-C stops.%n", sim.baseUrl(), host, cfg.models().size(),
                    refs.size(), sim.baseUrl());
            spec.commandLine().getOut().flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.INTERRUPTED;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: nothing to remove
                }
            }
        }
        return ExitCodes.INTERRUPTED;
    }
}
