package dev.driftgate.gate.baseline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code git} in a working directory; the one place the gate starts a process. */
final class GitRunner {
    private static final long TIMEOUT_SECONDS = 60;

    /** What one git command printed and how it exited. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String text() {
            return new String(stdout, StandardCharsets.UTF_8).trim();
        }
    }

    private final Path workDir;
    private final String executable;

    GitRunner(Path workDir, String executable) {
        this.workDir = workDir;
        this.executable = executable;
    }

    /** Runs git; IOException means git could not be started at all (not installed, not on PATH). */
    Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        process.getOutputStream().close();
        // Both streams are drained concurrently: a large `git show` must not block on a full stderr pipe.
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
        return new Result(process.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8).trim());
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
