package dev.driftgate.cli.local;

import dev.driftgate.cli.ConfigDirOption;
import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.ExitCodes;
import dev.driftgate.cli.StateDirOption;
import dev.driftgate.core.config.ConfigLoader;
import dev.driftgate.core.config.Environment;
import dev.driftgate.core.config.ShadowConfig;
import dev.driftgate.local.kafka.LocalKafkaBroker;
import dev.driftgate.local.sim.LlmSimulator;
import dev.driftgate.local.sim.ReferenceAnswers;
import dev.driftgate.local.sim.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code driftgate gateway [--local] [--port N]}: runs the ingress gateway (Micronaut) in a child
 * JVM from ingress-gateway/target/classpath.txt and its jar, so Micronaut never lands on the CLI's
 * classpath. Its output is forwarded; Ctrl-C (or interrupting this command) stops it. With
 * {@code --local} a single-node KRaft broker and the LLM simulator start first, so it runs on a
 * fresh machine with no keys.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the ingress gateway (/chat, /v1/chat/completions, /health, /prometheus) until Ctrl-C.")
public final class GatewayCommand extends EnvironmentAware implements Callable<Integer> {
    static final String MAIN_CLASS = "dev.driftgate.gateway.GatewayApplication";

    @Spec
    CommandSpec spec;

    @Option(names = "--local", description = "Also start a local Kafka broker and the LLM simulator "
            + "(the simulator answers as the production model).")
    boolean local;

    @Option(names = "--port", description = "Port to listen on. Default: ${DEFAULT-VALUE}.", defaultValue = "8080")
    int port;

    @Option(names = "--otlp-grpc-port", description = "Port of the OTLP/gRPC receiver (0: a free one). Default: "
            + "DRIFTGATE_GATEWAY_OTLP_GRPC_PORT, else 4317.")
    Integer otlpGrpcPort;

    @Option(names = "--host", description = "Address to listen on (0.0.0.0 in a container). Default: "
            + "DRIFTGATE_GATEWAY_HOST, else 127.0.0.1.")
    String host;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Option(names = "--gateway-dir", description = "The ingress-gateway module, built with `mvn package`. "
            + "Default: ${DEFAULT-VALUE}.", defaultValue = "ingress-gateway")
    Path gatewayDir;

    /** What the gateway will sample: its environment override (the child inherits it) wins over the config. */
    String shadowPct(ShadowConfig shadow) {
        return environment().get(Environment.GATEWAY_SHADOW_PCT).map(String::strip)
                .orElse(String.valueOf(shadow.shadowPct()));
    }

