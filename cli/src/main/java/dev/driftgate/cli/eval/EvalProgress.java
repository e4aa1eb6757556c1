package dev.driftgate.cli.eval;

import dev.driftgate.flink.eval.EvalRunner;
import dev.driftgate.flink.ops.EvalItem;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of an eval on stderr, counted from the examples the job has actually finished (they come
 * back through Flink's collect sink): done/total, rate, ETA, failures. A live bar redrawn in place on
 * a terminal; a plain line every few seconds otherwise (CI logs).
 */
final class EvalProgress implements EvalRunner.Listener, AutoCloseable {
    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalMs;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eval-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile int total;
    private volatile long startNanos;
    private volatile String runId = "";

    EvalProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalMs = terminal ? 250 : 5_000;
    }

    @Override
    public void started(String runId, int total) {
        this.runId = runId;
        this.total = total;
        this.startNanos = System.nanoTime();
        err.println("eval " + runId + ": " + total + " examples");
        err.flush();
        ticker.scheduleAtFixedRate(this::print, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void example(EvalItem item) {
        done.incrementAndGet();
        if (item.result().failed()) {
            failed.incrementAndGet();
        }
    }

    String line() {
        int d = done.get();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = d / seconds;
        String eta = rate > 0 ? String.format("%.0fs", (total - d) / rate) : "?";
        return String.format("%d/%d done, %.1f/s, ETA %s, %d failed", d, total, rate, eta, failed.get());
    }

    private synchronized void print() {
        if (terminal) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) done.get() * width / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line() + "   ");
        } else {
            err.println("progress: " + line());
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (terminal) {
            err.println();
        }
        err.println("finished: " + line());
        err.flush();
    }
}
