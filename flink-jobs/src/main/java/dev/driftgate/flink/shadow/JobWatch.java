package dev.driftgate.flink.shadow;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Watches a running job for a while and says whether it stayed up. Why: a job that fails and
 * restarts from its checkpoint looks alive to anyone who only waits (13 restarts in 4 minutes once
 * went by with a normal summary), so {@code stream --for} polls the status and reports restarts.
 * The JobClient has no restart counter; a restart is seen as the job leaving RUNNING (RESTARTING,
 * FAILING) and coming back, so a poll of a few hundred milliseconds catches Flink's restart delay.
 */
public final class JobWatch {
    private JobWatch() {
    }

    /** The last status seen, and how many times the job was seen leaving RUNNING without stopping. */
    public record Report(JobStatus status, int restarts) {
        /** Still running and never restarted (or finished on its own). */
        public boolean healthy() {
            return restarts == 0 && (status == JobStatus.RUNNING || status == JobStatus.FINISHED);
        }

        public String describe() {
            return status == JobStatus.FAILED ? "failed"
                    : restarts > 0 ? "restarted " + restarts + " time(s) (now " + status + ")"
                    : "is " + status;
        }
    }

    /** Polls every {@code poll} for {@code duration}, or until the job reaches a terminal state. */
    public static Report watch(JobClient client, Duration duration, Duration poll)
            throws InterruptedException, ExecutionException {
        long end = System.nanoTime() + duration.toNanos();
        JobStatus status = client.getJobStatus().get();
        boolean wasRunning = status == JobStatus.RUNNING;
        int restarts = 0;
        while (!status.isGloballyTerminalState() && System.nanoTime() < end) {
            Thread.sleep(Math.min(poll.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            status = client.getJobStatus().get();
            if (status == JobStatus.RUNNING) {
                wasRunning = true;
            } else if (wasRunning && !status.isGloballyTerminalState()) {
                restarts++;
                wasRunning = false;
            }
        }
        return new Report(status, restarts);
    }
}
