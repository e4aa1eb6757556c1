package dev.driftgate.cli.cluster;

import dev.driftgate.cli.EnvironmentAware;
import dev.driftgate.cli.StateDirOption;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code driftgate cluster start|stop|status}: a local standalone Flink session cluster. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A local standalone Flink session cluster (JobManager + TaskManager JVMs) to submit jobs to.",
        subcommands = {ClusterStartCommand.class, ClusterStopCommand.class, ClusterStatusCommand.class})
public final class ClusterCommand extends EnvironmentAware {
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    /** The cluster's directory: conf/, logs/, checkpoints/, savepoints/ and the pid file. */
    Path clusterDir() {
        return stateDir.resolve(environment()).resolve("flink-cluster");
    }
}
