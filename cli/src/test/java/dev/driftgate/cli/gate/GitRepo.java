package dev.driftgate.cli.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real temporary git repository for tests: git is run as a user would run it. */
record GitRepo(Path dir) {

    static GitRepo init(Path dir) throws Exception {
        Files.createDirectories(dir);
        GitRepo repo = new GitRepo(dir);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.email", "test@example.com");
        repo.git("config", "user.name", "test");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out.trim();
    }

    void commitAll(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
    }

    void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