    /** Where --local keeps the broker's data. */
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, got " + port);
        }
        if (otlpGrpcPort != null && (otlpGrpcPort < 0 || otlpGrpcPort > 65535)) {
            throw new ParameterException(spec.commandLine(),
                    "--otlp-grpc-port must be between 0 and 65535, got " + otlpGrpcPort);
        }
        ShadowConfig shadow = new ConfigLoader().load(configDir.dir()).shadow();
        List<String> command = childCommand();
        PrintWriter out = spec.commandLine().getOut();
        LocalKafkaBroker broker = null;
        LlmSimulator simulator = null;
        Process child = null;
        Thread hook = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.put(Environment.GATEWAY_PORT, Integer.toString(port));
            // set explicitly, not inherited: the value comes through Environment (also in tests and the demo)
            env.put(Environment.GATEWAY_HOST, host());
            env.put(Environment.CONFIG_DIR, configDir.dir().toAbsolutePath().toString());
            if (otlpGrpcPort != null) {
                env.put(Environment.GATEWAY_OTLP_GRPC_PORT, Integer.toString(otlpGrpcPort));
            }
            if (local) {
                // a fresh broker each time: the broker refuses data formatted under another cluster id
                Path dir = stateDir.resolve(environment()).resolve("local-kafka");
                deleteRecursively(dir);
                out.println("starting a local Kafka broker under " + dir + " ...");
                out.flush();
                broker = LocalKafkaBroker.startIn(dir);
                broker.createTopics(2, java.time.Duration.ofDays(shadow.retention().shadowDays()),
                        shadow.kafka().requestsTopic(), shadow.kafka().dlqTopic());
                simulator = simulator().start(0);
                env.put(Environment.KAFKA_BOOTSTRAP, broker.bootstrapServers());
                env.put(Environment.MODEL_BASE_URL, simulator.baseUrl());
                out.printf("local Kafka at %s, LLM simulator at %s%n", broker.bootstrapServers(), simulator.baseUrl());
            }
            out.printf("starting the gateway on http://%s:%d (production model %s, shadow %s%%) ...%n",
                    host(), port, shadow.productionModel(), shadowPct(shadow));
            otlpGrpcEndpoint().ifPresent(grpc -> out.printf("OTLP/gRPC receiver on %s%n", grpc));
            out.flush();
            child = pb.start();
            Thread copyOut = forward(child.getInputStream(), out, "gateway-stdout");
            Thread copyErr = forward(child.getErrorStream(), spec.commandLine().getErr(), "gateway-stderr");
            Process running = child;
            LocalKafkaBroker runningBroker = broker;
            LlmSimulator runningSim = simulator;
            hook = new Thread(() -> stopAll(running, runningSim, runningBroker), "gateway-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            int code = child.waitFor();
            copyOut.join(2000);
            copyErr.join(2000);
            if (code != 0) {
                spec.commandLine().getErr().println("driftgate: the gateway exited with code " + code);
                return ExitCodes.UNDECIDED;
            }
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } finally {
            stopAll(child, simulator, broker);
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting and runs the hook itself
                }
            }
        }
    }

    /** The listen address: --host, else DRIFTGATE_GATEWAY_HOST (0.0.0.0 in the compose stack), else loopback. */
    /** Where the child's OTLP/gRPC receiver listens, as an exporter's endpoint; empty when it is turned off. */
    java.util.Optional<String> otlpGrpcEndpoint() {
        if (environment().get(Environment.GATEWAY_OTLP_GRPC_ENABLED).map(String::strip).filter("false"::equalsIgnoreCase)
                .isPresent()) {
            return java.util.Optional.empty();
        }
        String grpcPort = otlpGrpcPort != null ? Integer.toString(otlpGrpcPort)
                : environment().get(Environment.GATEWAY_OTLP_GRPC_PORT).map(String::strip).orElse("4317");
        return java.util.Optional.of("http://" + host() + ":" + (grpcPort.equals("0") || grpcPort.equals("-1")
                ? "<a free port>" : grpcPort));
    }

    String host() {
        if (host != null && !host.isBlank()) {
            return host;
        }
        return environment().get(Environment.GATEWAY_HOST).filter(h -> !h.isBlank()).orElse("127.0.0.1");
    }

    /** The simulator of config/simulator.yaml; generic answers when its golden dataset is not built yet. */
    private LlmSimulator simulator() {
        SimulatorConfig config = SimulatorConfig.load(configDir.dir().resolve("simulator.yaml"));
        ReferenceAnswers refs = config.dataset() != null && Files.isRegularFile(Path.of(config.dataset()))
                ? ReferenceAnswers.load(Path.of(config.dataset())) : ReferenceAnswers.none();
        return new LlmSimulator(config, refs);
    }

    /** java -cp ingress-gateway jar + its runtime classpath, main class of the gateway. */
    List<String> childCommand() {
        try {
            return childCommand(gatewayDir, environment());
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The command line of the gateway's child JVM (the demo uses it too).
     *
     * @throws IllegalStateException when the module is not built
     */
    public static List<String> childCommand(Path gatewayDir, Environment env) {
        Path classpathFile = gatewayDir.resolve("target/classpath.txt");
        Path jar;
        try (Stream<Path> jars = Files.exists(gatewayDir.resolve("target"))
                ? Files.list(gatewayDir.resolve("target")) : Stream.empty()) {
            jar = jars.filter(p -> p.getFileName().toString().matches("ingress-gateway-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jar == null || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("the gateway is not built: " + classpathFile
                    + " or its jar is missing; run `mvn -DskipTests package` (./driftgate does it for you)");
        }
        String classpath;
        try {
            classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = env.get(Environment.GATEWAY_JAVA_OPTS).orElse("-Xmx512m");
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-cp");
        command.add(jar.toAbsolutePath() + java.io.File.pathSeparator + classpath);
        command.add(MAIN_CLASS);
        return command;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Thread forward(InputStream in, PrintWriter to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    to.print(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    to.flush();
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** SIGTERM lets Micronaut close the producer; after 10 s the child is killed. Idempotent. */
    private static synchronized void stopAll(Process child, LlmSimulator simulator, LocalKafkaBroker broker) {
        if (child != null && child.isAlive()) {
            child.destroy();
            try {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }
}
