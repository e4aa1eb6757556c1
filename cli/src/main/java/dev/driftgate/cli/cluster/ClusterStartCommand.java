package dev.driftgate.cli.cluster;

import dev.driftgate.cli.ExitCodes;
import dev.driftgate.local.flink.FlinkClusterSpec;
import dev.driftgate.local.flink.LocalFlinkCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Starts the cluster detached: the JVMs outlive this command (their environment is this shell's, so
 * OPENAI_BASE_URL, DRIFTGATE_CONFIG_DIR and keys set now are what the TaskManagers read).
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a JobManager and N TaskManagers.")
final class ClusterStartCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--taskmanagers", defaultValue = "1", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int taskManagers;

    @Option(names = "--slots", defaultValue = "1", paramLabel = "N", description = "Slots per TaskManager. "
            + "Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--rest-port", defaultValue = "8081", paramLabel = "PORT",
            description = "JobManager REST port on 127.0.0.1 (0: a free one). Default: ${DEFAULT-VALUE}.")
    int restPort;

    @Option(names = "--prometheus-ports", defaultValue = "9250-9260", paramLabel = "FIRST-LAST",
            description = "Flink's Prometheus reporter: each JVM serves /metrics on the first free port. "
                    + "Default: ${DEFAULT-VALUE}.")
    String prometheusPorts;

    @Option(names = "--timeout", defaultValue = "PT90S", description = "How long TaskManagers may take to register.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (taskManagers < 1) {
            throw new ParameterException(spec.commandLine(), "--taskmanagers must be >= 1, got " + taskManagers);
        }
        if (slots < 1) {
            throw new ParameterException(spec.commandLine(), "--slots must be >= 1, got " + slots);
        }
        String[] ports = prometheusPorts.split("-");
        if (ports.length != 2 || !ports[0].matches("\\d{1,5}") || !ports[1].matches("\\d{1,5}")
                || Integer.parseInt(ports[0]) > Integer.parseInt(ports[1])) {
            throw new ParameterException(spec.commandLine(), "--prometheus-ports must be FIRST-LAST, got "
                    + prometheusPorts);
        }
        Path dir = parent.clusterDir();
        if (!LocalFlinkCluster.recordedProcesses(dir).isEmpty()) {
            spec.commandLine().getErr().println("driftgate: a cluster is already running from " + dir + " at "
                    + LocalFlinkCluster.recordedRestAddress(dir) + "; driftgate cluster stop first");
            return ExitCodes.INVALID_OR_BLOCKED;
        }
        LocalFlinkCluster cluster = LocalFlinkCluster.startDetached(FlinkClusterSpec.defaults(dir, taskManagers)
                .withSlots(slots).withRestPort(restPort).withRegistrationTimeout(timeout)
                .withPrometheus(Integer.parseInt(ports[0]), Integer.parseInt(ports[1])));
        spec.commandLine().getOut().printf("flink cluster up in %.1f s: REST %s, %d TaskManager(s) x %d slot(s); "
                        + "Prometheus /metrics on 127.0.0.1:%s; logs in %s%nsubmit with: driftgate eval --cluster %s | driftgate stream --cluster %s%n",
                cluster.startMillis() / 1000.0, cluster.restAddress(), taskManagers, slots, prometheusPorts,
                dir.resolve("logs"),
                cluster.restAddress(), cluster.restAddress());
        return ExitCodes.OK;
    }
}
