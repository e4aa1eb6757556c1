package dev.driftgate.cli.cluster;

import dev.driftgate.cli.ExitCodes;
import dev.driftgate.local.flink.LocalFlinkCluster;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local cluster's JVMs.")
final class ClusterStopCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int stopped = LocalFlinkCluster.stopDetached(parent.clusterDir());
        spec.commandLine().getOut().println(stopped == 0 ? "no local flink cluster running"
                : "stopped " + stopped + " flink process(es)");
        return ExitCodes.OK;
    }
}
