package dev.driftgate.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the demo started, closed newest first exactly once: from the normal end, a failure or
 * the Ctrl-C shutdown hook, whichever comes first. A close that fails is reported and the rest still
 * close.
 */
final class DemoResources implements AutoCloseable {
    private record Named(String name, AutoCloseable resource) {
    }

    private final Deque<Named> open = new ArrayDeque<>();
    private final PrintWriter err;

    DemoResources(PrintWriter err) {
        this.err = err;
    }

    /** Registers {@code resource} (already started) and returns it. */
    synchronized <T extends AutoCloseable> T add(String name, T resource) {
        open.push(new Named(name, resource));
        return resource;
    }

    /** Closes one resource early (it is not closed again later). */
    void closeNow(AutoCloseable resource) {
        Named named;
        synchronized (this) {
            named = open.stream().filter(n -> n.resource() == resource).findFirst().orElse(null);
            if (named == null) {
                return;
            }
            open.remove(named);
        }
        closeOne(named);
    }

    @Override
    public void close() {
        while (true) {
            Named next;
            synchronized (this) {
                next = open.poll();
            }
            if (next == null) {
                return;
            }
            closeOne(next);
        }
    }

    private void closeOne(Named named) {
        try {
            named.resource().close();
        } catch (Exception e) {
            err.println("demo: warning: could not stop the " + named.name() + ": " + e.getMessage());
            err.flush();
        }
    }
}
