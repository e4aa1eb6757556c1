package dev.driftgate.gate.baseline;

import dev.driftgate.core.run.EvalRun;
import dev.driftgate.core.run.ScoresFile;
import dev.driftgate.core.scoring.ExampleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The production baseline committed as {@code baselines/production.json}. On a pull request it is read
 * as it is on the base branch (at the merge base of HEAD and the base branch), never from the PR's own
 * working tree: a PR cannot pass by editing its own baseline.
 */
public final class CommittedBaseline {
    public static final Path DEFAULT_FILE = Path.of("baselines", "production.json");
    static final String FETCH_DEPTH_FIX = "check out with full history (actions/checkout `fetch-depth: 0`, "
            + "or `git fetch origin <base>`)";

    /** A baseline run and where it was read, in words for the scorecard. */
    public record Loaded(EvalRun run, String origin) {
    }

    private final Path repoDir;
    private final String gitExecutable;

    public CommittedBaseline(Path repoDir) {
        this(repoDir, "git");
    }

    /** {@code gitExecutable}: tests point it at a missing program to simulate a runner without git. */
    public CommittedBaseline(Path repoDir, String gitExecutable) {
        this.repoDir = repoDir;
        this.gitExecutable = gitExecutable;
    }

    /** Writes the canonical baseline file (creating baselines/), as `promote` and `baseline update` do. */
    public static Path write(Path file, EvalRun run) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ScoresFile.writeCanonical(file, run);
        try {
            // the atomic write goes through a private temp file; a committed file is world-readable
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the default ACLs apply
        }
        return file;
    }

    /** The file as it is in the working tree: local runs and pushes to the default branch. */
    public Loaded fromWorkingTree(Path file) {
        Path resolved = repoDir.resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(resolved);
        } catch (NoSuchFileException e) {
            throw new BaselineUnusableException("baseline file " + file + " does not exist: " + howToCreate());
        } catch (IOException e) {
            throw new BaselineUnusableException("baseline file " + file + " cannot be read: " + e.getMessage());
        }
        return new Loaded(parse(file, bytes, "working tree"), "committed " + file + " (working tree)");
    }

    /**
     * The file as it is at the merge base of HEAD and {@code baseRef} (tried as origin/baseRef first,
     * as GitHub checks out a PR with the base only as a remote branch).
     */
    public Loaded fromBaseBranch(Path file, String baseRef) {
        // "<rev>:./path" is resolved against the working directory, so the gate can run from a subdirectory.
        Path relative = file.isAbsolute() ? repoDir.toAbsolutePath().relativize(file) : file;
        String path = ("./" + relative).replace('\\', '/');
        try {
            GitRunner git = new GitRunner(repoDir, gitExecutable);
            GitRunner.Result inside = git.run("rev-parse", "--is-inside-work-tree");
            if (!inside.ok()) {
                throw new BaselineUnusableException("cannot read the baseline from the base branch: " + repoDir
                        + " is not a git checkout (" + inside.stderr() + "); " + FETCH_DEPTH_FIX);
            }
            String base = resolve(git, baseRef);
            GitRunner.Result mergeBase = git.run("merge-base", "HEAD", base);
            if (!mergeBase.ok()) {
                String shallow = git.run("rev-parse", "--is-shallow-repository").text();
                throw new BaselineUnusableException("cannot find the merge base of HEAD and " + base
                        + ("true".equals(shallow) ? " in this shallow clone" : "") + ": " + FETCH_DEPTH_FIX);
            }
            String sha = mergeBase.text();
            GitRunner.Result show = git.run("show", sha + ":" + path);
            if (!show.ok()) {
                throw new BaselineUnusableException("baseline file " + file + " does not exist on " + base
                        + " (merge base " + abbrev(sha) + "): " + howToCreate());
            }
            String where = base + " at merge base " + abbrev(sha);
            return new Loaded(parse(file, show.stdout(), where), "committed " + file + " on " + where);
        } catch (IOException e) {
            throw new BaselineUnusableException("cannot read the baseline from the base branch: git is not available ("
                    + e.getMessage() + "); install git and " + FETCH_DEPTH_FIX);
        }
    }

    /**
     * Rejects a baseline of another dataset: one that shares no example id with the current run. A
     * changed dataset that still overlaps is compared over the shared ids (and the scorecard says so).
     */
    public static void requireSameDataset(Loaded baseline, EvalRun current) {
        Set<String> base = ids(baseline.run());
        Set<String> cur = ids(current);
        if (base.isEmpty() || cur.isEmpty()) {
            return;
        }
        if (base.stream().noneMatch(cur::contains)) {
            throw new BaselineUnusableException("baseline (" + baseline.origin() + ", run " + baseline.run().runId()
                    + ", dataset " + baseline.run().datasetVersion() + ") belongs to another dataset: it shares no example id "
                    + "with the current run (dataset " + current.datasetVersion() + "); promote a run of this dataset "
                    + "(`driftgate promote RUN` or `driftgate baseline update --scores FILE`) and commit it");
        }
    }

    private static Set<String> ids(EvalRun run) {
        return run.examples() == null ? Set.of()
                : run.examples().stream().map(ExampleResult::id).collect(Collectors.toSet());
    }

    private String resolve(GitRunner git, String baseRef) throws IOException {
        for (String candidate : new String[] {"origin/" + baseRef, baseRef}) {
            if (git.run("rev-parse", "--verify", "--quiet", candidate + "^{commit}").ok()) {
                return candidate;
            }
        }
        throw new BaselineUnusableException("base branch '" + baseRef + "' is not in this clone (a shallow clone, "
                + "or the branch was never fetched): " + FETCH_DEPTH_FIX);
    }

    private static EvalRun parse(Path file, byte[] bytes, String where) {
        try {
            return ScoresFile.readCompleted(Path.of(file + " (" + where + ")"), bytes);
        } catch (ScoresFile.InvalidScoresException e) {
            throw new BaselineUnusableException("baseline " + e.getMessage().replaceFirst("^scores file ", "file ")
                    + "; regenerate it with `driftgate baseline update --scores FILE`");
        }
    }

    private static String howToCreate() {
        return "create it with `driftgate promote RUN` or `driftgate baseline update --scores scores_output/scores.json` "
                + "and commit it to the base branch";
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
