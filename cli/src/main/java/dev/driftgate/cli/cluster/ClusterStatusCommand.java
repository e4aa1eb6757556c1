package dev.driftgate.cli.cluster;

import dev.driftgate.cli.ExitCodes;
import dev.driftgate.local.flink.FlinkRest;
import dev.driftgate.local.flink.LocalFlinkCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Exit 0 when the cluster answers, 2 when it does not (none started, or its JobManager is down). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Processes, TaskManagers and jobs.")
final class ClusterStatusCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "Any cluster's REST address "
            + "(default: the local one's).")
    String address;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String rest = address != null ? address : LocalFlinkCluster.recordedRestAddress(parent.clusterDir());
        if (rest == null) {
            out.println("no local flink cluster (driftgate cluster start)");
            return ExitCodes.UNDECIDED;
        }
        if (address == null) {
            out.println("processes: " + LocalFlinkCluster.recordedProcesses(parent.clusterDir()).size() + " alive");
        }
        FlinkRest client = new FlinkRest(rest);
        try {
            out.println("rest: " + client.baseUrl() + ", taskmanagers registered: " + client.registeredTaskManagers());
            for (FlinkRest.JobSummary job : client.jobs()) {
                out.println("job " + job.id() + " " + job.state() + " " + job.name());
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            out.println("cluster unreachable at " + client.baseUrl() + ": " + e.getMessage());
            return ExitCodes.UNDECIDED;
        }
    }
}
