package dev.driftgate.gate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, one process per call: --dump-dom prints the DOM after the page's
 * scripts ran; --screenshot writes a PNG. CI installs chromium in .ci/run; tests skip (with an
 * assumption message) only where it is absent. The flags keep it off this offline machine's network
 * (background networking, component updates, sync) and give it a fresh profile every time.
 */
public final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    /** What one run printed: stdout (the DOM for --dump-dom) and stderr (the console log). */
    public record Output(int exitCode, String stdout, String stderr) {
    }

    private final Path binary;
    private final Path workDir;

    private HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    public static Optional<HeadlessChromium> find(Path workDir) {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .map(b -> new HeadlessChromium(b, workDir));
    }

    public Output dumpDom(Path html) throws IOException, InterruptedException {
        return run("--dump-dom", html.toUri().toString());
    }

    public Output screenshot(Path html, Path png) throws IOException, InterruptedException {
        return run("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1900", "--hide-scrollbars",
                html.toUri().toString());
    }

    private Output run(String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path profile = Files.createTempDirectory(workDir, "profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve("stdout-" + System.nanoTime());
        Path err = workDir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 90 s: " + cmd);
        }
        Output o = new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        deleteQuietly(profile);
        return o;
    }

    /** Lines of the log that report a page error: an uncaught exception or a console.error call. */
    public static List<String> consoleErrors(String stderr) {
        return stderr.lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
                .filter(l -> !l.contains("CONSOLE") || l.contains(":ERROR:") || l.contains("Uncaught")
                        || l.contains("error"))
                .toList();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover profile under target/ does no harm
        }
    }
}
