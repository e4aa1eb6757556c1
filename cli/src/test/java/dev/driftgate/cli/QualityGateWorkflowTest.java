package dev.driftgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.driftgate.gate.github.FakeGitHub;
import dev.driftgate.gate.github.PrCommentPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality gate workflow, run as GitHub would run it: the `run:` steps of job `gate` in
 * .github/workflows/quality_gate.yml, in order, with bash, in a temporary git checkout, with the
 * variables Actions sets (a pull_request event file, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_BASE_REF),
 * a local server speaking the GitHub REST API and no provider key (so the simulator is the provider).
 * `uses:` steps are skipped; `mvn` is a no-op (the classes are already built) and `./driftgate` runs
 * this build's CLI in a fresh JVM.
 */
class QualityGateWorkflowTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String TOKEN = "ghs_workflowTestToken0123456789";
    private static final int PR = 42;
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*\\}\\}");

    @TempDir
    Path tmp;
    Path checkout;

    /** One `run:` step of the job, with its own env. */
    record Step(String name, String run, Map<String, String> env) {
    }

    /** How a workflow run ended: the step that failed (or null) and everything it printed. */
    record Outcome(String failedStep, int exitCode, String output) {
    }

    @Test
    void passesThenBlocksADegradationEvenWhenThePrEditsItsBaselineAndSaysItIsSimulated() throws Exception {
        createRepositoryWithABaselineOnMain();
        try (FakeGitHub github = new FakeGitHub(TOKEN)) {
            git("checkout", "-q", "-b", "feature");
            Files.writeString(checkout.resolve("NOTES.md"), "a harmless change\n");
            commit("harmless change");
            Outcome first = runGateJob(github);
            assertThat(first.failedStep()).as(first.output()).isNull();
            assertThat(first.output()).contains("::warning::OPENAI_API_KEY is not set", "PASS: run ",
                    "from committed baselines/production.json on origin/main at merge base", "PR comment created");
            String comment = ours(github).body();
            assertThat(comment).contains("Simulated models, no API key", "driftgate quality gate: PASS",
                    "```mermaid\nxychart-beta");
            // issue 15: the HTML report is written for the artifact upload, which names it
            assertThat(checkout.resolve("scores_output/report.html")).isRegularFile();
            assertThat(Files.readString(checkout.resolve("scores_output/report.html"))).contains("<html");
            assertThat(Files.readString(checkout.resolve(".github/workflows/quality_gate.yml")))
                    .contains("scores_output/report.html", "actions/upload-artifact");

            // the PR degrades the model: blocked, and the same comment is updated
            Files.writeString(checkout.resolve("config/model_version.yaml"),
                    Files.readString(checkout.resolve("config/model_version.yaml"))
                            .replace("current_model: openai/sim-good", "current_model: openai/sim-slipping"));
            commit("switch to a weaker model");
            Outcome degraded = runGateJob(github);
            assertThat(degraded.failedStep()).as(degraded.output()).isEqualTo("Quality gate");
            assertThat(degraded.exitCode()).isEqualTo(1);
            assertThat(degraded.output()).contains("BLOCKED", "below the production baseline", "PR comment updated");
            assertThat(ours(github).body()).contains("driftgate quality gate: BLOCKED");

            // ... and lowers its own baseline to hide the drop: the base branch's baseline still applies
            Path degradedScores = checkout.resolve("scores_output/scores.json");
            run(List.of("./driftgate", "baseline", "update", "--scores", degradedScores.toString()), Map.of());
            commit("hide the drop in the baseline");
            Outcome hidden = runGateJob(github);
            assertThat(hidden.failedStep()).as(hidden.output()).isEqualTo("Quality gate");
            assertThat(hidden.output()).contains("BLOCKED", "below the production baseline");
            assertThat(github.comments(PR).stream().filter(c -> c.body().contains(PrCommentPublisher.MARKER))).hasSize(1);
            assertThat(first.output() + degraded.output() + hidden.output()).doesNotContain(TOKEN);
        }
    }

    private static String category(String jsonLine) {
        Matcher m = Pattern.compile("\"category\"\\s*:\\s*\"([^\"]+)\"").matcher(jsonLine);
        return m.find() ? m.group(1) : "";
    }

    private FakeGitHub.Comment ours(FakeGitHub github) {
        List<FakeGitHub.Comment> mine = github.comments(PR).stream()
                .filter(c -> c.body().contains(PrCommentPublisher.MARKER)).toList();
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    /** main: config, 20 prompts, the workflow, and a baseline from the production model, committed. */
    private void createRepositoryWithABaselineOnMain() throws Exception {
        Path origin = tmp.resolve("origin");
        Files.createDirectories(origin);
        copyTree(ROOT.resolve("config"), origin.resolve("config"));
        Path dataset = origin.resolve("config/dataset_config.yaml");
        Files.writeString(dataset, Files.readString(dataset).replace("min_examples: 25", "min_examples: 4"));
        Path sim = origin.resolve("config/simulator.yaml");
        Files.writeString(sim, Files.readString(sim).replace("models:\n", "models:\n"
                + "  - name: sim-slipping                    # workflow test: below production, above the minimums\n"
                + "    quality: 0.75\n"
                + "    latency: { distribution: fixed, ms: 5 }\n"
                + "    rate_limit_rate: 0.0\n    retry_after_seconds: 1\n    server_error_rate: 0.0\n"
                + "    malformed_json_rate: 0.0\n"));
        Files.createDirectories(origin.resolve("data/raw"));
        Map<String, Integer> perCategory = new HashMap<>();
        List<String> prompts = Files.readAllLines(ROOT.resolve("data/raw/prompts.jsonl")).stream()
                .filter(line -> !line.isBlank())
                .filter(line -> perCategory.merge(category(line), 1, Integer::sum) <= 4)
                .toList();
        Files.write(origin.resolve("data/raw/prompts.jsonl"), prompts);
        Files.createDirectories(origin.resolve(".github/workflows"));
        Files.copy(ROOT.resolve(".github/workflows/quality_gate.yml"), origin.resolve(".github/workflows/quality_gate.yml"));
        Files.writeString(origin.resolve(".gitignore"), ".driftgate/\nscores_output/\ndata/eval/\n");
        Path classpath = tmp.resolve("classpath.txt");
        Files.writeString(classpath, System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(origin.resolve("driftgate"), "#!/usr/bin/env bash\nexec \"" + java + "\" -Xmx768m -cp \"$(cat '"
                + classpath + "')\" dev.driftgate.cli.DriftgateCli \"$@\"\n");
        origin.resolve("driftgate").toFile().setExecutable(true);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"mvn $* (skipped: classes already built)\"\n");
        bin.resolve("mvn").toFile().setExecutable(true);

        checkout = origin;
        git("init", "-q", "-b", "main");
        git("config", "user.email", "ci@example.com");
        git("config", "user.name", "ci");
        git("config", "commit.gpgsign", "false");
        for (List<String> cmd : List.of(List.of("./driftgate", "dataset", "build"),
                List.of("./driftgate", "eval", "--sim", "--tag", "env=ci"),
                List.of("./driftgate", "baseline", "update", "--scores", "scores_output/scores.json"))) {
            Outcome o = run(cmd, Map.of("DRIFTGATE_HOME", origin.resolve(".driftgate").toString()));
            assertThat(o.exitCode()).as(o.output()).isZero();
        }
        commit("production baseline");
        // what actions/checkout with fetch-depth: 0 gives a pull request: a clone with origin/main
        checkout = tmp;
        run(List.of("git", "clone", "-q", origin.toString(), "checkout"), Map.of());
        checkout = tmp.resolve("checkout");
        git("config", "user.email", "ci@example.com");
        git("config", "user.name", "ci");
        git("config", "commit.gpgsign", "false");
        Files.copy(origin.resolve("driftgate"), checkout.resolve("driftgate"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs job `gate`'s run: steps in order, stopping at the first failure, as Actions does. */
    private Outcome runGateJob(FakeGitHub github) throws Exception {
        Path event = tmp.resolve("event.json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"pull_request\":{\"number\":" + PR + "}}");
        Map<String, String> context = new HashMap<>();
        context.put("github.workspace", checkout.toString());
        context.put("secrets.GITHUB_TOKEN", TOKEN);
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_EVENT_NAME", "pull_request");
        env.put("GITHUB_EVENT_PATH", event.toString());
        env.put("GITHUB_BASE_REF", "main");
        env.put("GITHUB_HEAD_REF", "feature");
        env.put("GITHUB_REF_NAME", PR + "/merge");
        env.put("GITHUB_REPOSITORY", "acme/widgets");
        env.put("GITHUB_API_URL", github.apiUrl());
        env.put("GITHUB_STEP_SUMMARY", Files.createTempFile(tmp, "summary", ".md").toString());
        env.put("GITHUB_OUTPUT", Files.createTempFile(tmp, "output", ".txt").toString());
        StringBuilder all = new StringBuilder();
        JsonNode job = new ObjectMapper(new YAMLFactory())
                .readTree(checkout.resolve(".github/workflows/quality_gate.yml").toFile()).path("jobs").path("gate");
        job.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), substitute(e.getValue().asText(), context)));
        for (Step step : steps(job, context)) {
            Map<String, String> stepEnv = new HashMap<>(env);
            stepEnv.putAll(step.env());
            Outcome o = run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.run()), stepEnv);
            all.append("== ").append(step.name()).append('\n').append(o.output());
            if (o.exitCode() != 0) {
                return new Outcome(step.name(), o.exitCode(), all.toString());
            }
        }
        return new Outcome(null, 0, all.toString());
    }

    private static List<Step> steps(JsonNode job, Map<String, String> context) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : job.path("steps")) {
            if (!s.has("run")) {
                continue; // uses: actions are GitHub's, not ours
            }
            Map<String, String> env = new HashMap<>();
            s.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), substitute(e.getValue().asText(), context)));
            steps.add(new Step(s.path("name").asText(s.path("run").asText()), substitute(s.path("run").asText(), context), env));
        }
        return steps;
    }

    /** ${{ secrets.X }}, ${{ vars.X }}, ${{ github.x }}: from the context, "" when unset, as on GitHub. */
    private static String substitute(String text, Map<String, String> context) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(context.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private Outcome run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        // nothing from this machine's environment may switch a store, a key or a model on
        pb.environment().keySet().removeIf(k -> k.startsWith("DRIFTGATE_") || k.startsWith("GITHUB_")
                || k.endsWith("_API_KEY") || k.endsWith("_BASE_URL") || k.equals("SLACK_WEBHOOK_URL"));
        pb.environment().putAll(env);
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + pb.environment().get("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command + " timed out:\n" + out);
        }
        return new Outcome(null, p.exitValue(), out);
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Outcome o = run(cmd, Map.of());
        assertThat(o.exitCode()).as(o.output()).isZero();
    }

    private void commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
