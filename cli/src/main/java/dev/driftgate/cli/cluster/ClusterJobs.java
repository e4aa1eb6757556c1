package dev.driftgate.cli.cluster;

import dev.driftgate.cli.ExitCodes;
import dev.driftgate.core.config.Environment;
import dev.driftgate.local.flink.FlinkRest;
import dev.driftgate.local.flink.FlinkRunClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code eval --cluster} and {@code stream --cluster}: the job jar submitted with Flink's own client,
 * exactly what {@code flink run} does, so nothing of the CLI runs in the job. The client JVM inherits
 * this process's environment (DRIFTGATE_DB_URL for recording the run, for instance); the
 * TaskManagers read their own.
 */
public final class ClusterJobs {
    /** Where {@code mvn package} leaves the job jar (flink-jobs' job-jar profile). */
    public static final Path DEFAULT_JOB_JAR = Path.of("flink-jobs", "target", "driftgate-flink-job.jar");
    public static final String EVAL_MAIN = "dev.driftgate.flink.eval.EvalJobMain";
    public static final String SHADOW_MAIN = "dev.driftgate.flink.shadow.ShadowJobMain";

    private ClusterJobs() {
    }

    /** Runs EvalJobMain attached; returns its exit code (0, 2, 130), or 2 when the job itself failed. */
    public static int eval(String cluster, Path jar, Path configDir, List<String> jobArgs, Path workDir,
            PrintWriter err) {
        FlinkRunClient client = new FlinkRunClient(cluster, workDir, clientEnvironment(configDir));
        FlinkRunClient.Result r = client.run(FlinkRunClient.Submission.of(jar, EVAL_MAIN, jobArgs), err::println);
        err.flush();
        return switch (r.exitCode()) {
            case 0 -> ExitCodes.OK;
            case 130 -> ExitCodes.INTERRUPTED;
            default -> {
                err.println("driftgate: the evaluation job on " + cluster + " ended with exit " + r.exitCode()
                        + "; the client's output is in " + r.log());
                yield ExitCodes.UNDECIDED;
            }
        };
    }

    /** Submits ShadowJobMain detached; returns the job id. */
    public static String submitStream(String cluster, Path jar, Path configDir, List<String> jobArgs,
            Integer parallelism, String fromSavepoint, Path workDir) {
        FlinkRunClient client = new FlinkRunClient(cluster, workDir, clientEnvironment(configDir));
        FlinkRunClient.Submission s = FlinkRunClient.Submission.of(jar, SHADOW_MAIN, jobArgs).detach();
        if (parallelism != null) {
            s = s.withParallelism(parallelism);
        }
        if (fromSavepoint != null) {
            s = s.fromSavepoint(fromSavepoint);
        }
        FlinkRunClient.Result r = client.run(s, line -> { });
        return r.jobId().filter(id -> r.exitCode() == 0).orElseThrow(() -> new IllegalStateException(
                "the shadow-scoring job was not accepted by " + cluster + " (client exit " + r.exitCode()
                        + "); the client's output is in " + r.log()));
    }

    /**
     * Watches a job for {@code runFor}: healthy while RUNNING without restarts. Cancels it at the end.
     * Returns OK, or UNDECIDED when it failed or restarted (the cause is in the TaskManagers' logs).
     */
    public static int watchThenCancel(String cluster, String jobId, Duration runFor, Path workDir, PrintWriter err)
            throws IOException, InterruptedException {
        FlinkRest rest = new FlinkRest(cluster);
        long deadline = System.nanoTime() + runFor.toNanos();
        String state = "UNKNOWN";
        while (System.nanoTime() < deadline) {
            state = rest.job(jobId).map(FlinkRest.JobSummary::state).orElse("UNKNOWN");
            long restarts = rest.restarts(jobId);
            if (restarts > 0 || state.equals("FAILED") || state.equals("RESTARTING")) {
                err.println("driftgate: the shadow-scoring job " + jobId + " is " + state + " after " + restarts
                        + " restart(s); see the TaskManager logs");
                return ExitCodes.UNDECIDED;
            }
            Thread.sleep(250);
        }
        new FlinkRunClient(cluster, workDir, Map.of()).cancel(jobId);
        return state.equals("RUNNING") ? ExitCodes.OK : ExitCodes.UNDECIDED;
    }

    /**
     * The job's main() runs in the client and builds the scoring components there from
     * DRIFTGATE_CONFIG_DIR (what a user exports before {@code flink run}); point it at --config.
     */
    private static Map<String, String> clientEnvironment(Path configDir) {
        return Map.of(Environment.CONFIG_DIR, configDir.toAbsolutePath().toString());
    }

    /** {@code --name value} pairs, skipping null values. */
    public static List<String> jobArgs(Object... nameValue) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            if (nameValue[i + 1] != null) {
                out.add("--" + nameValue[i]);
                out.add(String.valueOf(nameValue[i + 1]));
            }
        }
        return out;
    }
}
